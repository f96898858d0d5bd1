/**
 * What REINFORCE and PPO share: proposals drawn from a {@link Policy} made at setup, a moving
 * {@link Baseline} that turns each reward into an advantage, and a batch of feedbacks that updates
 * the policy when it is full. A subclass says what a feedback records and how a full batch moves
 * the policy.
 */
import type { DNA, DNASpec, Random } from '@tsglove/symbolic';
import { GeneratorBase, type Reward, type Seed } from '../generator.js';
import { Policy, type Gradient } from './policy.js';

/** Options every policy-gradient algorithm takes. */
export interface PolicyGradientOptions {
  /** Adam learning rate. */
  learningRate?: number;
  /** Feedbacks per policy update. */
  batchSize?: number;
  /** Decay of the moving baseline and spread (default 0.9). */
  baselineDecay?: number;
  /** Entropy bonus weight (default 0). */
  entropyWeight?: number;
  seed?: Seed;
}

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

/** A policy-gradient algorithm over the DNASpec (see the module comment). */
export abstract class PolicyGradient<O extends PolicyGradientOptions, Item extends { dna: DNA }> extends GeneratorBase {
  protected policy!: Policy;
  private baseline!: Baseline;
  private batch: Item[] = [];

  /** `defaults`: the algorithm's learning rate and batch size when `options` give none. */
  constructor(
    protected readonly options: O,
    private readonly defaults: { learningRate: number; batchSize: number },
  ) {
    super(options.seed);
  }

  /** The current policy (after setup). */
  get currentPolicy(): Policy {
    return this.policy;
  }

  protected onSetup(spec: DNASpec): void {
    this.policy = new Policy(spec, { learningRate: this.options.learningRate ?? this.defaults.learningRate });
    this.baseline = new Baseline(this.options.baselineDecay ?? 0.9);
    this.batch = [];
  }

  protected onPropose(random: Random): DNA {
    return this.policy.sample(random);
  }

  protected onFeedback(dna: DNA, reward: Reward): void {
    this.batch.push(this.record(dna, this.baseline.advantage(reward as number)));
    if (this.batch.length < (this.options.batchSize ?? this.defaults.batchSize)) return;
    this.update(this.batch);
    this.batch = [];
  }

  /** What the batch keeps of one feedback, given its advantage. */
  protected abstract record(dna: DNA, advantage: number): Item;

  /** Moves the policy with a full batch (by {@link ascend}, once or more). */
  protected abstract update(batch: readonly Item[]): void;

  /** One Adam step up `total`, plus the entropy bonus when one is set. */
  protected ascend(total: Gradient): void {
    if (this.options.entropyWeight) this.policy.entropyGradient(total, this.options.entropyWeight);
    this.policy.step(total);
  }
}

/** Adds `(scale · g) / divisor` of every entry of `gradient` into `total`. */
export function addScaled(total: Gradient, gradient: Gradient, scale: number, divisor = 1): void {
  for (const [key, g] of gradient) {
    let t = total.get(key);
    if (!t) total.set(key, (t = new Float64Array(g.length)));
    for (let i = 0; i < g.length; i++) t[i]! += (scale * g[i]!) / divisor;
  }
}
