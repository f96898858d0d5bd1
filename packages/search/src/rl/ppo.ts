/**
 * PPO (Schulman et al., 2017) over the DNASpec: proposals are drawn from a {@link Policy}; each
 * feedback records the DNA, its advantage (reward minus a moving baseline, over the rewards' moving
 * spread) and its log-probability under the current policy. Every `batchSize` feedbacks the policy
 * takes `epochs` Adam steps on the clipped surrogate
 * `mean(min(ρ·A, clip(ρ, 1−ε, 1+ε)·A))`, ρ = π(dna) / π_old(dna).
 */
import type { DNA, DNASpec, Random } from '@tsglove/symbolic';
import { GeneratorBase, type Reward, type Seed } from '../generator.js';
import { Policy, type Gradient } from './policy.js';
import { Baseline } from './reinforce.js';
import { checkOptionNames } from '../options.js';

/** Options of {@link ppo}. */
export interface PPOOptions {
  /** Adam learning rate (default 0.05). */
  learningRate?: number;
  /** Feedbacks per update (default 8). */
  batchSize?: number;
  /** Gradient steps per update (default 4). */
  epochs?: number;
  /** Clip range ε (default 0.2). */
  clip?: number;
  /** Decay of the moving baseline and spread (default 0.9). */
  baselineDecay?: number;
  /** Entropy bonus weight (default 0). */
  entropyWeight?: number;
  seed?: Seed;
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

/** PPO (see the module comment). */
export class PPO extends GeneratorBase {
  readonly name = 'ppo';
  private policy!: Policy;
  private baseline!: Baseline;
  private batch: Array<{ dna: DNA; advantage: number; oldLogProb: number }> = [];

  constructor(private readonly options: PPOOptions = {}) {
    super(options.seed);
  }

  /** The current policy (after setup). */
  get currentPolicy(): Policy {
    return this.policy;
  }

  protected onSetup(spec: DNASpec): void {
    this.policy = new Policy(spec, { learningRate: this.options.learningRate ?? 0.05 });
    this.baseline = new Baseline(this.options.baselineDecay ?? 0.9);
    this.batch = [];
  }

  protected onPropose(random: Random): DNA {
    return this.policy.sample(random);
  }

  protected onFeedback(dna: DNA, reward: Reward): void {
    this.batch.push({ dna, advantage: this.baseline.advantage(reward as number), oldLogProb: this.policy.logProb(dna) });
    if (this.batch.length < (this.options.batchSize ?? 8)) return;
    const eps = this.options.clip ?? 0.2;
    const gradient: Gradient = new Map();
    for (let epoch = 0; epoch < (this.options.epochs ?? 4); epoch++) {
      const total: Gradient = new Map();
      for (const { dna: d, advantage, oldLogProb } of this.batch) {
        gradient.clear();
        const ratio = Math.exp(this.policy.logProb(d, gradient) - oldLogProb);
        // The clipped term has zero gradient once the ratio left the trust region in A's direction.
        if ((advantage > 0 && ratio > 1 + eps) || (advantage < 0 && ratio < 1 - eps)) continue;
        const w = (advantage * ratio) / this.batch.length;
        for (const [key, g] of gradient) {
          let t = total.get(key);
          if (!t) total.set(key, (t = new Float64Array(g.length)));
          for (let i = 0; i < g.length; i++) t[i]! += w * g[i]!;
        }
      }
      if (this.options.entropyWeight) this.policy.entropyGradient(total, this.options.entropyWeight);
      this.policy.step(total);
    }
    this.batch = [];
  }
}

/** PPO (see the module comment). */
export function ppo(options: PPOOptions = {}): PPO {
  checkOptionNames('ppo', options, PPO_OPTION_NAMES);
  return new PPO(options);
}
