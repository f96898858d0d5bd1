/**
 * SQLite {@link SharedStudyStorage} (better-sqlite3): the embedded default. One file in WAL mode
 * with `synchronous = FULL`, so a trial is on disk before `createTrial`/`acquireTrial` resolve and
 * a result before `updateTrial` does. Several processes may share the file: writes are `BEGIN
 * IMMEDIATE` transactions (waiting up to `busyTimeoutMs` for the lock).
 *
 * Opening never changes a file that is not ours: a file without the SQLite header, a SQLite file
 * with other tables, or one written by a newer schema is refused with a {@link StorageError}
 * before anything is written.
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { DNAJSON } from '@tsglove/symbolic';
import { StorageError } from '../errors.js';
import type { Measurement, StudyRecord, TrialRecord, TrialStatus, TrialUpdate } from './storage.js';
import {
  checkSchema, encodeJSON, FORMAT, migrationStatements, newWorkerId, SCHEMA_VERSION,
  studyFromRow, trialFromRow, workerIsGone, type StudyRow, type TrialRow,
} from './schema.js';
import {
  DEFAULT_HEARTBEAT_MS, DEFAULT_STALE_MS, type AcquiredTrial, type AcquireOptions, type HeartbeatOptions,
  type SharedStudyStorage, type StudySummary,
} from './shared-store.js';

/** Options of {@link openSqlite}. */
export interface SqliteOptions extends HeartbeatOptions {
  /** How long a write waits for another process's lock (ms, default 10 000). */
  busyTimeoutMs?: number;
  /** Fail instead of creating a new file (readers: `tsglove study`, the dashboard). */
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
    if (state !== 'current') {
      db.pragma('journal_mode = WAL');
      db.transaction(() => {
        const again = inspect(db, where); // another process may have migrated meanwhile
        if (again === 'current') return;
        const version = again === 'empty' ? 0 : Number((db.prepare(`SELECT value FROM tsglove_meta WHERE key = 'schema_version'`).get() as { value: string }).value);
        for (const sql of migrationStatements('sqlite', version)) db.exec(sql);
        const put = db.prepare(`INSERT INTO tsglove_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
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
  return new SqliteStorage(db, where, options);
}

function inspect(db: Database.Database, where: string): 'empty' | 'current' | 'migrate' {
  const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map((r) => r.name);
  if (tables.length > 0 && !tables.includes('tsglove_meta')) {
    throw new StorageError(`${where}: a SQLite database with other tables (${tables.slice(0, 5).join(', ')}); not a tsglove study database, nothing was changed`, 'url');
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
  private readonly timer: NodeJS.Timeout;
  private readonly sql: Record<string, Database.Statement>;
  private closed = false;

  /** @internal Made by {@link openSqlite} (the database type is not part of the public declarations). */
  constructor(private readonly db: Database.Database, readonly url: string, options: SqliteOptions = {}) {
    this.staleMs = options.staleMs ?? DEFAULT_STALE_MS;
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
      insertTrial: p(`INSERT INTO tsglove_trials (study, id, dna, status, created_at, updated_at, metadata, worker, heartbeat_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      updateTrial: p(`UPDATE tsglove_trials SET status = ?, reward = ?, metrics = ?, reason = ?, completed_seq = ?, completed_at = ?, metadata = ?, updated_at = ? WHERE study = ? AND id = ?`),
      running: p(`SELECT id, worker, heartbeat_at FROM tsglove_trials WHERE study = ? AND status = 'running' AND (worker IS NULL OR worker <> ?)`),
      requeue: p(`UPDATE tsglove_trials SET status = 'pending', worker = NULL, heartbeat_at = NULL, updated_at = ? WHERE study = ? AND id = ?`),
      firstPending: p(`SELECT id FROM tsglove_trials WHERE study = ? AND status = 'pending' ORDER BY id LIMIT 1`),
      claim: p(`UPDATE tsglove_trials SET status = 'running', worker = ?, heartbeat_at = ?, updated_at = ? WHERE study = ? AND id = ?`),
      completedSince: p(`SELECT * FROM tsglove_trials WHERE study = ? AND completed_seq > ? ORDER BY completed_seq`),
      addMeasurement: p(`INSERT INTO tsglove_measurements (study, trial_id, seq, step, data) VALUES (?, ?, (SELECT COUNT(*) FROM tsglove_measurements WHERE study = ? AND trial_id = ?), ?, ?)`),
      touch: p(`UPDATE tsglove_trials SET updated_at = ? WHERE study = ? AND id = ?`),
      heartbeat: p(`UPDATE tsglove_trials SET heartbeat_at = ? WHERE worker = ? AND status = 'running'`),
    };
    this.timer = setInterval(() => this.beat(), options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS);
    this.timer.unref();
  }

  private beat(): void {
    if (!this.closed) this.sql.heartbeat!.run(Date.now(), this.workerId);
  }

  private studyRow(name: string): StudyRow {
    const row = this.sql.study!.get(name) as StudyRow | undefined;
    if (!row) throw new StorageError(`storage ${this.url}: no study named ${JSON.stringify(name)}`, 'study');
    return row;
  }

  private trialRecord(study: string, id: number): TrialRecord | undefined {
    const row = this.sql.trial!.get(study, id) as TrialRow | undefined;
    if (!row) return undefined;
    return trialFromRow(row, (this.sql.measurementsOf!.all(study, id) as { data: string }[]).map((m) => m.data));
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
    this.db.transaction(() => {
      if (this.sql.study!.get(study.name)) throw new StorageError(`storage ${this.url}: a study named ${JSON.stringify(study.name)} exists`, 'study');
      this.sql.insertStudy!.run(study.name, study.algorithm, encodeJSON(study.seed), createdAt, encodeJSON(study.metadata ?? {}));
    }).immediate();
    return { ...study, metadata: { ...study.metadata }, createdAt };
  }

  private insertTrial(study: string, dna: DNAJSON, status: TrialStatus, metadata: Record<string, unknown> | undefined): TrialRecord {
    const id = (this.sql.bumpTrials!.get(study) as { num_trials: number }).num_trials;
    const now = Date.now();
    const running = status === 'running';
    this.sql.insertTrial!.run(study, id, encodeJSON(dna), status, now, now, encodeJSON(metadata ?? {}), running ? this.workerId : null, running ? now : null);
    return this.trialRecord(study, id)!;
  }

  async createTrial(study: string, trial: { dna: DNAJSON; status: TrialStatus; metadata?: Record<string, unknown> }): Promise<TrialRecord> {
    return this.db.transaction(() => {
      this.studyRow(study);
      return this.insertTrial(study, trial.dna, trial.status, trial.metadata);
    }).immediate();
  }

  async updateTrial(study: string, id: number, update: TrialUpdate): Promise<TrialRecord> {
    return this.db.transaction(() => {
      const t = this.mustTrial(study, id);
      const next = { ...t, ...update };
      if (update.status === 'completed' && t.status !== 'completed') {
        next.completedSeq = (this.sql.bumpCompleted!.get(study) as { num_completed: number }).num_completed;
      }
      this.sql.updateTrial!.run(
        next.status, next.reward === undefined ? null : encodeJSON(next.reward), next.metrics === undefined ? null : encodeJSON(next.metrics),
        next.reason ?? null, next.completedSeq ?? null, next.completedAt ?? null, encodeJSON(next.metadata ?? {}), Date.now(), study, id,
      );
      return this.trialRecord(study, id)!;
    }).immediate();
  }

  async addMeasurement(study: string, id: number, measurement: Measurement): Promise<void> {
    this.db.transaction(() => {
      this.mustTrial(study, id);
      this.sql.addMeasurement!.run(study, id, study, id, measurement.step, encodeJSON(measurement));
      this.sql.touch!.run(Date.now(), study, id);
    }).immediate();
  }

  async getTrial(study: string, id: number): Promise<TrialRecord | undefined> {
    this.studyRow(study);
    return this.trialRecord(study, id);
  }

  async listTrials(study: string, options: { status?: readonly TrialStatus[] } = {}): Promise<TrialRecord[]> {
    const { rows, ms } = this.db.transaction(() => {
      this.studyRow(study);
      return { rows: this.sql.trials!.all(study) as TrialRow[], ms: this.sql.measurements!.all(study) as { trial_id: number; data: string }[] };
    }).deferred();
    const byTrial = new Map<number, string[]>();
    for (const m of ms) (byTrial.get(m.trial_id) ?? byTrial.set(m.trial_id, []).get(m.trial_id)!).push(m.data);
    const wanted = options.status;
    return rows.filter((r) => !wanted || wanted.includes(r.status as TrialStatus)).map((r) => trialFromRow(r, byTrial.get(Number(r.id)) ?? []));
  }

  async countTrials(study: string): Promise<number> {
    return (this.studyRow(study) as StudyRow & { num_trials: number }).num_trials;
  }

  private requeueStaleNow(study: string): number[] {
    const now = Date.now();
    const ids: number[] = [];
    for (const r of this.sql.running!.all(study, this.workerId) as { id: number; worker: string | null; heartbeat_at: number | null }[]) {
      if (workerIsGone(r.worker, r.heartbeat_at, now, this.staleMs)) {
        this.sql.requeue!.run(now, study, r.id);
        ids.push(r.id);
      }
    }
    return ids;
  }

  async requeueStale(study: string): Promise<number[]> {
    return this.db.transaction(() => {
      this.studyRow(study);
      return this.requeueStaleNow(study);
    }).immediate();
  }

  async acquireTrial(study: string, options: AcquireOptions): Promise<AcquiredTrial | undefined> {
    return this.db.transaction((): AcquiredTrial | undefined => {
      const row = this.studyRow(study) as StudyRow & { num_trials: number };
      this.requeueStaleNow(study);
      const pending = this.sql.firstPending!.get(study) as { id: number } | undefined;
      if (pending) {
        const now = Date.now();
        this.sql.claim!.run(this.workerId, now, now, study, pending.id);
        return { trial: this.trialRecord(study, pending.id)!, requeued: true, numTrials: row.num_trials };
      }
      if (options.maxTrials !== undefined && row.num_trials >= options.maxTrials) return undefined;
      const completed = (this.sql.completedSince!.all(study, options.afterSeq ?? 0) as TrialRow[]).map((r) => trialFromRow(r, []));
      const next = options.propose({ completed, numTrials: row.num_trials });
      const trial = this.insertTrial(study, next.dna, 'running', next.metadata);
      return { trial, requeued: false, numTrials: trial.id };
    }).immediate();
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
    clearInterval(this.timer);
    this.db.close();
  }
}
