/**
 * Schedule-based stopping, as PyGlove's `early_stop_by_value` and `early_stop_by_rank`: a list of
 * gates `(step, threshold)`; a trial that has reached a gate's step is checked against it.
 * - by value: stop if the trial's reward at the gate's step is below `minReward`;
 * - by rank: stop if its rank at that step among every trial that reached it (1 = best) is worse
 *   than `maxRank`, or (with `maxFraction`) if it is outside the best fraction of them.
 */
import { SearchError } from '../errors.js';
import { EarlyStoppingPolicy, latest, valueAt, type TrialProgress } from './policy.js';

/** A gate of {@link stopByValue}. */
export interface ValueGate {
  step: number;
  minReward: number;
}

/** A gate of {@link stopByRank}: give `maxRank` or `maxFraction`. */
export interface RankGate {
  step: number;
  /** Largest rank that continues (1 = best). */
  maxRank?: number;
  /** Largest rank as a fraction of the trials at that step (e.g. 0.5: the better half). */
  maxFraction?: number;
  /** Don't judge before this many trials reached the step (default 1). */
  minTrials?: number;
}

class ByValue extends EarlyStoppingPolicy {
  readonly name: string;
  constructor(private readonly gates: readonly ValueGate[]) {
    super();
    this.name = `stopByValue(${gates.map((g) => `${g.step}:${g.minReward}`).join(', ')})`;
  }
  shouldStop(trial: TrialProgress): boolean {
    const last = latest(trial);
    if (!last) return false;
    return this.gates.some((g) => last.step >= g.step && valueAt(trial, g.step) !== undefined && valueAt(trial, g.step)! < g.minReward);
  }
}

class ByRank extends EarlyStoppingPolicy {
  readonly name: string;
  constructor(private readonly gates: readonly RankGate[]) {
    super();
    for (const g of gates) {
      if ((g.maxRank === undefined) === (g.maxFraction === undefined)) {
        throw new SearchError(`stopByRank: the gate at step ${g.step} needs exactly one of maxRank and maxFraction`, 'gates');
      }
    }
    this.name = `stopByRank(${gates.map((g) => `${g.step}:${g.maxRank ?? `${g.maxFraction! * 100}%`}`).join(', ')})`;
  }
  shouldStop(trial: TrialProgress, peers: readonly TrialProgress[]): boolean {
    const last = latest(trial);
    if (!last) return false;
    for (const g of this.gates) {
      if (last.step < g.step) continue;
      const mine = valueAt(trial, g.step);
      if (mine === undefined) continue;
      const values = [mine];
      for (const p of peers) {
        const end = latest(p);
        const v = end && end.step >= g.step ? valueAt(p, g.step) : undefined;
        if (v !== undefined) values.push(v);
      }
      if (values.length < (g.minTrials ?? 1)) continue;
      const rank = 1 + values.filter((v) => v > mine).length;
      const limit = g.maxRank ?? Math.max(1, Math.ceil(g.maxFraction! * values.length));
      if (rank > limit) return true;
    }
    return false;
  }
}

/** Stop-by-value gates (see the module comment). */
export function stopByValue(gates: readonly ValueGate[]): EarlyStoppingPolicy {
  return new ByValue(gates);
}

/** Stop-by-rank gates (see the module comment). */
export function stopByRank(gates: readonly RankGate[]): EarlyStoppingPolicy {
  return new ByRank(gates);
}
