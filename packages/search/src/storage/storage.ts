/**
 * The study storage interface: one protocol that `Study` speaks to every storage (memory, SQLite,
 * PostgreSQL), so the same stored history resumes to the same proposals on each. A study is a named
 * record (algorithm, seed, metadata) with trials. Rules a store must keep:
 * - `createTrial` persists the trial before it resolves (a study hands a trial out only after);
 * - trial ids are 1, 2, 3, ... per study, in creation order;
 * - completing a trial assigns `completedSeq` (1, 2, ... per study), the order `recover` replays in;
 * - records returned are copies: changing them does not change the store;
 * - fencing: each time a trial becomes `running` (created running, or claimed from `pending`) its
 *   `lease` goes up by one. A write that carries a {@link LeaseCheck} applies only while the trial
 *   is `running` under that lease; otherwise it throws `StaleTrialError` and changes nothing;
 * - an ended trial (`completed`, `infeasible`, `failed`) never changes status again, so
 *   `num_completed` equals the number of completed trials by construction;
 * - hand-out (`acquireTrial`): the first `pending` trial (enqueued, or re-queued from a dead worker)
 *   is claimed before anything new is made; a new trial is made only while the study has fewer
 *   than `maxTrials` trials of any status, and `propose` runs while no other hand-out of the study
 *   can (so its `numTrials` is the new trial's id − 1). The in-memory storage is the simplest case:
 *   one process, no leases that expire, nothing to re-queue.
 */
import type { DNAJSON } from '@tsglove/symbolic';
import type { Reward, Seed } from '../generator.js';

/** Trial states. `pending`: created, not handed out; `running`: being evaluated. */
export type TrialStatus = 'pending' | 'running' | 'completed' | 'infeasible' | 'failed';

/** An intermediate result of a trial (e.g. accuracy after an epoch). */
export interface Measurement {
  step: number;
  reward: Reward;
  metrics?: Record<string, number>;
  /** Where the model of this step was saved, if it was (PyGlove's `checkpoint_path`). */
  checkpointPath?: string;
  /** Milliseconds since the epoch. */
  time: number;
}

/** A stored trial. Times are milliseconds since the epoch. */
export interface TrialRecord {
  id: number;
  study: string;
  /** The DNA as `dna.toJSON()`. */
  dna: DNAJSON;
  status: TrialStatus;
  reward?: Reward;
  metrics?: Record<string, number>;
  measurements: Measurement[];
  /** Why the trial is infeasible or failed. */
  reason?: string;
  /** Completion order among the study's completed trials (1-based). */
  completedSeq?: number;
  createdAt: number;
  updatedAt: number;
  completedAt?: number;
  /** Metadata; what `Study` and the CLI keep here is typed and versioned in `records.ts` (read it through `storedTrial`). */
  metadata: Record<string, unknown>;
  /** The lease of the current (or last) claim: 1, 2, ... each time the trial is handed out; 0 never. */
  lease: number;
}

/** A stored study. */
export interface StudyRecord {
  name: string;
  /** The algorithm's name. */
  algorithm: string;
  seed: Seed;
  createdAt: number;
  /** Metadata; what `Study` and the CLI keep here is typed and versioned in `records.ts` (read it through `storedStudy`). */
  metadata: Record<string, unknown>;
}

/** Fields a trial update may change. */
export type TrialUpdate = Partial<Pick<TrialRecord, 'status' | 'reward' | 'metrics' | 'reason' | 'completedAt' | 'metadata'>>;

/** A write's precondition: the trial is `running` under this lease (see the module comment). */
export interface LeaseCheck {
  lease: number;
}

/** What `propose` gets: completed trials since `afterSeq` (in completion order) and the trial count. */
export interface ProposeContext {
  completed: TrialRecord[];
  numTrials: number;
}

/** Options of {@link StudyStorage.acquireTrial}. */
export interface AcquireOptions {
  /** Create no trial once the study has this many (pending trials are still handed out). */
  maxTrials?: number;
  /** Completed trials with a larger `completedSeq` are given to `propose` (default 0: all). */
  afterSeq?: number;
  /** Makes the new trial's DNA; runs while the study is locked (keep it quick and synchronous). */
  propose(context: ProposeContext): { dna: DNAJSON; metadata?: Record<string, unknown> };
}

/** A trial handed out by `acquireTrial`. */
export interface AcquiredTrial {
  /** The trial, now `running` under a new lease of this storage's worker. */
  trial: TrialRecord;
  /** True when it was `pending` (enqueued, or re-queued from a dead worker): its DNA was not proposed now. */
  requeued: boolean;
  /** Trials in the study after this one was handed out. */
  numTrials: number;
}

/** Where studies and trials live (see the module comment). */
export interface StudyStorage {
  /** The study of this name, or undefined. */
  getStudy(name: string): Promise<StudyRecord | undefined>;
  /** Creates a study; fails with `StorageError` if the name exists. */
  createStudy(study: Omit<StudyRecord, 'createdAt'>): Promise<StudyRecord>;
  /** Creates (and persists) a trial with the next id. */
  createTrial(study: string, trial: { dna: DNAJSON; status: TrialStatus; metadata?: Record<string, unknown> }): Promise<TrialRecord>;
  /**
   * Updates a trial; completing it assigns `completedSeq`; `running` from `pending` claims it (a new
   * lease). With `check`, refuses (`StaleTrialError`) unless the trial runs under `check.lease`;
   * a retried write that already applied under that lease returns the stored trial.
   */
  updateTrial(study: string, id: number, update: TrialUpdate, check?: LeaseCheck): Promise<TrialRecord>;
  /** Appends a measurement to a trial (fenced like `updateTrial` when `check` is given). */
  addMeasurement(study: string, id: number, measurement: Measurement, check?: LeaseCheck): Promise<void>;
  /** One trial, or undefined. */
  getTrial(study: string, id: number): Promise<TrialRecord | undefined>;
  /** Trials in id order (optionally only those with the given statuses). */
  listTrials(study: string, options?: { status?: readonly TrialStatus[] }): Promise<TrialRecord[]>;
  /** Number of trials in the study. */
  countTrials(study: string): Promise<number>;
  /** Hands out the study's next trial, claimed under a new lease (see the module comment); undefined when the study is full. */
  acquireTrial(study: string, options: AcquireOptions): Promise<AcquiredTrial | undefined>;
  /** Re-queues the study's running trials whose lease expired (any host, any PID); returns their ids. */
  requeueStale(study: string): Promise<number[]>;
  /**
   * After `acquireTrial` found the study full: whether it may still hand a trial out later — a
   * running or pending trial the caller does not hold (`held`) could come back to `pending` (its
   * lease may expire). Never in memory, where leases do not expire.
   */
  mayHandOutMore(study: string, held: ReadonlySet<number>): Promise<boolean>;
}
