/**
 * PPO (Schulman et al., 2017) over the DNASpec: proposals are drawn from a {@link Policy}; each
 * feedback records the DNA, its advantage (reward minus a moving baseline, over the rewards' moving
 * spread) and its log-probability under the current policy. Every `batchSize` feedbacks the policy
 * takes `epochs` Adam steps on the clipped surrogate
 * `mean(min(ρ·A, clip(ρ, 1−ε, 1+ε)·A))`, ρ = π(dna) / π_old(dna).
 */
import type { DNA } from '@tsglove/symbolic';
import type { Gradient } from './policy.js';
import { PolicyGradient, addScaled, type PolicyGradientOptions } from './policy-gradient.js';
import { checkOptionNames } from '../options.js';

/** Options of {@link ppo}. */
export interface PPOOptions extends PolicyGradientOptions {
  /** Adam learning rate (default 0.05). */
  learningRate?: number;
  /** Feedbacks per update (default 8). */
  batchSize?: number;
  /** Gradient steps per update (default 4). */
  epochs?: number;
  /** Clip range ε (default 0.2). */
  clip?: number;
}

/** The option names {@link ppo} takes (checked: an unknown one is an error). */
const PPO_OPTION_NAMES: ReadonlyArray<keyof PPOOptions> = [
  'learningRate',
  'batchSize',
  'epochs',
  'clip',
  'baselineDecay',
  'entropyWeight',
  'seed',
];

/** A feedback as PPO keeps it: its advantage and its log-probability under the policy of then. */
interface PPOItem {
  dna: DNA;
  advantage: number;
  oldLogProb: number;
}

/** PPO (see the module comment). */
export class PPO extends PolicyGradient<PPOOptions, PPOItem> {
  readonly name = 'ppo';

  constructor(options: PPOOptions = {}) {
    super(options, { learningRate: 0.05, batchSize: 8 });
  }

  protected record(dna: DNA, advantage: number): PPOItem {
    return { dna, advantage, oldLogProb: this.policy.logProb(dna) };
  }

  protected update(batch: readonly PPOItem[]): void {
    const eps = this.options.clip ?? 0.2;
    const gradient: Gradient = new Map();
    for (let epoch = 0; epoch < (this.options.epochs ?? 4); epoch++) {
      const total: Gradient = new Map();
      for (const { dna, advantage, oldLogProb } of batch) {
        gradient.clear();
        const ratio = Math.exp(this.policy.logProb(dna, gradient) - oldLogProb);
        // The clipped term has zero gradient once the ratio left the trust region in A's direction.
        if ((advantage > 0 && ratio > 1 + eps) || (advantage < 0 && ratio < 1 - eps)) continue;
        addScaled(total, gradient, (advantage * ratio) / batch.length);
      }
      this.ascend(total);
    }
  }
}

/** PPO (see the module comment). */
export function ppo(options: PPOOptions = {}): PPO {
  checkOptionNames('ppo', options, PPO_OPTION_NAMES);
  return new PPO(options);
}
