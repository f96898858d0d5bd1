/**
 * REINFORCE (Williams, 1992) over the DNASpec: proposals are drawn from a {@link Policy}; every
 * `batchSize` feedbacks the policy takes one Adam step along
 * `mean(advantage · ∇ log π(dna))`, where the advantage is the reward minus a moving-average
 * baseline, divided by a moving estimate of the rewards' spread (so the step does not depend on the
 * reward's scale). Proposals before the first update come from the uniform initial policy.
 */
import type { DNA } from '@tsglove/symbolic';
import type { Gradient } from './policy.js';
import { PolicyGradient, addScaled, type PolicyGradientOptions } from './policy-gradient.js';
import { checkOptionNames } from '../options.js';

/** Options of {@link reinforce}. */
export interface ReinforceOptions extends PolicyGradientOptions {
  /** Adam learning rate (default 0.1). */
  learningRate?: number;
  /** Feedbacks per policy update (default 1). */
  batchSize?: number;
}

/** The option names {@link reinforce} takes (checked: an unknown one is an error). */
const REINFORCE_OPTION_NAMES: ReadonlyArray<keyof ReinforceOptions> = [
  'learningRate',
  'batchSize',
  'baselineDecay',
  'entropyWeight',
  'seed',
];

/** REINFORCE (see the module comment). */
export class Reinforce extends PolicyGradient<ReinforceOptions, { dna: DNA; advantage: number }> {
  readonly name: string = 'reinforce';

  constructor(options: ReinforceOptions = {}) {
    super(options, { learningRate: 0.1, batchSize: 1 });
  }

  protected record(dna: DNA, advantage: number): { dna: DNA; advantage: number } {
    return { dna, advantage };
  }

  protected update(batch: ReadonlyArray<{ dna: DNA; advantage: number }>): void {
    const gradient: Gradient = new Map();
    const total: Gradient = new Map();
    for (const { dna, advantage } of batch) {
      gradient.clear();
      this.policy.logProb(dna, gradient);
      addScaled(total, gradient, advantage, batch.length);
    }
    this.ascend(total);
  }
}

/** REINFORCE (see the module comment). */
export function reinforce(options: ReinforceOptions = {}): Reinforce {
  checkOptionNames('reinforce', options, REINFORCE_OPTION_NAMES);
  return new Reinforce(options);
}
