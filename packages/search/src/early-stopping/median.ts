/**
 * Median stopping (Golovin et al., 2017, as Optuna's MedianPruner): stop a trial whose latest
 * reward is below the median of its peers' rewards at the same step, once at least `minPeers` peers
 * reached that step and the trial is past `minSteps`.
 */
import { EarlyStoppingPolicy, latest, median, valueAt, type TrialProgress } from './policy.js';
import { scalarReward } from '../generator.js';
import { checkOptionNames } from '../options.js';

/** Options of {@link medianStopping}. */
export interface MedianStoppingOptions {
  /** Never stop before this step (default 0). */
  minSteps?: number;
  /** Peers that must have reached the step (default 3). */
  minPeers?: number;
}

class MedianStopping extends EarlyStoppingPolicy {
  readonly name: string;
  constructor(private readonly options: MedianStoppingOptions) {
    super();
    this.name = `median(minSteps=${options.minSteps ?? 0}, minPeers=${options.minPeers ?? 3})`;
  }
  shouldStop(trial: TrialProgress, peers: readonly TrialProgress[]): boolean {
    const last = latest(trial);
    if (!last || last.step < (this.options.minSteps ?? 0)) return false;
    const values: number[] = [];
    for (const p of peers) {
      const end = latest(p);
      if (!end || end.step < last.step) continue;
      const v = valueAt(p, last.step);
      if (v !== undefined) values.push(v);
    }
    if (values.length < (this.options.minPeers ?? 3)) return false;
    return scalarReward(last.reward) < median(values);
  }
}

/** Median stopping (see the module comment). */
export function medianStopping(options: MedianStoppingOptions = {}): EarlyStoppingPolicy {
  checkOptionNames('medianStopping', options, ['minSteps', 'minPeers'] satisfies ReadonlyArray<keyof MedianStoppingOptions>);
  return new MedianStopping(options);
}
