/**
 * The study storage interface. A study is a named record (algorithm, seed, metadata) with trials;
 * the in-memory storage backs it for now, and a durable store (SQLite, PostgreSQL) can implement the
 * same async methods. Rules a store must keep:
 * - `createTrial` persists the trial before it resolves (a study hands a trial out only after);
 * - trial ids are 1, 2, 3, ... per study, in creation order;
 * - completing a trial assigns `completedSeq` (1, 2, ... per study), the order `recover` replays in;
 * - records returned are copies: changing them does not change the store.
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
  metadata: Record<string, unknown>;
}

/** A stored study. */
export interface StudyRecord {
  name: string;
  /** The algorithm's name. */
  algorithm: string;
  seed: Seed;
  createdAt: number;
  metadata: Record<string, unknown>;
}

/** Fields a trial update may change. */
export type TrialUpdate = Partial<Pick<TrialRecord, 'status' | 'reward' | 'metrics' | 'reason' | 'completedAt' | 'metadata'>>;

/** Where studies and trials live (see the module comment). */
export interface StudyStorage {
  /** The study of this name, or undefined. */
  getStudy(name: string): Promise<StudyRecord | undefined>;
  /** Creates a study; fails with `StorageError` if the name exists. */
  createStudy(study: Omit<StudyRecord, 'createdAt'>): Promise<StudyRecord>;
  /** Creates (and persists) a trial with the next id. */
  createTrial(study: string, trial: { dna: DNAJSON; status: TrialStatus; metadata?: Record<string, unknown> }): Promise<TrialRecord>;
  /** Updates a trial; completing it assigns `completedSeq`. */
  updateTrial(study: string, id: number, update: TrialUpdate): Promise<TrialRecord>;
  /** Appends a measurement to a trial. */
  addMeasurement(study: string, id: number, measurement: Measurement): Promise<void>;
  /** One trial, or undefined. */
  getTrial(study: string, id: number): Promise<TrialRecord | undefined>;
  /** Trials in id order (optionally only those with the given statuses). */
  listTrials(study: string, options?: { status?: readonly TrialStatus[] }): Promise<TrialRecord[]>;
  /** Number of trials in the study. */
  countTrials(study: string): Promise<number>;
}
