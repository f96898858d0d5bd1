/**
 * Bad storages give a clear error and change nothing: a corrupt or foreign SQLite file (bytes
 * compared before/after, no -wal/-shm left behind), a newer schema, a wrong URL, an unreachable
 * server, and a study name that exists with another space.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { oneOf } from '@tsglove/symbolic';
import { openStorage, random, sample, StorageError, Study, type SharedStudyStorage } from '@tsglove/search';
import { PG_URL, tempDir, uniqueName, warnIfNoPostgres, withSchema } from '../packages/search/test/fixtures/storage/backends.js';

const toClose: SharedStudyStorage[] = [];
afterAll(async () => {
  for (const s of toClose) await s.close();
});

/** Expects opening `sqlite:<path>` to fail with `message` and leave the file's bytes as they were. */
async function expectRefused(path: string, message: RegExp): Promise<void> {
  const before = readFileSync(path);
  const error = await openStorage(`sqlite:${path}`).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StorageError);
  expect((error as Error).message).toMatch(message);
  expect((error as Error).message).toContain(path);
  expect(readFileSync(path).equals(before)).toBe(true);
  expect(existsSync(`${path}-wal`)).toBe(false);
}

describe('SQLite files that are not ours', () => {
  it('refuses a file of random bytes', async () => {
    const path = join(tempDir(), 'random.db');
    writeFileSync(path, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256)));
    await expectRefused(path, /not a SQLite database \(no SQLite header\); nothing was changed/);
  });

  it('refuses a file with a SQLite header and garbage after it', async () => {
    const path = join(tempDir(), 'corrupt.db');
    writeFileSync(path, Buffer.concat([Buffer.from('SQLite format 3\0', 'latin1'), Buffer.alloc(4080, 0xab)]));
    await expectRefused(path, /not a usable SQLite study database/);
  });

  it('refuses a study database whose pages are damaged', async () => {
    const path = join(tempDir(), 'damaged.db');
    const s = (await openStorage(`sqlite:${path}`)) as SharedStudyStorage;
    await s.createStudy({ name: 'x', algorithm: 'random', seed: 0, metadata: {} });
    await s.close();
    const bytes = readFileSync(path);
    bytes.fill(0xee, 100, bytes.length); // keep the header, wreck the schema page and the rest
    writeFileSync(path, bytes);
    await expectRefused(path, /not a usable SQLite study database|malformed|not a database/);
  });

  it('names the file and the fix when a page of a study is damaged after it was opened', async () => {
    const path = join(tempDir(), 'page.db');
    const s = (await openStorage(`sqlite:${path}`)) as SharedStudyStorage;
    await s.createStudy({ name: 'x', algorithm: 'random', seed: 0, metadata: {} });
    for (let i = 0; i < 200; i++) await s.createTrial('x', { dna: [null, i, 'a'.repeat(50)], status: 'pending' });
    await s.close();
    const db = new Database(path, { readonly: true });
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const root = (db.prepare(`SELECT rootpage FROM sqlite_master WHERE name = 'tsglove_trials'`).get() as { rootpage: number }).rootpage;
    db.close();
    const bytes = readFileSync(path);
    bytes.fill(0xee, (root - 1) * pageSize, root * pageSize); // the trials table's root page
    writeFileSync(path, bytes);
    const damaged = (await openStorage(`sqlite:${path}`)) as SharedStudyStorage; // the schema page is intact
    toClose.push(damaged);
    const error = await damaged.listTrials('x').then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(StorageError);
    expect(error!.message).toContain(`sqlite:${path}: the database file is damaged (database disk image is malformed)`);
    expect(error!.message).toMatch(/Restore it from a backup, or recover .* with `sqlite3 .*page\.db \.recover \| sqlite3 recovered\.db`/);
  });

  it('refuses a foreign SQLite database and names its tables', async () => {
    const path = join(tempDir(), 'foreign.db');
    const db = new Database(path);
    db.exec(`CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO users (name) VALUES ('ada')`);
    db.close();
    await expectRefused(path, /other tables \(users\); not a tsglove study database, nothing was changed/);
  });

  it('refuses a study database written by a newer schema version', async () => {
    const path = join(tempDir(), 'newer.db');
    await ((await openStorage(`sqlite:${path}`)) as SharedStudyStorage).close();
    const db = new Database(path);
    db.pragma('journal_mode = DELETE');
    db.prepare(`UPDATE tsglove_meta SET value = '99' WHERE key = 'schema_version'`).run();
    db.close();
    await expectRefused(path, /schema version 99 was written by a newer tsglove; this one reads up to version 2/);
  });
});

describe('wrong URLs', () => {
  it('lists the accepted forms for an unknown scheme', async () => {
    await expect(openStorage('mysql://root:secret@db/x')).rejects.toThrow(
      /"mysql:\/\/root:\*\*\*@db\/x" is not one of `memory:`, `sqlite:<path>`/,
    );
    await expect(openStorage('')).rejects.toThrow(StorageError);
    await expect(openStorage('sqlite:')).rejects.toThrow(/has no file path/);
  });

  it('names the server it cannot reach (without the password)', async () => {
    const error = await openStorage('postgres://me:hunter2@127.0.0.1:1/nowhere').then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(StorageError);
    expect(error!.message).toMatch(/^postgres:\/\/me:\*\*\*@127\.0\.0\.1:1\/nowhere: cannot open the study database: .*ECONNREFUSED/);
    expect(error!.message).not.toContain('hunter2');
  });

  it('refuses a schema name that is not a plain identifier', async () => {
    await expect(openStorage('postgres://127.0.0.1:1/x?schema=a;drop')).rejects.toThrow(/schema "a;drop" is not a plain SQL identifier/);
  });
});

warnIfNoPostgres();
const studyTargets: Array<[string, () => string]> = [['sqlite', () => `sqlite:${join(tempDir(), 'space.db')}`]];
if (PG_URL) studyTargets.push(['postgres', () => withSchema(PG_URL!, uniqueName('space'))]);

describe.each(studyTargets)('a study name that exists with another space: %s', (name, makeUrl) => {
  it('is an error naming both spaces, and the study is unchanged', async () => {
    const url = makeUrl();
    const storage = (await openStorage(url)) as SharedStudyStorage;
    toClose.push(storage);
    for await (const [ex, fb] of sample({ a: oneOf([1, 2, 3]) }, random({ seed: 1 }), { storage, name: 'exp', numExamples: 3 }))
      await fb.report(ex.a);
    const trialsBefore = await storage.listTrials('exp');
    const studyBefore = await storage.getStudy('exp');
    const path = url.slice('sqlite:'.length);
    const bytesBefore = name === 'sqlite' ? readFileSync(path) : undefined;
    const error = await Study.create({ a: oneOf([1, 2, 3, 4]) }, random({ seed: 1 }), { storage: url, name: 'exp' }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(StorageError);
    expect(error!.message).toMatch(
      /study "exp" exists with another search space \(stored space key [0-9a-f]{16}, this space [0-9a-f]{16}\)/,
    );
    expect(await storage.listTrials('exp')).toEqual(trialsBefore);
    expect(await storage.getStudy('exp')).toEqual(studyBefore);
    if (bytesBefore) expect(readFileSync(path).equals(bytesBefore)).toBe(true);
    // The same space resumes fine.
    const resumed = await Study.create({ a: oneOf([1, 2, 3]) }, random({ seed: 1 }), { storage, name: 'exp' });
    expect(resumed.numCompleted).toBe(3);
  });
});
