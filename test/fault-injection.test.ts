/**
 * The fault-injection suite (issue 15): real worker processes on real SQLite and PostgreSQL, with
 * kill -9 of random workers, SIGSTOP past the lease then SIGCONT, an external SQLite write lock,
 * pg_terminate_backend of random workers' connections, and a PostgreSQL restart mid-study (on a
 * private cluster started for the test, never the shared server). Each scenario asserts exactly one
 * stored result per trial, counters that agree, no lost trial and every survivor exiting 0, and
 * prints its figures (`fault suite: {...}`) and writes them to test-artifacts/fault-suite.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, it } from 'vitest';
import { PG_URL, tempDir, uniqueName, warnIfNoPostgres, withSchema } from '../packages/search/test/fixtures/storage/backends.js';
import { systemAvailable } from './support/system.js';
import { killRandom, runScenario, stallRandom, type Fault, type FaultReport } from './faults/harness.js';
import { postgresBin, startPrivatePostgres } from './faults/private-postgres.js';

const reports: FaultReport[] = [];
afterAll(() => {
  if (reports.length === 0) return;
  const dir = join(import.meta.dirname, '..', 'test-artifacts');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'fault-suite.json'), JSON.stringify(reports, null, 2) + '\n');
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('fault injection: SQLite', () => {
  it('8 workers, 500 trials: kill -9 ×3, a SIGSTOP past staleMs, an external write lock', async () => {
    const path = join(tempDir(), 'faults.db');
    const lock: Fault = {
      atAcks: 330,
      name: 'external SQLite lock (1.5 s)',
      fire: async () => {
        const db = new Database(path);
        db.exec('BEGIN IMMEDIATE');
        await sleep(1500);
        db.exec('COMMIT');
        db.close();
        return undefined;
      },
    };
    reports.push(
      await runScenario({
        scenario: 'sqlite',
        url: `sqlite:${path}`,
        study: 'faults',
        workers: 8,
        total: 500,
        delayMs: 20,
        faults: [killRandom(40), killRandom(120), killRandom(200), stallRandom(260), lock],
      }),
    );
  }, 300_000);
});

warnIfNoPostgres();
describe.runIf(PG_URL)('fault injection: PostgreSQL', () => {
  it('8 workers, 500 trials: kill -9 ×2, pg_terminate_backend ×4, a SIGSTOP past staleMs', async () => {
    const admin = new pg.Client({ connectionString: PG_URL });
    admin.on('error', () => undefined);
    await admin.connect();
    const terminate = (atAcks: number): Fault => ({
      atAcks,
      name: 'pg_terminate_backend',
      fire: async (live) => {
        const w = live[Math.floor(Math.random() * live.length)]!;
        await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name LIKE $1`, [
          `tsglove %:${w.proc.pid}:%`,
        ]);
        return undefined;
      },
    });
    try {
      reports.push(
        await runScenario({
          scenario: 'postgres',
          url: withSchema(PG_URL!, uniqueName('faults')),
          study: 'faults',
          workers: 8,
          total: 500,
          delayMs: 20,
          faults: [killRandom(50), terminate(100), terminate(160), killRandom(200), terminate(240), stallRandom(280), terminate(360)],
        }),
      );
    } finally {
      await admin.end();
    }
  }, 300_000);
});

const bin = postgresBin();
describe.runIf(
  systemAvailable(bin !== undefined, {
    what: 'PostgreSQL server binaries (initdb, pg_ctl) for a private cluster',
    enable: 'apt-get install postgresql',
  }),
)('fault injection: PostgreSQL restart', () => {
  it('4 workers, 200 trials: the server restarts mid-study and every worker carries on', async () => {
    const server = await startPrivatePostgres(bin!);
    try {
      const restart: Fault = {
        atAcks: 60,
        name: 'PostgreSQL restart',
        fire: async () => {
          server.restart();
          return undefined;
        },
      };
      reports.push(
        await runScenario({
          scenario: 'postgres-restart',
          url: server.url,
          study: 'restart',
          workers: 4,
          total: 200,
          delayMs: 20,
          faults: [restart],
        }),
      );
    } finally {
      server.stop();
    }
  }, 300_000);
});
