/**
 * The handle of one trial, yielded by `sample` next to its example and returned by `study.ask()`.
 */
import type { DNA } from '@tsglove/symbolic';
import type { Reward } from './generator.js';
import type { TrialRecord } from './storage/storage.js';

/** What `report` takes: a reward, `{ reward, metrics }`, or nothing (the last measurement's reward). */
export type TrialResult = Reward | { reward: Reward; metrics?: Record<string, number> } | undefined;

/**
 * What a trial's handle asks of the study that owns the trial; `Study` implements it. (The handle
 * depends on this protocol, not on `Study`, so the two modules do not import each other.)
 */
export interface TrialOwner {
  isOpen(id: number): boolean;
  tell(id: number, result: TrialResult): Promise<TrialRecord>;
  addMeasurement(id: number, measurement: { step: number; reward: Reward; metrics?: Record<string, number> }): Promise<void>;
  shouldStop(id: number): Promise<boolean>;
  skip(id: number, reason?: string): Promise<TrialRecord>;
  fail(id: number, reason: string): Promise<TrialRecord>;
}

/** One trial's handle (see the module comment). */
export class Feedback<T = unknown> {
  constructor(
    /** The study the trial belongs to (a `Study`). */
    readonly study: TrialOwner,
    /** Trial id (1-based, per study). */
    readonly id: number,
    /** The trial's DNA. */
    readonly dna: DNA,
    /** The materialized child program. */
    readonly example: T,
  ) {}

  /** Whether the trial has ended (reported, skipped or failed) through this study object. */
  get ended(): boolean {
    return !this.study.isOpen(this.id);
  }

  /** Ends the trial with its reward (or `{ reward, metrics }`; nothing: the last measurement's). */
  report(result?: TrialResult): Promise<TrialRecord> {
    return this.study.tell(this.id, result);
  }
  /** Records progress (e.g. validation accuracy after an epoch). */
  addMeasurement(measurement: { step: number; reward: Reward; metrics?: Record<string, number> }): Promise<void> {
    return this.study.addMeasurement(this.id, measurement);
  }
  /** Asks the study's early-stopping policy whether to stop this trial now. */
  shouldStop(): Promise<boolean> {
    return this.study.shouldStop(this.id);
  }
  /** Marks the trial infeasible; the algorithm gets no feedback for it. */
  skip(reason?: string): Promise<TrialRecord> {
    return this.study.skip(this.id, reason);
  }
  /** Marks the trial failed. */
  fail(reason: string): Promise<TrialRecord> {
    return this.study.fail(this.id, reason);
  }
}
