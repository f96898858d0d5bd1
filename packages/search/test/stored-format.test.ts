/**
 * The stored record format (`storage/records.ts`): a study written before the format had a version
 * (`fixtures/stored-format/study-v0.json`, written by the committed `make-v0.ts` on the code of that
 * time) reads through the migration with every field typed, and resumes to what it resumed to then;
 * a newer format and a badly typed field are refused with errors naming them; what `Study` writes
 * reads back (fast-check over user metadata and objective names).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { floatValue, oneOf } from '@tsglove/symbolic';
import {
  MemoryStorage,
  RECORD_FORMAT_VERSION,
  readStudyRecords,
  regularizedEvolution,
  StorageError,
  storedStudy,
  Study,
  type StudyStorage,
} from '../src/index.js';
import { migrationStatements } from '../src/storage/schema.js';
import { openSqlite } from '../src/storage/sqlite.js';
import { closeStorage, tempDir } from './fixtures/storage/backends.js';

type Rows = Record<string, Record<string, unknown>[]>;
const fixture = JSON.parse(readFileSync(new URL('./fixtures/stored-format/study-v0.json', import.meta.url), 'utf8')) as Rows & {
  resumed: { cli: Array<{ id: number; dna: unknown }> };
};

// The space, score and algorithm of make-v0.ts.
const space = { width: oneOf([16, 32, 64]), act: oneOf(['relu', 'swish']), lr: floatValue(0.001, 0.1) };
type Point = { width: number; act: string; lr: number };
const score = (v: Point) => v.width / 64 + (v.act === 'swish' ? 0.1 : 0) - v.lr;
const algo = () => regularizedEvolution({ populationSize: 3, tournamentSize: 2, seed: 7 });

const opened: StudyStorage[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await closeStorage(s);
});

/** A SQLite study database holding the fixture's rows as they were stored (running leases expired). */
function fixtureDatabase(): string {
  const path = join(tempDir(), 'v0.db');
  const db = new Database(path);
  const schemaVersion = Number(fixture.tsglove_meta!.find((r) => r.key === 'schema_version')!.value);
  expect(schemaVersion).toBe(2); // the SQL schema of that time; its own migrations are tested elsewhere
  for (const sql of migrationStatements('sqlite', 0)) db.exec(sql);
  for (const table of ['tsglove_meta', 'tsglove_studies', 'tsglove_trials', 'tsglove_measurements']) {
    for (const row of fixture[table]!) {
      const keys = Object.keys(row);
      db.prepare(`INSERT INTO ${table} (${keys.join(', ')}) VALUES (${keys.map(() => '?').join(', ')})`).run(...keys.map((k) => row[k]));
    }
  }
  db.prepare(`UPDATE tsglove_trials SET lease_until = 0 WHERE status = 'running'`).run();
  db.close();
  return path;
}

describe('a study stored before the record format had a version (format 0)', () => {
  it('reads through the migration, every field typed', async () => {
    const storage = openSqlite(fixtureDatabase());
    opened.push(storage);
    const { study, trials } = (await readStudyRecords(storage, 'cli'))!;
    expect(study.metadata.formatVersion).toBe(RECORD_FORMAT_VERSION);
    expect(study.metadata.objectives).toEqual(['accuracy']);
    expect(study.metadata.decisions).toEqual(['width', 'act', 'lr']);
    expect(study.metadata.module).toBe('space.ts');
    expect(study.metadata.spaceKey).toMatch(/^[0-9a-f]{16}$/);
    expect((study.metadata.algorithmConfig as { name: string }).name).toBe('regularizedEvolution');
    expect(trials.map((t) => t.status)).toEqual([
      'completed',
      'completed',
      'infeasible',
      'failed',
      'infeasible',
      'completed',
      'completed',
      'running',
      'pending',
    ]);
    const [enqueued, proposed, pruned] = trials;
    expect(enqueued!.metadata).toMatchObject({ enqueued: true, params: { width: 64, act: 'swish', lr: 0.01 }, user: { host: 'gpu-1' } });
    expect(enqueued!.metadata.links).toEqual({ tensorboard: 'http://tb/1' });
    expect(enqueued!.metadata.proposal).toBeUndefined();
    expect(proposed!.metadata.proposal).toBe(1); // trial id − 1: the enqueued trial 1 took number 0
    expect(proposed!.metadata.lineage).toBeDefined();
    expect(pruned!.metadata.pruned).toBe(true);
    expect(pruned!.measurements).toHaveLength(1);
    const warm = (await readStudyRecords(storage, 'warm'))!.study;
    expect(warm.metadata.warmStart).toHaveLength(4);
    expect(warm.metadata.warmStart![0]).toEqual({ dna: [null, 2, 1, 0.01], reward: 1.09 });
  });

  it('resumes to the trials it resumed to when it was written', async () => {
    const storage = openSqlite(fixtureDatabase());
    opened.push(storage);
    const study = await Study.create(space, algo(), { storage, name: 'cli' });
    const next = [];
    for (let i = 0; i < fixture.resumed.cli.length; i++) {
      const fb = await study.ask();
      next.push({ id: fb.id, dna: fb.dna.toJSON() });
      await fb.report(score(fb.example as Point));
    }
    expect(next).toEqual(fixture.resumed.cli);
  });
});

describe('refused records', () => {
  const record = (metadata: Record<string, unknown>) => ({ name: 's', algorithm: 'random', seed: 1, createdAt: 0, metadata });

  it('a newer format names both versions', () => {
    expect(() => storedStudy(record({ formatVersion: 99 }))).toThrow(StorageError);
    expect(() => storedStudy(record({ formatVersion: 99 }))).toThrow(
      /study "s": stored in record format 99 by a newer tsglove; this one reads up to format 1/,
    );
  });

  it('a badly typed field names its path', async () => {
    expect(() => storedStudy(record({ objectives: ['acc', 2] }))).toThrow(/study "s": metadata\.objectives\[1\]: expected str, got 2/);
    expect(() => storedStudy(record({ decisions: 'width' }))).toThrow(/metadata\.decisions: expected list/);
    // Refused when a study is created with it, before anything is stored.
    const storage = new MemoryStorage();
    await expect(Study.create(space, algo(), { storage, name: 'x', metadata: { objectives: [1] } })).rejects.toThrow(
      /metadata\.objectives\[0\]/,
    );
    expect(await storage.getStudy('x')).toBeUndefined();
  });
});

describe('what Study writes reads back', () => {
  it('user metadata and objectives survive, the format version is written (property)', async () => {
    const userKey = fc
      .string({ minLength: 1, maxLength: 8 })
      .filter(
        (k) =>
          ![
            'formatVersion',
            'decisions',
            'spaceKey',
            'algorithmConfig',
            'warmStart',
            'objectives',
            'module',
            'accelerator',
            '__proto__',
            'constructor',
          ].includes(k),
      );
    const json = fc.jsonValue({ maxDepth: 2 });
    await fc.assert(
      fc.asyncProperty(fc.dictionary(userKey, json, { maxKeys: 4 }), fc.array(fc.string(), { maxLength: 3 }), async (user, objectives) => {
        const storage = openSqlite(join(tempDir(), 'p.db'));
        opened.push(storage);
        await Study.create(space, algo(), { storage, name: 'p', metadata: { ...user, objectives } });
        const { study } = (await readStudyRecords(storage, 'p'))!;
        expect(study.metadata.formatVersion).toBe(RECORD_FORMAT_VERSION);
        expect(study.metadata.objectives).toEqual(objectives);
        for (const [k, v] of Object.entries(user)) expect(study.metadata[k], k).toEqual(JSON.parse(JSON.stringify(v)));
      }),
      { numRuns: 25, verbose: true },
    );
  });
});
