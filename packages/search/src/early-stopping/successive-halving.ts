/**
 * Asynchronous successive halving (ASHA; Li et al., 2020) by step. Rungs are at steps
 * `minStep · reductionFactor^k`. When a trial has reached a rung, it continues only if its reward
 * there is among the top `max(1, floor(n / reductionFactor))` of the n trials that reached that
 * rung so far (itself included); otherwise it stops. Between rungs the last decision holds.
 */
import { SearchError } from '../errors.js';
import { EarlyStoppingPolicy, latest, valueAt, type TrialProgress } from './policy.js';
import { checkOptionNames } from '../options.js';

/** Options of {@link successiveHalving}. */
export interface SuccessiveHalvingOptions {
  /** Step of the first rung (default 1). */
  minStep?: number;
  /** Keep 1 / reductionFactor of the trials at each rung (default 3). */
  reductionFactor?: number;
  /** No rungs at or beyond this step (default Infinity). */
  maxStep?: number;
}

class SuccessiveHalving extends EarlyStoppingPolicy {
  readonly name: string;
  private readonly minStep: number;
  private readonly eta: number;
  private readonly maxStep: number;
  constructor(options: SuccessiveHalvingOptions) {
    super();
    this.minStep = options.minStep ?? 1;
    this.eta = options.reductionFactor ?? 3;
    this.maxStep = options.maxStep ?? Infinity;
    if (!(this.minStep > 0)) throw new SearchError(`successiveHalving: minStep must be > 0, got ${this.minStep}`, 'minStep');
    if (!(this.eta > 1)) throw new SearchError(`successiveHalving: reductionFactor must be > 1, got ${this.eta}`, 'reductionFactor');
    this.name = `asha(minStep=${this.minStep}, reductionFactor=${this.eta})`;
  }

  /** The rung steps up to `step`. */
  rungs(step: number): number[] {
    const out: number[] = [];
    for (let r = this.minStep; r <= step && r < this.maxStep; r *= this.eta) out.push(r);
    return out;
  }

  shouldStop(trial: TrialProgress, peers: readonly TrialProgress[]): boolean {
    const last = latest(trial);
    if (!last) return false;
    for (const rung of this.rungs(last.step)) {
      const mine = valueAt(trial, rung)!;
      const others: number[] = [];
      for (const p of peers) {
        const end = latest(p);
        if (end && end.step >= rung) others.push(valueAt(p, rung)!);
      }
      const all = [...others, mine].sort((a, b) => b - a);
      const keep = Math.max(1, Math.floor(all.length / this.eta));
      if (mine < all[keep - 1]!) return true;
    }
    return false;
  }
}

/** ASHA by step (see the module comment). */
export function successiveHalving(options: SuccessiveHalvingOptions = {}): EarlyStoppingPolicy {
  checkOptionNames('successiveHalving', options, ['minStep', 'reductionFactor', 'maxStep'] satisfies ReadonlyArray<
    keyof SuccessiveHalvingOptions
  >);
  return new SuccessiveHalving(options);
}
