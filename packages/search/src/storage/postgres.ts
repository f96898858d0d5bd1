/**
 * PostgreSQL {@link SharedStudyStorage} (`pg`): many workers on many machines share a study by
 * name. Pending trials (re-queued from dead workers) are claimed with `SELECT … FOR UPDATE SKIP
 * LOCKED`, so concurrent workers never take the same one; new trials are numbered while the
 * study's row is locked, so ids are unique and the study stops at `maxTrials`. Each claim carries a
 * lease (fencing, `fence.ts`) that a heartbeat thread (`heartbeat.ts`) extends; a trial whose lease
 * expired (times on the server's clock) is re-queued by the next process that asks for a trial,
 * opens the study, or reaps it. Every pooled client has an `'error'` listener, and transient errors
 * (dropped connections, a server restart, serialization failures) are retried with backoff and
 * jitter (`retry.ts`), then surface as a catchable {@link StorageError}.
 *
 * URL: `postgres://user:pass@host:port/db?schema=name` — `schema` (default `public`) is created if
 * missing and holds the `tsglove_*` tables (see `schema.ts`); other tables in it are left alone.
 */
import type pg from 'pg';
import { loadPg } from './load-pg.js';
import type { DNAJSON } from '@tsglove/symbolic';
import { SearchError, StaleTrialError, StorageError } from '../errors.js';
import type { LeaseCheck, Measurement, StudyRecord, TrialRecord, TrialStatus, TrialUpdate } from './storage.js';
import { fenceMeasurement, fenceWrite } from './fence.js';
import { LeaseKeeper, PG_NOW_MS as NOW } from './heartbeat.js';
import { withRetry, type RetryOptions } from './retry.js';
import {
  checkSchema,
  encodeJSON,
  FORMAT,
  migrationStatements,
  newWorkerId,
  SCHEMA_VERSION,
  studyFromRow,
  trialFromRow,
  type StudyRow,
  type TrialRow,
} from './schema.js';
import {
  DEFAULT_HEARTBEAT_MS,
  DEFAULT_STALE_MS,
  type AcquiredTrial,
  type AcquireOptions,
  type HeartbeatOptions,
  type SharedStudyStorage,
  type StudySummary,
} from './shared-store.js';

/** Options of {@link openPostgres}. */
export interface PostgresOptions extends HeartbeatOptions {
  /** Connections in this worker's pool (default 4). */
  poolSize?: number;
  /** Retries of transient errors (see `retry.ts`; default 8 retries, 100 ms to 5 s backoff). */
  retry?: RetryOptions;
}

/**
 * The URL without its credentials, for messages and pages: the password (`user:***@`) and secret
 * query parameters (`password`, `sslkey`, `sslpassword`...). Text that is not a URL is returned with
 * any `scheme://user:pass@` inside it redacted, so error messages that quote a URL are safe too.
 */
export function redactUrl(url: string): string {
  const masked = url.replace(/([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*):[^@\s]*@/gi, '$1:***@');
  return masked.replace(/([?&](?:password|pass|pwd|sslpassword|sslkey|secret|token)=)[^&\s]*/gi, '$1***');
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** Connects to the server at `url`, creating or migrating the schema; see the module comment. */
export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<PostgresStorage> {
  const where = redactUrl(url);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new StorageError(`${where}: not a URL (expected postgres://user@host:port/database)`, 'url');
  }
  const schema = parsed.searchParams.get('schema') ?? 'public';
  if (!IDENT.test(schema)) throw new StorageError(`${where}: schema ${JSON.stringify(schema)} is not a plain SQL identifier`, 'url');
  parsed.searchParams.delete('schema');
  const { Pool } = await loadPg(where);
  const connectionString = parsed.toString();
  const workerId = newWorkerId();
  // The application name names the worker in pg_stat_activity (operators, and the fault tests, find its connections).
  const application_name = `tsglove ${workerId}`.slice(0, 63);
  const pool = new Pool({
    connectionString,
    application_name,
    max: options.poolSize ?? 4,
    options: `-c search_path=${schema}`,
    connectionTimeoutMillis: 10_000,
  });
  pool.on('error', () => undefined); // an idle client's error surfaces on the next query
  try {
    await withRetry(
      `${where}: opening the study database`,
      async () => {
        const c = await pool.connect();
        const onError = () => undefined; // a dropped connection fails the query in flight instead of the process
        c.on('error', onError);
        let broken = false;
        try {
          await c.query('BEGIN');
          await c.query(`SELECT pg_advisory_xact_lock(hashtext('tsglove-schema:' || $1))`, [schema]);
          await c.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
          const tables = (await c.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1`, [schema])).rows.map(
            (r) => r.table_name as string,
          );
          const meta = tables.includes('tsglove_meta')
            ? new Map((await c.query(`SELECT key, value FROM tsglove_meta`)).rows.map((r) => [r.key as string, r.value as string]))
            : undefined;
          const state = checkSchema(where, tables, meta);
          if (state !== 'current') {
            for (const sql of migrationStatements('postgres', state === 'empty' ? 0 : Number(meta!.get('schema_version'))))
              await c.query(sql);
            const put = `INSERT INTO tsglove_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value`;
            await c.query(put, ['format', FORMAT]);
            await c.query(put, ['schema_version', String(SCHEMA_VERSION)]);
          }
          await c.query('COMMIT');
        } catch (error) {
          broken = true;
          await c.query('ROLLBACK').catch(() => undefined);
          throw error;
        } finally {
          c.removeListener('error', onError);
          c.release(broken);
        }
      },
      options.retry,
    );
  } catch (error) {
    await pool.end().catch(() => undefined);
    if (error instanceof StorageError && !error.cause) throw error;
    throw new StorageError(`${where}: cannot open the study database: ${(error as Error).message}`, 'url', { cause: error });
  }
  return new PostgresStorage(pool, where, { ...options, connectionString, schema, workerId, applicationName: application_name });
}

type Client = pg.PoolClient;
type StudyRowN = StudyRow & { num_trials: number; num_completed: number };

/** A study database on a PostgreSQL server (see the module comment). */
export class PostgresStorage implements SharedStudyStorage {
  readonly workerId: string;
  private readonly staleMs: number;
  private readonly reapEveryMs: number;
  /** When this worker last scanned for expired trials in an acquire. */
  private lastReap = -Infinity;
  private readonly retry: RetryOptions | undefined;
  private readonly keeper: LeaseKeeper | undefined;
  /** Transient errors retried so far (dropped connections, restarts...). */
  retries = 0;
  private closed = false;

  /** @internal Made by {@link openPostgres} (the pool type is not part of the public declarations). */
  constructor(
    private readonly pool: pg.Pool,
    readonly url: string,
    options: PostgresOptions & { connectionString?: string; schema?: string; workerId?: string; applicationName?: string } = {},
  ) {
    this.workerId = options.workerId ?? newWorkerId();
    this.staleMs = options.staleMs ?? DEFAULT_STALE_MS;
    this.reapEveryMs = options.reapEveryMs ?? 0;
    this.retry = options.retry;
    if (options.connectionString !== undefined) {
      this.keeper = new LeaseKeeper(
        {
          kind: 'postgres',
          connectionString: options.connectionString,
          schema: options.schema ?? 'public',
          applicationName: options.applicationName ?? 'tsglove',
        },
        { heartbeatMs: options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS, staleMs: this.staleMs },
      );
    }
  }

  /** Heartbeat statistics of this worker's lease keeper (beats sent, failed beats). */
  get heartbeats(): { beats: number; errors: number; lastError?: string } {
    return { ...(this.keeper?.stats ?? { beats: 0, errors: 0 }) };
  }

  /** Runs `fn`, retrying transient errors (see `retry.ts`). */
  private run<R>(what: string, fn: () => Promise<R>): Promise<R> {
    return withRetry(`storage ${this.url}: ${what}`, fn, this.retry, () => this.retries++);
  }

  /** A pool query, retried. */
  private query(what: string, sql: string, params: unknown[]): Promise<pg.QueryResult> {
    return this.run(what, () => this.pool.query(sql, params));
  }

  /** One transaction on a pooled client (with an `'error'` listener while it is out), retried as a whole. */
  private tx<R>(what: string, fn: (c: Client) => Promise<R>): Promise<R> {
    return this.run(what, async () => {
      const c = await this.pool.connect();
      const onError = () => undefined; // a dropped connection fails the query in flight, not the process
      c.on('error', onError);
      let broken = false;
      try {
        await c.query('BEGIN');
        const result = await fn(c);
        await c.query('COMMIT');
        return result;
      } catch (error) {
        broken = !(error instanceof SearchError); // our own refusals leave the connection healthy
        await c.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        c.removeListener('error', onError);
        c.release(broken); // a client that failed is discarded, not reused
      }
    });
  }

  private async studyRow(c: Client | pg.Pool, name: string, lock = false): Promise<StudyRowN> {
    const row = (await c.query(`SELECT * FROM tsglove_studies WHERE name = $1${lock ? ' FOR UPDATE' : ''}`, [name])).rows[0] as
      | StudyRowN
      | undefined;
    if (!row) throw new StorageError(`storage ${this.url}: no study named ${JSON.stringify(name)}`, 'study');
    return row;
  }

  private async withMeasurements(c: Client | pg.Pool, row: TrialRow): Promise<TrialRecord> {
    const ms = await c.query(`SELECT data FROM tsglove_measurements WHERE study = $1 AND trial_id = $2 ORDER BY seq`, [row.study, row.id]);
    return trialFromRow(
      row,
      ms.rows.map((m) => m.data as string),
    );
  }

  private async mustTrial(c: Client, study: string, id: number, lock = false): Promise<TrialRow> {
    await this.studyRow(c, study);
    const row = (await c.query(`SELECT * FROM tsglove_trials WHERE study = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`, [study, id]))
      .rows[0] as TrialRow | undefined;
    if (!row) throw new StorageError(`storage ${this.url}: study ${JSON.stringify(study)} has no trial ${id}`, `trials[${id}]`);
    return row;
  }

  /** Whether an acquire should scan for expired trials now (see `reapEveryMs`). */
  private reapDue(): boolean {
    const now = performance.now();
    if (now - this.lastReap < this.reapEveryMs) return false;
    this.lastReap = now;
    return true;
  }

  /** Tracks a trial this worker now holds (or no longer holds) in the lease keeper. */
  private track(t: TrialRecord): TrialRecord {
    if (t.status === 'running') this.keeper?.hold(t.study, t.id, t.lease);
    else this.keeper?.release(t.study, t.id);
    return t;
  }

  async getStudy(name: string): Promise<StudyRecord | undefined> {
    const row = (await this.query('reading a study', `SELECT * FROM tsglove_studies WHERE name = $1`, [name])).rows[0] as
      | StudyRow
      | undefined;
    return row && studyFromRow(row);
  }

  async createStudy(study: Omit<StudyRecord, 'createdAt'>): Promise<StudyRecord> {
    const createdAt = Date.now();
    const r = await this.query(
      'creating a study',
      `INSERT INTO tsglove_studies (name, algorithm, seed, created_at, metadata) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (name) DO NOTHING`,
      [study.name, study.algorithm, encodeJSON(study.seed), createdAt, encodeJSON(study.metadata ?? {})],
    );
    if (r.rowCount === 0) {
      const stored = await this.getStudy(study.name);
      // A retried insert that went through the first time is not a conflict.
      const mine = stored && stored.createdAt === createdAt && stored.algorithm === study.algorithm;
      if (!mine) throw new StorageError(`storage ${this.url}: a study named ${JSON.stringify(study.name)} exists`, 'study');
    }
    return { ...study, metadata: { ...study.metadata }, createdAt };
  }

  private async insertTrial(
    c: Client,
    study: string,
    dna: DNAJSON,
    status: TrialStatus,
    metadata: Record<string, unknown> | undefined,
  ): Promise<TrialRecord> {
    const id = Number(
      (await c.query(`UPDATE tsglove_studies SET num_trials = num_trials + 1 WHERE name = $1 RETURNING num_trials`, [study])).rows[0]
        .num_trials,
    );
    const now = Date.now();
    const running = status === 'running';
    const row = (
      await c.query(
        `INSERT INTO tsglove_trials (study, id, dna, status, created_at, updated_at, metadata, worker, heartbeat_at, lease, lease_until)
       VALUES ($1, $2, $3, $4, $5, $5, $6, $7, ${running ? NOW : 'NULL'}, $8, ${running ? `${NOW} + ` : ''}$9::bigint) RETURNING *`,
        [
          study,
          id,
          encodeJSON(dna),
          status,
          now,
          encodeJSON(metadata ?? {}),
          running ? this.workerId : null,
          running ? 1 : 0,
          running ? this.staleMs : null,
        ],
      )
    ).rows[0] as TrialRow;
    return trialFromRow(row, []);
  }

  async createTrial(study: string, trial: { dna: DNAJSON; status: TrialStatus; metadata?: Record<string, unknown> }): Promise<TrialRecord> {
    return this.track(
      await this.tx('creating a trial', async (c) => {
        await this.studyRow(c, study, true);
        return this.insertTrial(c, study, trial.dna, trial.status, trial.metadata);
      }),
    );
  }

  async updateTrial(study: string, id: number, update: TrialUpdate, check?: LeaseCheck): Promise<TrialRecord> {
    try {
      return this.track(
        await this.tx(`updating trial ${id}`, async (c) => {
          // The row lock serializes writers of this trial; measurements are read only for the result.
          const locked = (await c.query(`SELECT * FROM tsglove_trials WHERE study = $1 AND id = $2 FOR UPDATE`, [study, id])).rows[0] as
            | TrialRow
            | undefined;
          const t = trialFromRow(locked ?? (await this.mustTrial(c, study, id)), []);
          const plan = fenceWrite(study, id, t, update, check);
          if (plan.outcome === 'already') return this.withMeasurements(c, locked!);
          const next = { ...t, ...update };
          if (plan.complete) {
            next.completedSeq = Number(
              (
                await c.query(`UPDATE tsglove_studies SET num_completed = num_completed + 1 WHERE name = $1 RETURNING num_completed`, [
                  study,
                ])
              ).rows[0].num_completed,
            );
          }
          const running = next.status === 'running';
          // A claim takes a new lease for this worker; leaving `running` clears the lease columns.
          const lease = plan.claim
            ? `lease = lease + 1, worker = $11, heartbeat_at = ${NOW}, lease_until = ${NOW} + $12`
            : running
              ? 'lease = lease'
              : 'worker = NULL, heartbeat_at = NULL, lease_until = NULL';
          const row = (
            await c.query(
              `UPDATE tsglove_trials SET status = $1, reward = $2, metrics = $3, reason = $4, completed_seq = $5, completed_at = $6, metadata = $7, updated_at = $8, ${lease}
           WHERE study = $9 AND id = $10 RETURNING *`,
              [
                next.status,
                next.reward === undefined ? null : encodeJSON(next.reward),
                next.metrics === undefined ? null : encodeJSON(next.metrics),
                next.reason ?? null,
                next.completedSeq ?? null,
                next.completedAt ?? null,
                encodeJSON(next.metadata ?? {}),
                Date.now(),
                study,
                id,
                ...(plan.claim ? [this.workerId, this.staleMs] : []),
              ],
            )
          ).rows[0] as TrialRow;
          return this.withMeasurements(c, row);
        }),
      );
    } catch (error) {
      if (error instanceof StaleTrialError) this.keeper?.release(study, id);
      throw error;
    }
  }

  async addMeasurement(study: string, id: number, measurement: Measurement, check?: LeaseCheck): Promise<void> {
    await this.tx(`adding a measurement to trial ${id}`, async (c) => {
      fenceMeasurement(study, id, trialFromRow(await this.mustTrial(c, study, id, true), []), check);
      await c.query(
        `INSERT INTO tsglove_measurements (study, trial_id, seq, step, data)
         VALUES ($1, $2, (SELECT COUNT(*) FROM tsglove_measurements WHERE study = $1 AND trial_id = $2), $3, $4)`,
        [study, id, measurement.step, encodeJSON(measurement)],
      );
      await c.query(`UPDATE tsglove_trials SET updated_at = $1 WHERE study = $2 AND id = $3`, [Date.now(), study, id]);
    });
  }

  async getTrial(study: string, id: number): Promise<TrialRecord | undefined> {
    return this.run(`reading trial ${id}`, async () => {
      await this.studyRow(this.pool, study);
      const row = (await this.pool.query(`SELECT * FROM tsglove_trials WHERE study = $1 AND id = $2`, [study, id])).rows[0] as
        | TrialRow
        | undefined;
      return row && this.withMeasurements(this.pool, row);
    });
  }

  async listTrials(study: string, options: { status?: readonly TrialStatus[] } = {}): Promise<TrialRecord[]> {
    const { rows, ms } = await this.tx('listing trials', async (c) => {
      await c.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
      await this.studyRow(c, study);
      const rows = (await c.query(`SELECT * FROM tsglove_trials WHERE study = $1 ORDER BY id`, [study])).rows as TrialRow[];
      const ms = (await c.query(`SELECT trial_id, data FROM tsglove_measurements WHERE study = $1 ORDER BY trial_id, seq`, [study]))
        .rows as { trial_id: number; data: string }[];
      return { rows, ms };
    });
    const byTrial = new Map<number, string[]>();
    for (const m of ms) (byTrial.get(m.trial_id) ?? byTrial.set(m.trial_id, []).get(m.trial_id)!).push(m.data);
    const wanted = options.status;
    return rows
      .filter((r) => !wanted || wanted.includes(r.status as TrialStatus))
      .map((r) => trialFromRow(r, byTrial.get(Number(r.id)) ?? []));
  }

  async countTrials(study: string): Promise<number> {
    return this.run('counting trials', async () => Number((await this.studyRow(this.pool, study)).num_trials));
  }

  private async expireIn(c: Client, study: string): Promise<number[]> {
    const rows = (
      await c.query(
        `UPDATE tsglove_trials SET status = 'pending', worker = NULL, heartbeat_at = NULL, lease_until = NULL, updated_at = $2
       WHERE study = $1 AND id IN (SELECT id FROM tsglove_trials WHERE study = $1 AND status = 'running' AND (lease_until IS NULL OR lease_until < ${NOW}) FOR UPDATE SKIP LOCKED)
       RETURNING id`,
        [study, Date.now()],
      )
    ).rows as { id: number }[];
    return rows.map((r) => Number(r.id)).sort((a, b) => a - b);
  }

  async requeueStale(study: string): Promise<number[]> {
    return this.tx('re-queuing expired trials', async (c) => {
      await this.studyRow(c, study);
      return this.expireIn(c, study);
    });
  }

  async acquireTrial(study: string, options: AcquireOptions): Promise<AcquiredTrial | undefined> {
    const got = await this.tx('acquiring a trial', async (c) => {
      if (this.reapDue()) await this.expireIn(c, study);
      const claimed = (
        await c.query(
          `UPDATE tsglove_trials SET status = 'running', lease = lease + 1, worker = $2, heartbeat_at = ${NOW}, lease_until = ${NOW} + $3, updated_at = $4
         WHERE study = $1 AND id = (SELECT id FROM tsglove_trials WHERE study = $1 AND status = 'pending' ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
         RETURNING *`,
          [study, this.workerId, this.staleMs, Date.now()],
        )
      ).rows[0] as TrialRow | undefined;
      if (claimed) {
        const numTrials = Number((await this.studyRow(c, study)).num_trials);
        return { trial: await this.withMeasurements(c, claimed), requeued: true, numTrials };
      }
      const locked = await this.studyRow(c, study, true);
      const numTrials = Number(locked.num_trials);
      if (options.maxTrials !== undefined && numTrials >= options.maxTrials) return undefined;
      const completed = (
        (
          await c.query(`SELECT * FROM tsglove_trials WHERE study = $1 AND completed_seq > $2 ORDER BY completed_seq`, [
            study,
            options.afterSeq ?? 0,
          ])
        ).rows as TrialRow[]
      ).map((r) => trialFromRow(r, []));
      const next = options.propose({ completed, numTrials });
      const trial = await this.insertTrial(c, study, next.dna, 'running', next.metadata);
      return { trial, requeued: false, numTrials: trial.id };
    });
    if (got) this.track(got.trial);
    return got;
  }

  async deleteStudy(name: string): Promise<boolean> {
    return this.tx(`deleting study ${JSON.stringify(name)}`, async (c) => {
      await c.query(`DELETE FROM tsglove_measurements WHERE study = $1`, [name]);
      await c.query(`DELETE FROM tsglove_trials WHERE study = $1`, [name]);
      return ((await c.query(`DELETE FROM tsglove_studies WHERE name = $1`, [name])).rowCount ?? 0) > 0;
    });
  }

  async listStudies(): Promise<StudySummary[]> {
    const rows = (await this.query('listing studies', `SELECT * FROM tsglove_studies ORDER BY created_at, name`, [])).rows as StudyRowN[];
    return rows.map((r) => ({ ...studyFromRow(r), numTrials: Number(r.num_trials), numCompleted: Number(r.num_completed) }));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.keeper?.close();
    await this.pool.end();
  }
}
