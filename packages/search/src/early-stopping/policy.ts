/**
 * Early-stopping policies: given a running trial's measurements and those of its peers (the
 * study's other trials), decide whether to stop it. Policies combine with `.and()`, `.or()` and
 * `.not()` (or {@link and}, {@link or}, {@link not}). Measurement rewards are compared as numbers
 * (the first objective of a tuple); larger is better.
 */
import type { Measurement, TrialStatus } from '../storage/storage.js';
import { scalarReward } from '../generator.js';

/** What a policy sees of a trial. */
export interface TrialProgress {
  id: number;
  status: TrialStatus;
  measurements: readonly Measurement[];
}

/** Base class of early-stopping policies. */
export abstract class EarlyStoppingPolicy {
  /** Short description, e.g. `median(minSteps=2)`. */
  abstract readonly name: string;
  /** Whether `trial` should stop now, given its peers (every other trial of the study). */
  abstract shouldStop(trial: TrialProgress, peers: readonly TrialProgress[]): boolean;

  /** Stops when both policies would. */
  and(other: EarlyStoppingPolicy): EarlyStoppingPolicy {
    return and(this, other);
  }
  /** Stops when either policy would. */
  or(other: EarlyStoppingPolicy): EarlyStoppingPolicy {
    return or(this, other);
  }
  /** Stops when this policy would not. */
  not(): EarlyStoppingPolicy {
    return not(this);
  }
}

class Combined extends EarlyStoppingPolicy {
  constructor(
    readonly name: string,
    private readonly decide: (trial: TrialProgress, peers: readonly TrialProgress[]) => boolean,
  ) {
    super();
  }
  shouldStop(trial: TrialProgress, peers: readonly TrialProgress[]): boolean {
    return this.decide(trial, peers);
  }
}

/** Stops when every policy would. */
export function and(...policies: EarlyStoppingPolicy[]): EarlyStoppingPolicy {
  return new Combined(`(${policies.map((p) => p.name).join(' and ')})`, (t, peers) => policies.every((p) => p.shouldStop(t, peers)));
}
/** Stops when any policy would. */
export function or(...policies: EarlyStoppingPolicy[]): EarlyStoppingPolicy {
  return new Combined(`(${policies.map((p) => p.name).join(' or ')})`, (t, peers) => policies.some((p) => p.shouldStop(t, peers)));
}
/** Stops when `policy` would not. */
export function not(policy: EarlyStoppingPolicy): EarlyStoppingPolicy {
  return new Combined(`not ${policy.name}`, (t, peers) => !policy.shouldStop(t, peers));
}

/** The trial's latest measurement, or undefined. */
export function latest(trial: TrialProgress): Measurement | undefined {
  return trial.measurements[trial.measurements.length - 1];
}

/** A trial's reward at `step`: its last measurement at or before `step` (undefined if none). */
export function valueAt(trial: TrialProgress, step: number): number | undefined {
  let value: number | undefined;
  for (const m of trial.measurements) {
    if (m.step > step) break;
    value = scalarReward(m.reward);
  }
  return value;
}

/** Median of a non-empty list. */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
