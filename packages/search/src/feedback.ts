/**
 * The handle of one trial, yielded by `sample` next to its example and returned by `study.ask()`.
 */
import type { DNA } from '@tsglove/symbolic';
import type { Reward } from './generator.js';
import type { TrialRecord } from './storage/storage.js';

/** What `report` takes: a reward, `{ reward, metrics }`, or nothing (the last measurement's reward). */
export type TrialResult = Reward | { reward: Reward; metrics?: Record<string, number> } | { metrics: Record<string, number> } | undefined;

/** A measurement as `addMeasurement` takes it. */
export interface MeasurementInput {
  step: number;
  reward: Reward;
  metrics?: Record<string, number>;
  /** Where this step's model was saved. */
  checkpointPath?: string;
}

/** Errors `skipOnExceptions` turns into a skipped trial: error classes, or a test. */
export type SkippedErrors = ReadonlyArray<abstract new (...args: any[]) => unknown> | ((error: unknown) => boolean);

/** Whether `error` is one of `errors`. */
export function matchesErrors(errors: SkippedErrors, error: unknown): boolean {
  return typeof errors === 'function' ? errors(error) : errors.some((cls) => error instanceof cls);
}

/**
 * What a trial's handle asks of the study that owns the trial; `Study` implements it. (The handle
 * depends on this protocol, not on `Study`, so the two modules do not import each other.)
 */
export interface TrialOwner {
  isOpen(id: number): boolean;
  tell(id: number, result: TrialResult): Promise<TrialRecord>;
  addMeasurement(id: number, measurement: MeasurementInput): Promise<void>;
  shouldStop(id: number): Promise<boolean>;
  setMetadata(id: number, key: string, value: unknown): Promise<void>;
  getMetadata(id: number, key?: string): Promise<unknown>;
  addLink(id: number, name: string, url: string): Promise<void>;
  endLoop(): void;
  skip(id: number, reason?: string): Promise<TrialRecord>;
  prune(id: number, reason?: string): Promise<TrialRecord>;
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
  addMeasurement(measurement: MeasurementInput): Promise<void> {
    return this.study.addMeasurement(this.id, measurement);
  }
  /** Sets user metadata of this trial (`metadata.user[key]`; JSON values). */
  setMetadata(key: string, value: unknown): Promise<void> {
    return this.study.setMetadata(this.id, key, value);
  }
  /** User metadata `key` of this trial (all of it without a key). */
  getMetadata(key?: string): Promise<unknown> {
    return this.study.getMetadata(this.id, key);
  }
  /** Adds a named link to this trial (`metadata.links[name] = url`). */
  addLink(name: string, url: string): Promise<void> {
    return this.study.addLink(this.id, name, url);
  }
  /** Ends the sampling loop after this trial (no new trial starts). */
  endLoop(): void {
    this.study.endLoop();
  }
  /**
   * Runs `evaluate`; if it throws one of `errors`, the trial is skipped (infeasible, the error's
   * message as reason) and `undefined` returned instead — PyGlove's `skip_on_exceptions`.
   */
  async skipOnExceptions<R>(errors: SkippedErrors, evaluate: () => R | Promise<R>): Promise<R | undefined> {
    try {
      return await evaluate();
    } catch (error) {
      if (!matchesErrors(errors, error)) throw error;
      if (!this.ended) await this.skip(`skipped on ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
      return undefined;
    }
  }
  /** Asks the study's early-stopping policy whether to stop this trial now. */
  shouldStop(): Promise<boolean> {
    return this.study.shouldStop(this.id);
  }
  /** Marks the trial infeasible; the algorithm gets no feedback for it. */
  skip(reason?: string): Promise<TrialRecord> {
    return this.study.skip(this.id, reason);
  }
  /**
   * Ends the trial as stopped early (Optuna's `TrialPruned`): stored as `infeasible` with
   * `metadata.pruned = true` and its measurements (the learning curve so far); the algorithm gets no
   * feedback for it. Call it when `shouldStop()` says so.
   */
  prune(reason?: string): Promise<TrialRecord> {
    return this.study.prune(this.id, reason);
  }
  /** Marks the trial failed. */
  fail(reason: string): Promise<TrialRecord> {
    return this.study.fail(this.id, reason);
  }
}
