/**
 * SQLite {@link SharedStudyStorage} (better-sqlite3): the embedded default. One file in WAL mode
 * with `synchronous = FULL`, so a trial is on disk before `createTrial`/`acquireTrial` resolve and
 * a result before `updateTrial` does. Several processes may share the file: writes are `BEGIN
 * IMMEDIATE` transactions (waiting up to `busyTimeoutMs` for the lock; past it, a
 * {@link StorageError}). Leases are kept alive by a heartbeat thread (`heartbeat.ts`) whose own
 * short busy timeout means a locked file delays a beat, never the process.
 *
 * Opening never changes a file that is not ours: a file without the SQLite header, a SQLite file
 * with other tables, or one written by a newer schema is refused with a {@link StorageError}
 * before anything is written.
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { DNAJSON } from '@tsglove/symbolic';
import { StaleTrialError, StorageError } from '../errors.js';
import type { LeaseCheck, Measurement, StudyRecord, TrialRecord, TrialStatus, TrialUpdate } from './storage.js';
import { fenceMeasurement, fenceWrite } from './fence.js';
import { LeaseKeeper } from './heartbeat.js';
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

/** Options of {@link openSqlite}. */
export interface SqliteOptions extends HeartbeatOptions {
  /** How long a write waits for another process's lock (ms, default 10 000). */
  busyTimeoutMs?: number;
  /** Fail instead of creating a new file or writing a schema into an empty one (readers: `tsglove study`, the dashboard). */
  fileMustExist?: boolean;
}

const HEADER = 'SQLite format 3\0';

function hasSqliteHeader(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(16);
    const n = readSync(fd, buf, 0, 16, 0);
    return n === 16 && buf.toString('latin1') === HEADER;
  } finally {
    closeSync(fd);
  }
}

/** Opens (creating if needed) the study database at `path`; see the module comment. */
export function openSqlite(path: string, options: SqliteOptions = {}): SqliteStorage {
  const where = `sqlite:${path}`;
  if (options.fileMustExist && !existsSync(path)) throw new StorageError(`${where}: no such file`, 'url');
  if (existsSync(path) && statSync(path).isDirectory()) {
    throw new StorageError(
      `${where}: is a directory; give the path of a database file, e.g. sqlite:${path.replace(/\/+$/, '')}/study.db`,
      'url',
    );
  }
  if (existsSync(path) && statSync(path).size > 0 && !hasSqliteHeader(path)) {
    throw new StorageError(`${where}: not a SQLite database (no SQLite header); nothing was changed`, 'url');
  }
  let db: Database.Database;
  try {
    db = new Database(path, { timeout: options.busyTimeoutMs ?? 10_000 });
  } catch (error) {
    throw new StorageError(`${where}: cannot open: ${(error as Error).message}`, 'url');
  }
  try {
    const state = inspect(db, where);
    if (state === 'empty' && options.fileMustExist) {
      throw new StorageError(`${where}: not a tsglove study database (an empty file with no study tables); nothing was changed`, 'url');
    }
    if (state !== 'current') {
      db.pragma('journal_mode = WAL');
      db.transaction(() => {
        const again = inspect(db, where); // another process may have migrated meanwhile
        if (again === 'current') return;
        const version =
          again === 'empty'
            ? 0
            : Number((db.prepare(`SELECT value FROM tsglove_meta WHERE key = 'schema_version'`).get() as { value: string }).value);
        for (const sql of migrationStatements('sqlite', version)) db.exec(sql);
        const put = db.prepare(
          `INSERT INTO tsglove_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
        );
        put.run('format', FORMAT);
        put.run('schema_version', String(SCHEMA_VERSION));
      }).immediate();
    } else {
      db.pragma('journal_mode = WAL');
    }
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
  } catch (error) {
    db.close();
    if (error instanceof StorageError) throw error;
    throw new StorageError(`${where}: not a usable SQLite study database: ${(error as Error).message}; nothing was changed`, 'url');
  }
  return new SqliteStorage(db, where, { ...options, path });
}

function inspect(db: Database.Database, where: string): 'empty' | 'current' | 'migrate' {
  const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map((r) => r.name);
  if (tables.length > 0 && !tables.includes('tsglove_meta')) {
    throw new StorageError(
      `${where}: a SQLite database with other tables (${tables.slice(0, 5).join(', ')}); not a tsglove study database, nothing was changed`,
      'url',
    );
  }
  const meta = tables.includes('tsglove_meta')
    ? new Map((db.prepare(`SELECT key, value FROM tsglove_meta`).all() as { key: string; value: string }[]).map((r) => [r.key, r.value]))
    : undefined;
  return checkSchema(where, tables, meta);
}

/** A study database in one SQLite file (see the module comment). */
export class SqliteStorage implements SharedStudyStorage {
  readonly workerId = newWorkerId();
  private readonly staleMs: number;
  private readonly reapEveryMs: number;
  /** When this worker last scanned for expired trials in an acquire. */
  private lastReap = -Infinity;
  private readonly busyTimeoutMs: number;
  private readonly sql: Record<string, Database.Statement>;
  private readonly keeper: LeaseKeeper | undefined;
  private closed = false;

  /** @internal Made by {@link openSqlite} (the database type is not part of the public declarations). */
  constructor(
    private readonly db: Database.Database,
    readonly url: string,
    options: SqliteOptions & { path?: string } = {},
  ) {
    this.staleMs = options.staleMs ?? DEFAULT_STALE_MS;
    this.reapEveryMs = options.reapEveryMs ?? 0;
    this.busyTimeoutMs = options.busyTimeoutMs ?? 10_000;
    const heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
    if (options.path !== undefined) {
      // The thread's busy timeout stays below a beat: a locked file costs a beat, not the lease.
      const busyTimeoutMs = Math.max(20, Math.min(this.busyTimeoutMs, Math.floor(heartbeatMs / 2)));
      this.keeper = new LeaseKeeper({ kind: 'sqlite', path: options.path, busyTimeoutMs }, { heartbeatMs, staleMs: this.staleMs });
    }
    const p = (s: string) => db.prepare(s);
    this.sql = {
      study: p(`SELECT * FROM tsglove_studies WHERE name = ?`),
      studies: p(`SELECT * FROM tsglove_studies ORDER BY created_at, name`),
      insertStudy: p(`INSERT INTO tsglove_studies (name, algorithm, seed, created_at, metadata) VALUES (?, ?, ?, ?, ?)`),
      trial: p(`SELECT * FROM tsglove_trials WHERE study = ? AND id = ?`),
      trials: p(`SELECT * FROM tsglove_trials WHERE study = ? ORDER BY id`),
      measurementsOf: p(`SELECT data FROM tsglove_measurements WHERE study = ? AND trial_id = ? ORDER BY seq`),
      measurements: p(`SELECT trial_id, data FROM tsglove_measurements WHERE study = ? ORDER BY trial_id, seq`),
      bumpTrials: p(`UPDATE tsglove_studies SET num_trials = num_trials + 1 WHERE name = ? RETURNING num_trials`),
      bumpCompleted: p(`UPDATE tsglove_studies SET num_completed = num_completed + 1 WHERE name = ? RETURNING num_completed`),
      insertTrial: p(
        `INSERT INTO tsglove_trials (study, id, dna, status, created_at, updated_at, metadata, worker, heartbeat_at, lease, lease_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      updateTrial:
        p(`UPDATE tsglove_trials SET status = ?, reward = ?, metrics = ?, reason = ?, completed_seq = ?, completed_at = ?, metadata = ?, updated_at = ?,
        lease = ?, worker = ?, heartbeat_at = ?, lease_until = ? WHERE study = ? AND id = ?`),
      expire: p(`UPDATE tsglove_trials SET status = 'pending', worker = NULL, heartbeat_at = NULL, lease_until = NULL, updated_at = ?
        WHERE study = ? AND status = 'running' AND (lease_until IS NULL OR lease_until < ?) RETURNING id`),
      claim:
        p(`UPDATE tsglove_trials SET status = 'running', lease = lease + 1, worker = ?, heartbeat_at = ?, lease_until = ?, updated_at = ?
        WHERE study = ? AND id = (SELECT id FROM tsglove_trials WHERE study = ? AND status = 'pending' ORDER BY id LIMIT 1) RETURNING *`),
      completedSince: p(`SELECT * FROM tsglove_trials WHERE study = ? AND completed_seq > ? ORDER BY completed_seq`),
      addMeasurement: p(
        `INSERT INTO tsglove_measurements (study, trial_id, seq, step, data) VALUES (?, ?, (SELECT COUNT(*) FROM tsglove_measurements WHERE study = ? AND trial_id = ?), ?, ?)`,
      ),
      touch: p(`UPDATE tsglove_trials SET updated_at = ? WHERE study = ? AND id = ?`),
    };
  }

  /** Runs a write transaction; a lock held past `busyTimeoutMs` becomes a {@link StorageError}. */
  private write<R>(fn: () => R): R {
    try {
      return this.db.transaction(fn).immediate();
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
        throw new StorageError(
          `storage ${this.url}: the database stayed locked by another process for more than busyTimeoutMs (${this.busyTimeoutMs} ms); try again`,
          'url',
          { cause: error },
        );
      }
      throw error;
    }
  }

  /** Heartbeat statistics of this worker's lease keeper (beats sent, failed beats). */
  get heartbeats(): { beats: number; errors: number; lastError?: string } {
    return { ...(this.keeper?.stats ?? { beats: 0, errors: 0 }) };
  }

  private studyRow(name: string): StudyRow {
    const row = this.sql.study!.get(name) as StudyRow | undefined;
    if (!row) throw new StorageError(`storage ${this.url}: no study named ${JSON.stringify(name)}`, 'study');
    return row;
  }

  private trialRecord(study: string, id: number): TrialRecord | undefined {
    const row = this.sql.trial!.get(study, id) as TrialRow | undefined;
    if (!row) return undefined;
    return trialFromRow(
      row,
      (this.sql.measurementsOf!.all(study, id) as { data: string }[]).map((m) => m.data),
    );
  }

  private mustTrial(study: string, id: number): TrialRecord {
    this.studyRow(study);
    const t = this.trialRecord(study, id);
    if (!t) throw new StorageError(`storage ${this.url}: study ${JSON.stringify(study)} has no trial ${id}`, `trials[${id}]`);
    return t;
  }

  async getStudy(name: string): Promise<StudyRecord | undefined> {
    const row = this.sql.study!.get(name) as StudyRow | undefined;
    return row && studyFromRow(row);
  }

  async createStudy(study: Omit<StudyRecord, 'createdAt'>): Promise<StudyRecord> {
    const createdAt = Date.now();
    this.write(() => {
      if (this.sql.study!.get(study.name))
        throw new StorageError(`storage ${this.url}: a study named ${JSON.stringify(study.name)} exists`, 'study');
      this.sql.insertStudy!.run(study.name, study.algorithm, encodeJSON(study.seed), createdAt, encodeJSON(study.metadata ?? {}));
    });
    return { ...study, metadata: { ...study.metadata }, createdAt };
  }

  private insertTrial(study: string, dna: DNAJSON, status: TrialStatus, metadata: Record<string, unknown> | undefined): TrialRecord {
    const id = (this.sql.bumpTrials!.get(study) as { num_trials: number }).num_trials;
    const now = Date.now();
    const running = status === 'running';
    this.sql.insertTrial!.run(
      study,
      id,
      encodeJSON(dna),
      status,
      now,
      now,
      encodeJSON(metadata ?? {}),
      running ? this.workerId : null,
      running ? now : null,
      running ? 1 : 0,
      running ? now + this.staleMs : null,
    );
    return this.trialRecord(study, id)!;
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

  async createTrial(study: string, trial: { dna: DNAJSON; status: TrialStatus; metadata?: Record<string, unknown> }): Promise<TrialRecord> {
    return this.track(
      this.write(() => {
        this.studyRow(study);
        return this.insertTrial(study, trial.dna, trial.status, trial.metadata);
      }),
    );
  }

  async updateTrial(study: string, id: number, update: TrialUpdate, check?: LeaseCheck): Promise<TrialRecord> {
    try {
      return this.track(
        this.write(() => {
          const t = this.mustTrial(study, id);
          const row = this.sql.trial!.get(study, id) as TrialRow;
          const plan = fenceWrite(study, id, t, update, check);
          if (plan.outcome === 'already') return t;
          const next = { ...t, ...update };
          if (plan.complete) next.completedSeq = (this.sql.bumpCompleted!.get(study) as { num_completed: number }).num_completed;
          const now = Date.now();
          const lease = plan.claim ? t.lease + 1 : t.lease;
          const running = next.status === 'running';
          const [worker, beat, until] = plan.claim
            ? [this.workerId, now, now + this.staleMs]
            : running
              ? [row.worker ?? null, row.heartbeat_at ?? null, row.lease_until ?? null]
              : [null, null, null];
          this.sql.updateTrial!.run(
            next.status,
            next.reward === undefined ? null : encodeJSON(next.reward),
            next.metrics === undefined ? null : encodeJSON(next.metrics),
            next.reason ?? null,
            next.completedSeq ?? null,
            next.completedAt ?? null,
            encodeJSON(next.metadata ?? {}),
            now,
            lease,
            worker,
            beat,
            until,
            study,
            id,
          );
          return this.trialRecord(study, id)!;
        }),
      );
    } catch (error) {
      if (error instanceof StaleTrialError) this.keeper?.release(study, id);
      throw error;
    }
  }

  async addMeasurement(study: string, id: number, measurement: Measurement, check?: LeaseCheck): Promise<void> {
    this.write(() => {
      fenceMeasurement(study, id, this.mustTrial(study, id), check);
      this.sql.addMeasurement!.run(study, id, study, id, measurement.step, encodeJSON(measurement));
      this.sql.touch!.run(Date.now(), study, id);
    });
  }

  async getTrial(study: string, id: number): Promise<TrialRecord | undefined> {
    this.studyRow(study);
    return this.trialRecord(study, id);
  }

  async listTrials(study: string, options: { status?: readonly TrialStatus[] } = {}): Promise<TrialRecord[]> {
    const { rows, ms } = this.db
      .transaction(() => {
        this.studyRow(study);
        return {
          rows: this.sql.trials!.all(study) as TrialRow[],
          ms: this.sql.measurements!.all(study) as { trial_id: number; data: string }[],
        };
      })
      .deferred();
    const byTrial = new Map<number, string[]>();
    for (const m of ms) (byTrial.get(m.trial_id) ?? byTrial.set(m.trial_id, []).get(m.trial_id)!).push(m.data);
    const wanted = options.status;
    return rows
      .filter((r) => !wanted || wanted.includes(r.status as TrialStatus))
      .map((r) => trialFromRow(r, byTrial.get(Number(r.id)) ?? []));
  }

  async countTrials(study: string): Promise<number> {
    return (this.studyRow(study) as StudyRow & { num_trials: number }).num_trials;
  }

  private expireNow(study: string): number[] {
    const now = Date.now();
    return (this.sql.expire!.all(now, study, now) as { id: number }[]).map((r) => r.id).sort((a, b) => a - b);
  }

  async requeueStale(study: string): Promise<number[]> {
    return this.write(() => {
      this.studyRow(study);
      return this.expireNow(study);
    });
  }

  async acquireTrial(study: string, options: AcquireOptions): Promise<AcquiredTrial | undefined> {
    const got = this.write((): AcquiredTrial | undefined => {
      const row = this.studyRow(study) as StudyRow & { num_trials: number };
      if (this.reapDue()) this.expireNow(study);
      const now = Date.now();
      const claimed = this.sql.claim!.get(this.workerId, now, now + this.staleMs, now, study, study) as TrialRow | undefined;
      if (claimed) {
        return {
          trial: trialFromRow(
            claimed,
            (this.sql.measurementsOf!.all(study, claimed.id) as { data: string }[]).map((m) => m.data),
          ),
          requeued: true,
          numTrials: row.num_trials,
        };
      }
      if (options.maxTrials !== undefined && row.num_trials >= options.maxTrials) return undefined;
      const completed = (this.sql.completedSince!.all(study, options.afterSeq ?? 0) as TrialRow[]).map((r) => trialFromRow(r, []));
      const next = options.propose({ completed, numTrials: row.num_trials });
      const trial = this.insertTrial(study, next.dna, 'running', next.metadata);
      return { trial, requeued: false, numTrials: trial.id };
    });
    if (got) this.track(got.trial);
    return got;
  }

  async deleteStudy(name: string): Promise<boolean> {
    return this.db
      .transaction(() => {
        this.db.prepare(`DELETE FROM tsglove_measurements WHERE study = ?`).run(name);
        this.db.prepare(`DELETE FROM tsglove_trials WHERE study = ?`).run(name);
        return this.db.prepare(`DELETE FROM tsglove_studies WHERE name = ?`).run(name).changes > 0;
      })
      .immediate();
  }

  async listStudies(): Promise<StudySummary[]> {
    return (this.sql.studies!.all() as (StudyRow & { num_trials: number; num_completed: number })[]).map((r) => ({
      ...studyFromRow(r),
      numTrials: r.num_trials,
      numCompleted: r.num_completed,
    }));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.keeper?.close();
    this.db.close();
  }
}
