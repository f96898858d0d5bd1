/**
 * The SQL of the durable storages, written once for both dialects: every operation is a generator
 * that yields statements and receives their rows, so the SQLite driver runs it synchronously inside
 * one better-sqlite3 transaction and the PostgreSQL driver asynchronously on one client (see
 * `sql-storage.ts`). What differs by dialect is spelled by {@link SqlDialect}: placeholders, the clock
 * (SQLite: this process's, bound as a parameter; PostgreSQL: the server's, so hosts with skewed clocks
 * agree) and row locks (SQLite's write transaction locks the whole file; PostgreSQL locks rows, and
 * `SKIP LOCKED` lets workers claim different pending trials at once).
 *
 * The fault guarantees rest on three rules kept here: a new trial's id is taken by bumping the
 * study's `num_trials` in the transaction that inserts it (ids are unique, and the study stops at
 * `maxTrials`); a trial leaves `pending` only by a claim that raises its lease (fencing, `fence.ts`);
 * an expired lease sends the trial back to `pending`, never to an end state.
 */
import type { DNAJSON } from '@tsglove/symbolic';
import { StorageError } from '../errors.js';
import { fenceMeasurement, fenceWrite } from './fence.js';
import { PG_NOW_MS } from './heartbeat.js';
import { encodeJSON, studyFromRow, trialFromRow, type StudyRow, type TrialRow } from './schema.js';
import type { StudySummary } from './shared-store.js';
import type {
  AcquiredTrial,
  AcquireOptions,
  LeaseCheck,
  Measurement,
  StudyRecord,
  TrialRecord,
  TrialStatus,
  TrialUpdate,
} from './storage.js';

/** One statement and its parameters. */
export interface Statement {
  sql: string;
  params: unknown[];
}

/** A row as a driver returns it. */
export type Row = Record<string, unknown>;

/** An operation: yields statements, gets each one's rows back (`[]` when it returns none), returns `R`. */
export type Steps<R> = Generator<Statement, R, Row[]>;

/** How a dialect spells what differs (see the module comment). */
export interface SqlDialect {
  /** The placeholder of the `n`-th parameter (1-based). */
  param(n: number): string;
  /** The current time in ms since the epoch; `bind` binds a value and returns its placeholder. */
  now(bind: (value: unknown) => string): string;
  /** Appended to a `SELECT` that locks the rows it reads for this transaction. */
  lockRows: string;
  /** Appended to a sub-`SELECT` picking rows that another transaction may hold: skip those. */
  skipLocked: string;
  /** A first statement for a consistent multi-statement read, if the driver needs one. */
  snapshot?: string;
}

export const SQLITE: SqlDialect = { param: () => '?', now: (bind) => bind(Date.now()), lockRows: '', skipLocked: '' };

export const POSTGRES: SqlDialect = {
  param: (n) => `$${n}`,
  now: () => PG_NOW_MS,
  lockRows: ' FOR UPDATE',
  skipLocked: ' FOR UPDATE SKIP LOCKED',
  snapshot: 'SET TRANSACTION ISOLATION LEVEL REPEATABLE READ',
};

/** Who writes: this worker's id and lease length, and the storage's URL for messages. */
export interface Worker {
  workerId: string;
  staleMs: number;
  url: string;
}

/**
 * Builds a statement: `text(bind, now)` calls `bind(value)` for each parameter, in the order the
 * placeholders appear in the text (SQLite's `?` are positional): build the text in one template.
 */
function statement(d: SqlDialect, text: (bind: (value: unknown) => string, now: () => string) => string): Statement {
  const params: unknown[] = [];
  const bind = (value: unknown) => {
    params.push(value);
    return d.param(params.length);
  };
  return { sql: text(bind, () => d.now(bind)), params };
}

type StudyRowN = StudyRow & { num_trials: number | string; num_completed: number | string };

/** A study summary from its row (counters may come back as strings from PostgreSQL). */
function summary(row: StudyRowN): StudySummary {
  return { ...studyFromRow(row), numTrials: Number(row.num_trials), numCompleted: Number(row.num_completed) };
}

function* studyRow(d: SqlDialect, w: Worker, name: string, lock = false): Steps<StudySummary> {
  const [row] = yield statement(d, (p) => `SELECT * FROM tsglove_studies WHERE name = ${p(name)}${lock ? d.lockRows : ''}`);
  if (!row) throw new StorageError(`storage ${w.url}: no study named ${JSON.stringify(name)}`, 'study');
  return summary(row as unknown as StudyRowN);
}

function* withMeasurements(d: SqlDialect, row: Row): Steps<TrialRecord> {
  const ms = yield statement(
    d,
    (p) => `SELECT data FROM tsglove_measurements WHERE study = ${p(row.study)} AND trial_id = ${p(row.id)} ORDER BY seq`,
  );
  return trialFromRow(
    row as unknown as TrialRow,
    ms.map((m) => m.data as string),
  );
}

/** The trial row (locked for this transaction), or the error naming the missing study or trial. */
function* trialRow(d: SqlDialect, w: Worker, study: string, id: number): Steps<Row> {
  const [row] = yield statement(d, (p) => `SELECT * FROM tsglove_trials WHERE study = ${p(study)} AND id = ${p(id)}${d.lockRows}`);
  if (row) return row;
  yield* studyRow(d, w, study);
  throw new StorageError(`storage ${w.url}: study ${JSON.stringify(study)} has no trial ${id}`, `trials[${id}]`);
}

export function* getStudy(d: SqlDialect, name: string): Steps<StudyRecord | undefined> {
  const [row] = yield statement(d, (p) => `SELECT * FROM tsglove_studies WHERE name = ${p(name)}`);
  return row && studyFromRow(row as unknown as StudyRow);
}

export function* listStudies(d: SqlDialect): Steps<StudySummary[]> {
  const rows = yield statement(d, () => `SELECT * FROM tsglove_studies ORDER BY created_at, name`);
  return rows.map((r) => summary(r as unknown as StudyRowN));
}

export function* countTrials(d: SqlDialect, w: Worker, study: string): Steps<number> {
  return (yield* studyRow(d, w, study)).numTrials;
}

export function* createStudy(d: SqlDialect, w: Worker, study: Omit<StudyRecord, 'createdAt'>, createdAt: number): Steps<StudyRecord> {
  const inserted = yield statement(
    d,
    (p) =>
      `INSERT INTO tsglove_studies (name, algorithm, seed, created_at, metadata)
       VALUES (${p(study.name)}, ${p(study.algorithm)}, ${p(encodeJSON(study.seed))}, ${p(createdAt)}, ${p(encodeJSON(study.metadata ?? {}))})
       ON CONFLICT (name) DO NOTHING RETURNING name`,
  );
  if (inserted.length === 0) {
    const stored = yield* getStudy(d, study.name);
    // A retried insert that went through the first time is not a conflict.
    const mine = stored && stored.createdAt === createdAt && stored.algorithm === study.algorithm;
    if (!mine) throw new StorageError(`storage ${w.url}: a study named ${JSON.stringify(study.name)} exists`, 'study');
  }
  return { ...study, metadata: { ...study.metadata }, createdAt };
}

export function* deleteStudy(d: SqlDialect, name: string): Steps<boolean> {
  yield statement(d, (p) => `DELETE FROM tsglove_measurements WHERE study = ${p(name)}`);
  yield statement(d, (p) => `DELETE FROM tsglove_trials WHERE study = ${p(name)}`);
  return (yield statement(d, (p) => `DELETE FROM tsglove_studies WHERE name = ${p(name)} RETURNING name`)).length > 0;
}

/** Inserts a trial under the next id of the study (the study's `num_trials` goes up by one). */
function* insertTrial(
  d: SqlDialect,
  w: Worker,
  study: string,
  trial: { dna: DNAJSON; status: TrialStatus; metadata?: Record<string, unknown> },
): Steps<TrialRecord> {
  const [bumped] = yield statement(
    d,
    (p) => `UPDATE tsglove_studies SET num_trials = num_trials + 1 WHERE name = ${p(study)} RETURNING num_trials`,
  );
  const id = Number(bumped!.num_trials);
  const now = Date.now();
  const running = trial.status === 'running';
  const [row] = yield statement(
    d,
    (p, clock) =>
      `INSERT INTO tsglove_trials (study, id, dna, status, created_at, updated_at, metadata, worker, heartbeat_at, lease, lease_until)
       VALUES (${p(study)}, ${p(id)}, ${p(encodeJSON(trial.dna))}, ${p(trial.status)}, ${p(now)}, ${p(now)}, ${p(encodeJSON(trial.metadata ?? {}))},
       ${running ? `${p(w.workerId)}, ${clock()}, 1, ${clock()} + ${p(w.staleMs)}` : 'NULL, NULL, 0, NULL'}) RETURNING *`,
  );
  return trialFromRow(row as unknown as TrialRow, []);
}

export function* createTrial(
  d: SqlDialect,
  w: Worker,
  study: string,
  trial: { dna: DNAJSON; status: TrialStatus; metadata?: Record<string, unknown> },
): Steps<TrialRecord> {
  yield* studyRow(d, w, study, true);
  return yield* insertTrial(d, w, study, trial);
}

export function* updateTrial(
  d: SqlDialect,
  w: Worker,
  study: string,
  id: number,
  update: TrialUpdate,
  check?: LeaseCheck,
): Steps<TrialRecord> {
  // The row lock serializes writers of this trial (PostgreSQL); measurements are read only for the result.
  const locked = yield* trialRow(d, w, study, id);
  const t = trialFromRow(locked as unknown as TrialRow, []);
  const plan = fenceWrite(study, id, t, update, check);
  if (plan.outcome === 'already') return yield* withMeasurements(d, locked);
  const next = { ...t, ...update };
  if (plan.complete) {
    const [bumped] = yield statement(
      d,
      (p) => `UPDATE tsglove_studies SET num_completed = num_completed + 1 WHERE name = ${p(study)} RETURNING num_completed`,
    );
    next.completedSeq = Number(bumped!.num_completed);
  }
  // A claim takes a new lease for this worker; leaving `running` clears the lease columns.
  const [row] = yield statement(
    d,
    (p, clock) =>
      `UPDATE tsglove_trials SET status = ${p(next.status)}, reward = ${p(next.reward === undefined ? null : encodeJSON(next.reward))},
      metrics = ${p(next.metrics === undefined ? null : encodeJSON(next.metrics))}, reason = ${p(next.reason ?? null)},
      completed_seq = ${p(next.completedSeq ?? null)}, completed_at = ${p(next.completedAt ?? null)},
      metadata = ${p(encodeJSON(next.metadata ?? {}))}, updated_at = ${p(Date.now())}, ${
        plan.claim
          ? `lease = lease + 1, worker = ${p(w.workerId)}, heartbeat_at = ${clock()}, lease_until = ${clock()} + ${p(w.staleMs)}`
          : next.status === 'running'
            ? 'lease = lease'
            : 'worker = NULL, heartbeat_at = NULL, lease_until = NULL'
      } WHERE study = ${p(study)} AND id = ${p(id)} RETURNING *`,
  );
  return yield* withMeasurements(d, row!);
}

export function* addMeasurement(
  d: SqlDialect,
  w: Worker,
  study: string,
  id: number,
  measurement: Measurement,
  check?: LeaseCheck,
): Steps<void> {
  fenceMeasurement(study, id, trialFromRow((yield* trialRow(d, w, study, id)) as unknown as TrialRow, []), check);
  yield statement(
    d,
    (p) =>
      `INSERT INTO tsglove_measurements (study, trial_id, seq, step, data) VALUES (${p(study)}, ${p(id)},
       (SELECT COUNT(*) FROM tsglove_measurements WHERE study = ${p(study)} AND trial_id = ${p(id)}), ${p(measurement.step)}, ${p(encodeJSON(measurement))})`,
  );
  yield statement(d, (p) => `UPDATE tsglove_trials SET updated_at = ${p(Date.now())} WHERE study = ${p(study)} AND id = ${p(id)}`);
}

export function* getTrial(d: SqlDialect, w: Worker, study: string, id: number): Steps<TrialRecord | undefined> {
  yield* studyRow(d, w, study);
  const [row] = yield statement(d, (p) => `SELECT * FROM tsglove_trials WHERE study = ${p(study)} AND id = ${p(id)}`);
  return row && (yield* withMeasurements(d, row));
}

export function* listTrials(d: SqlDialect, w: Worker, study: string, status?: readonly TrialStatus[]): Steps<TrialRecord[]> {
  if (d.snapshot) yield { sql: d.snapshot, params: [] };
  yield* studyRow(d, w, study);
  const rows = yield statement(d, (p) => `SELECT * FROM tsglove_trials WHERE study = ${p(study)} ORDER BY id`);
  const ms = yield statement(d, (p) => `SELECT trial_id, data FROM tsglove_measurements WHERE study = ${p(study)} ORDER BY trial_id, seq`);
  const byTrial = new Map<number, string[]>();
  for (const m of ms) {
    const id = Number(m.trial_id);
    (byTrial.get(id) ?? byTrial.set(id, []).get(id)!).push(m.data as string);
  }
  return rows
    .filter((r) => !status || status.includes(r.status as TrialStatus))
    .map((r) => trialFromRow(r as unknown as TrialRow, byTrial.get(Number(r.id)) ?? []));
}

/** Sends the study's running trials whose lease expired back to `pending`; returns their ids. */
function* expire(d: SqlDialect, study: string): Steps<number[]> {
  const rows = yield statement(
    d,
    (p, clock) =>
      `UPDATE tsglove_trials SET status = 'pending', worker = NULL, heartbeat_at = NULL, lease_until = NULL, updated_at = ${p(Date.now())}
       WHERE study = ${p(study)} AND id IN (SELECT id FROM tsglove_trials WHERE study = ${p(study)} AND status = 'running'
       AND (lease_until IS NULL OR lease_until < ${clock()})${d.skipLocked}) RETURNING id`,
  );
  return rows.map((r) => Number(r.id)).sort((a, b) => a - b);
}

export function* requeueStale(d: SqlDialect, w: Worker, study: string): Steps<number[]> {
  yield* studyRow(d, w, study);
  return yield* expire(d, study);
}

/**
 * Hands out the next trial (see `StudyStorage.acquireTrial`): the first pending one, claimed under a
 * new lease; else, below `maxTrials`, a new one that `propose` makes while the study row is locked.
 * `reap`: first send expired trials back to `pending`.
 */
export function* acquireTrial(
  d: SqlDialect,
  w: Worker,
  study: string,
  options: AcquireOptions,
  reap: boolean,
): Steps<AcquiredTrial | undefined> {
  if (reap) yield* expire(d, study);
  const [claimed] = yield statement(
    d,
    (p, clock) =>
      `UPDATE tsglove_trials SET status = 'running', lease = lease + 1, worker = ${p(w.workerId)}, heartbeat_at = ${clock()},
       lease_until = ${clock()} + ${p(w.staleMs)}, updated_at = ${p(Date.now())}
       WHERE study = ${p(study)} AND id = (SELECT id FROM tsglove_trials WHERE study = ${p(study)} AND status = 'pending' ORDER BY id LIMIT 1${d.skipLocked})
       RETURNING *`,
  );
  if (claimed) {
    const { numTrials } = yield* studyRow(d, w, study);
    return { trial: yield* withMeasurements(d, claimed), requeued: true, numTrials };
  }
  const { numTrials } = yield* studyRow(d, w, study, true);
  if (options.maxTrials !== undefined && numTrials >= options.maxTrials) return undefined;
  const completed = yield statement(
    d,
    (p) => `SELECT * FROM tsglove_trials WHERE study = ${p(study)} AND completed_seq > ${p(options.afterSeq ?? 0)} ORDER BY completed_seq`,
  );
  const next = options.propose({ completed: completed.map((r) => trialFromRow(r as unknown as TrialRow, [])), numTrials });
  const trial = yield* insertTrial(d, w, study, { dna: next.dna, status: 'running', metadata: next.metadata });
  return { trial, requeued: false, numTrials: trial.id };
}
