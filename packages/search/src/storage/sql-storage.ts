/**
 * The durable storages' common body: every {@link SharedStudyStorage} method runs one operation of
 * `sql-steps.ts` in one transaction of the driver (SQLite or PostgreSQL), and keeps this worker's
 * held trials in its lease keeper (`heartbeat.ts`). A driver supplies only how to run steps in a
 * transaction and how to close.
 */
import type { DNAJSON } from '@tsglove/symbolic';
import { StaleTrialError } from '../errors.js';
import type { LeaseKeeper } from './heartbeat.js';
import type { HeartbeatOptions, SharedStudyStorage, StudySummary } from './shared-store.js';
import { DEFAULT_STALE_MS } from './shared-store.js';
import * as steps from './sql-steps.js';
import type { SqlDialect, Steps, Worker } from './sql-steps.js';
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

/** What a transaction does: `write` takes the write lock at its start (SQLite `BEGIN IMMEDIATE`). */
export type TransactionKind = 'read' | 'write';

/** A study database reached through SQL (see the module comment). */
export abstract class SqlStudyStorage implements SharedStudyStorage {
  private lastReap = -Infinity;
  private readonly reapEveryMs: number;
  protected readonly worker: Worker;
  protected closed = false;

  protected constructor(
    private readonly dialect: SqlDialect,
    readonly url: string,
    readonly workerId: string,
    options: HeartbeatOptions,
    private readonly keeper?: LeaseKeeper,
  ) {
    this.reapEveryMs = options.reapEveryMs ?? 0;
    this.worker = { workerId, staleMs: options.staleMs ?? DEFAULT_STALE_MS, url };
  }

  /** Runs `make()`'s steps in one transaction; `what` names the operation in errors. Retried as a whole where the driver retries. */
  protected abstract transact<R>(what: string, kind: TransactionKind, make: () => Steps<R>): Promise<R>;
  /** Stops the driver (after the lease keeper stopped). */
  protected abstract disconnect(): Promise<void>;

  /** Heartbeat statistics of this worker's lease keeper (beats sent, failed beats). */
  get heartbeats(): { beats: number; errors: number; lastError?: string } {
    return { ...(this.keeper?.stats ?? { beats: 0, errors: 0 }) };
  }

  /** Tracks a trial this worker now holds (or no longer holds) in the lease keeper. */
  private track(t: TrialRecord): TrialRecord {
    if (t.status === 'running') this.keeper?.hold(t.study, t.id, t.lease);
    else this.keeper?.release(t.study, t.id);
    return t;
  }

  /** Whether an acquire should scan for expired trials now (see `reapEveryMs`). */
  private reapDue(): boolean {
    const now = performance.now();
    if (now - this.lastReap < this.reapEveryMs) return false;
    this.lastReap = now;
    return true;
  }

  getStudy(name: string): Promise<StudyRecord | undefined> {
    return this.transact('reading a study', 'read', () => steps.getStudy(this.dialect, name));
  }

  createStudy(study: Omit<StudyRecord, 'createdAt'>): Promise<StudyRecord> {
    const createdAt = Date.now();
    return this.transact('creating a study', 'write', () => steps.createStudy(this.dialect, this.worker, study, createdAt));
  }

  async createTrial(study: string, trial: { dna: DNAJSON; status: TrialStatus; metadata?: Record<string, unknown> }): Promise<TrialRecord> {
    return this.track(await this.transact('creating a trial', 'write', () => steps.createTrial(this.dialect, this.worker, study, trial)));
  }

  async updateTrial(study: string, id: number, update: TrialUpdate, check?: LeaseCheck): Promise<TrialRecord> {
    try {
      return this.track(
        await this.transact(`updating trial ${id}`, 'write', () => steps.updateTrial(this.dialect, this.worker, study, id, update, check)),
      );
    } catch (error) {
      if (error instanceof StaleTrialError) this.keeper?.release(study, id);
      throw error;
    }
  }

  async addMeasurement(study: string, id: number, measurement: Measurement, check?: LeaseCheck): Promise<void> {
    await this.transact(`adding a measurement to trial ${id}`, 'write', () =>
      steps.addMeasurement(this.dialect, this.worker, study, id, measurement, check),
    );
  }

  getTrial(study: string, id: number): Promise<TrialRecord | undefined> {
    return this.transact(`reading trial ${id}`, 'read', () => steps.getTrial(this.dialect, this.worker, study, id));
  }

  listTrials(study: string, options: { status?: readonly TrialStatus[] } = {}): Promise<TrialRecord[]> {
    return this.transact('listing trials', 'read', () => steps.listTrials(this.dialect, this.worker, study, options.status));
  }

  countTrials(study: string): Promise<number> {
    return this.transact('counting trials', 'read', () => steps.countTrials(this.dialect, this.worker, study));
  }

  requeueStale(study: string): Promise<number[]> {
    return this.transact('re-queuing expired trials', 'write', () => steps.requeueStale(this.dialect, this.worker, study));
  }

  async acquireTrial(study: string, options: AcquireOptions): Promise<AcquiredTrial | undefined> {
    const reap = this.reapDue();
    const got = await this.transact('acquiring a trial', 'write', () =>
      steps.acquireTrial(this.dialect, this.worker, study, options, reap),
    );
    if (got) this.track(got.trial);
    return got;
  }

  /** Durable storages: any unfinished trial may come back (its lease may expire), so it is worth waiting for. */
  async mayHandOutMore(study: string, held: ReadonlySet<number>): Promise<boolean> {
    const unfinished = await this.listTrials(study, { status: ['running', 'pending'] });
    return unfinished.some((t) => !held.has(t.id));
  }

  deleteStudy(name: string): Promise<boolean> {
    return this.transact(`deleting study ${JSON.stringify(name)}`, 'write', () => steps.deleteStudy(this.dialect, name));
  }

  listStudies(): Promise<StudySummary[]> {
    return this.transact('listing studies', 'read', () => steps.listStudies(this.dialect));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.keeper?.close();
    await this.disconnect();
  }
}
