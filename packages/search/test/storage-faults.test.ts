/**
 * In-process storage faults of issue 15: PostgreSQL connections terminated under a worker's feet
 * (`pg_terminate_backend`), an unreachable server, and a SQLite file locked by another process
 * while the heartbeat beats. Before the fix each of these killed the process (an uncatchable
 * `'error'` event, or an uncaught `database is locked` thrown from the heartbeat timer).
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { StorageError } from '../src/errors.js';
import { openPostgres, type PostgresStorage } from '../src/storage/postgres.js';
import { openSqlite } from '../src/storage/sqlite.js';
import type { SharedStudyStorage } from '../src/storage/shared-store.js';
import { PG_URL, tempDir, uniqueName, warnIfNoPostgres, withSchema } from './fixtures/storage/backends.js';

warnIfNoPostgres();
const toClose: SharedStudyStorage[] = [];
afterAll(async () => {
  for (const s of toClose) await s.close();
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Polls `ok` every 20 ms (the test's own timeout bounds it). */
async function until(ok: () => boolean): Promise<void> {
  while (!ok()) await sleep(20);
}

describe.runIf(PG_URL)('PostgreSQL: dropped connections', () => {
  it('a worker whose connections are terminated again and again carries on; every write lands once', async () => {
    const storage = (await openPostgres(withSchema(PG_URL!, uniqueName('term')), { heartbeatMs: 50 })) as PostgresStorage;
    toClose.push(storage);
    await storage.createStudy({ name: 't', algorithm: 'random', seed: 1, metadata: {} });
    const admin = new pg.Client({ connectionString: PG_URL });
    admin.on('error', () => undefined);
    await admin.connect();
    let killed = 0;
    let stop = false;
    const killer = (async () => {
      while (!stop) {
        const r = await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1`, [
          `tsglove ${storage.workerId}`.slice(0, 63),
        ]);
        killed += r.rowCount ?? 0;
        await sleep(100 + Math.random() * 100);
      }
    })();
    for (let i = 0; i < 40; i++) {
      const got = (await storage.acquireTrial('t', { propose: ({ numTrials }) => ({ dna: numTrials }) }))!;
      await storage.updateTrial('t', got.trial.id, { status: 'completed', reward: i }, { lease: got.trial.lease });
    }
    stop = true;
    await killer;
    await admin.end();
    expect(killed).toBeGreaterThan(0);
    expect(storage.retries).toBeGreaterThan(0);
    const trials = await storage.listTrials('t');
    expect(trials.length).toBeGreaterThanOrEqual(40); // an acquire retried after a lost COMMIT ack may leave an extra trial…
    const done = trials.filter((t) => t.status === 'completed');
    expect(done.map((t) => t.reward)).toEqual(Array.from({ length: 40 }, (_, i) => i)); // …but every result lands once
    expect((await storage.listStudies())[0]!.numCompleted).toBe(40);
  });

  it('an unreachable server surfaces as a catchable StorageError after the retries', async () => {
    const url = new URL(PG_URL!);
    url.port = '9'; // discard: nothing listens
    const error = await openPostgres(url.toString(), { retry: { retries: 2, baseMs: 5 } }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StorageError);
    expect((error as Error).message).toMatch(/still failing after 2 retries|ECONNREFUSED/);
  });
});

describe('SQLite: a file locked by another process', () => {
  it('the heartbeat thread rides out an external BEGIN IMMEDIATE longer than its busy timeout; the process keeps running', async () => {
    const path = join(tempDir(), 'locked.db');
    const storage = openSqlite(path, { heartbeatMs: 40, staleMs: 5000, busyTimeoutMs: 100 });
    toClose.push(storage);
    await storage.createStudy({ name: 'l', algorithm: 'random', seed: 1, metadata: {} });
    const got = (await storage.acquireTrial('l', { propose: () => ({ dna: 1 }) }))!;
    await until(() => storage.heartbeats.beats > 0);
    const before = storage.heartbeats.beats;
    const other = new Database(path);
    other.exec('BEGIN IMMEDIATE'); // another process holds the write lock
    await until(() => storage.heartbeats.errors > 0); // beats fail while the lock is held…
    // Main-thread writes past busyTimeoutMs fail with a catchable StorageError, not a crash.
    await expect(storage.updateTrial('l', got.trial.id, { status: 'completed', reward: 1 }, { lease: got.trial.lease })).rejects.toThrow(
      StorageError,
    );
    other.exec('COMMIT');
    other.close();
    await until(() => storage.heartbeats.beats > before); // …and go through again once it is released
    const done = await storage.updateTrial('l', got.trial.id, { status: 'completed', reward: 1 }, { lease: got.trial.lease });
    expect(done.status).toBe('completed');
  });
});
