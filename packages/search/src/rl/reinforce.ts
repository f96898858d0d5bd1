/**
 * REINFORCE (Williams, 1992) over the DNASpec: proposals are drawn from a {@link Policy}; every
 * `batchSize` feedbacks the policy takes one Adam step along
 * `mean(advantage · ∇ log π(dna))`, where the advantage is the reward minus a moving-average
 * baseline, divided by a moving estimate of the rewards' spread (so the step does not depend on the
 * reward's scale). Proposals before the first update come from the uniform initial policy.
 */
import type { DNA, DNASpec, Random } from '@tsglove/symbolic';
import { GeneratorBase, type Reward, type Seed } from '../generator.js';
import { Policy, type Gradient } from './policy.js';
import { checkOptionNames } from '../options.js';

/** Options of {@link reinforce}. */
export interface ReinforceOptions {
  /** Adam learning rate (default 0.1). */
  learningRate?: number;
  /** Feedbacks per policy update (default 1). */
  batchSize?: number;
  /** Decay of the moving baseline and spread (default 0.9). */
  baselineDecay?: number;
  /** Entropy bonus weight (default 0). */
  entropyWeight?: number;
  seed?: Seed;
}

/** The option names {@link reinforce} takes (checked: an unknown one is an error). */
const REINFORCE_OPTION_NAMES: ReadonlyArray<keyof ReinforceOptions> = [
  'learningRate',
  'batchSize',
  'baselineDecay',
  'entropyWeight',
  'seed',
];

/** Moving mean and spread of rewards, for advantages. */
export class Baseline {
  private mean: number | undefined;
  private variance = 0;
  constructor(private readonly decay: number) {}
  /** The advantage of `reward` (normalized), then the baseline moves toward it. */
  advantage(reward: number): number {
    if (this.mean === undefined) {
      this.mean = reward;
      return 0;
    }
    const diff = reward - this.mean;
    // Floor the spread at a fraction of the reward scale and clip: two nearly equal first rewards
    // must not turn the next difference into a huge advantage that collapses the policy.
    const std = Math.max(Math.sqrt(this.variance), 1e-3 * Math.max(1, Math.abs(this.mean)));
    const adv = Math.max(-5, Math.min(5, diff / std));
    this.mean += (1 - this.decay) * diff;
    this.variance = this.decay * this.variance + (1 - this.decay) * diff * diff;
    return adv;
  }
}

/** REINFORCE (see the module comment). */
export class Reinforce extends GeneratorBase {
  readonly name: string = 'reinforce';
  protected policy!: Policy;
  private baseline!: Baseline;
  private batch: Array<{ dna: DNA; advantage: number }> = [];

  constructor(protected readonly options: ReinforceOptions = {}) {
    super(options.seed);
  }

  /** The current policy (after setup). */
  get currentPolicy(): Policy {
    return this.policy;
  }

  protected onSetup(spec: DNASpec): void {
    this.policy = new Policy(spec, { learningRate: this.options.learningRate ?? 0.1 });
    this.baseline = new Baseline(this.options.baselineDecay ?? 0.9);
    this.batch = [];
  }

  protected onPropose(random: Random): DNA {
    return this.policy.sample(random);
  }

  protected onFeedback(dna: DNA, reward: Reward): void {
    this.batch.push({ dna, advantage: this.baseline.advantage(reward as number) });
    if (this.batch.length < (this.options.batchSize ?? 1)) return;
    const gradient: Gradient = new Map();
    const total: Gradient = new Map();
    for (const { dna: d, advantage } of this.batch) {
      gradient.clear();
      this.policy.logProb(d, gradient);
      for (const [key, g] of gradient) {
        let t = total.get(key);
        if (!t) total.set(key, (t = new Float64Array(g.length)));
        for (let i = 0; i < g.length; i++) t[i]! += (advantage * g[i]!) / this.batch.length;
      }
    }
    if (this.options.entropyWeight) this.policy.entropyGradient(total, this.options.entropyWeight);
    this.policy.step(total);
    this.batch = [];
  }
}

/** REINFORCE (see the module comment). */
export function reinforce(options: ReinforceOptions = {}): Reinforce {
  checkOptionNames('reinforce', options, REINFORCE_OPTION_NAMES);
  return new Reinforce(options);
}
