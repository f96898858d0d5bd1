/**
 * TuNAS-style one-shot search (Bender et al. 2020) over an MBConv space ({@link mbconvSpace}):
 * shared weights ({@link MBConvSupernet}) trained on children a controller samples, and the
 * controller — REINFORCE (or PPO) of `@tsglove/search` — rewarded with TuNAS's absolute reward
 * `accuracy + β·|latency/target − 1|`, where `accuracy` is the child's accuracy on a validation
 * batch under the shared weights and `latency` its simulated latency
 * (`estimate(accelerator, ops(child))`, `edgeTpu()` by default, cached per distinct child).
 *
 * The first `warmupFraction` of the steps train the shared weights on uniformly random children
 * (the controller waits); then every step is one weight update on a controller-sampled child and
 * one controller feedback on another. The result is the controller's most likely child.
 */
import * as tf from '@tensorflow/tfjs';
import { reinforce, tunasReward, type DNAGenerator } from '@tsglove/search';
import { seededRandom, dnaSpec, materialize, type DNA, type DNASpec } from '@tsglove/symbolic';
import type { AcceleratorConfig, EdgeAccelerator } from '@tsglove/hwsim';
import { MBConvSupernet } from './mbconv-supernet.js';
import type { MBConvNet } from './mbconv-space.js';
import { ChildCosts, type ChildCost } from './child-cost.js';
import {
  Batches,
  accuracyMetric,
  checkData,
  checkInt,
  crossEntropyLoss,
  evaluateMetric,
  gradientStep,
  weightTraining,
  type NasSplits,
  type WeightTraining,
} from './data.js';

/** Options of {@link runTunas}. */
export interface TunasOptions extends WeightTraining {
  /** Latency target, ms on the accelerator. */
  target: number;
  /** β of the absolute reward (< 0; default −0.07). */
  beta?: number;
  /** Accelerator model (default `edgeTpu()`); or share a cache with {@link TunasOptions.costs}. */
  accelerator?: AcceleratorConfig;
  /** A cost cache to reuse (its accelerator wins over `accelerator`). */
  costs?: ChildCosts;
  /** Search steps, warm-up included (default 400). */
  steps?: number;
  /** Fraction of `steps` on uniformly random children before the controller learns (default 0.25). */
  warmupFraction?: number;
  /** The controller (default `reinforce({ seed, learningRate: 0.05, batchSize: 1 })`); setup is called here. */
  controller?: DNAGenerator;
  batchSize?: number;
  /** Validation examples per controller reward (default `batchSize`). */
  rewardBatchSize?: number;
  seed?: number;
  /**
   * NAHAS, joint: the accelerator's fields join the space (`{ hw: space, arch }`, one controller
   * over both); the reward loses 1 when the design's area exceeds `areaBudget` (mm²).
   */
  hardware?: { space: EdgeAccelerator; areaBudget: number };
  /** Progress: called every `progressEvery` steps (default 25) and at the end. */
  onProgress?: (info: TunasProgress) => void;
  progressEvery?: number;
}

/** Progress of a {@link runTunas} run. */
export interface TunasProgress {
  step: number;
  steps: number;
  /** Mean training loss and reward over the last `progressEvery` steps (NaN before any). */
  meanLoss: number;
  meanReward: number;
  /** The controller's most likely child so far. */
  label: string;
  latencyMs: number;
  /** Its accelerator (joint NAHAS only). */
  hw?: EdgeAccelerator;
}

/** What {@link runTunas} found. */
export interface TunasResult {
  method: 'tunas';
  dna: DNA;
  child: MBConvNet;
  /** The accelerator found with it (joint NAHAS), else undefined (the fixed `accelerator`). */
  hw?: EdgeAccelerator;
  /** Its accuracy on the whole validation split under the shared weights. */
  sharedAccuracy: number;
  cost: ChildCost;
  reward: number;
  controller: DNAGenerator;
  /** Distinct children whose latency was estimated. */
  distinctChildren: number;
  supernetParams: number;
  history: TunasProgress[];
  ms: number;
}

/** The controller's most likely DNA (REINFORCE/PPO: coordinate ascent on the policy's log-probability; else the most frequent of 200 proposals). */
export function mostLikelyDNA(controller: DNAGenerator, spec: DNASpec): DNA {
  const policy = (controller as { currentPolicy?: { logProb(dna: DNA): number } }).currentPolicy;
  if (!policy) {
    const counts = new Map<string, { dna: DNA; n: number }>();
    for (let i = 0; i < 200; i++) {
      const dna = controller.propose();
      const key = dna.toNumbers().join(',');
      const c = counts.get(key) ?? { dna, n: 0 };
      c.n++;
      counts.set(key, c);
    }
    return [...counts.values()].sort((a, b) => b.n - a.n)[0]!.dna;
  }
  // The decisions of an MBConv space are independent categoricals: maximizing each coordinate in
  // turn (from the first candidates) reaches the joint mode.
  const numbers = spec.elements.map(() => 0);
  spec.elements.forEach((point, j) => {
    const n = (point as unknown as { candidates: unknown[] }).candidates.length;
    let best = -Infinity;
    let bestI = 0;
    for (let i = 0; i < n; i++) {
      numbers[j] = i;
      const lp = policy.logProb(spec.fromNumbers(numbers));
      if (lp > best) [best, bestI] = [lp, i];
    }
    numbers[j] = bestI;
  });
  return spec.fromNumbers(numbers);
}

const mean = (xs: number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);

/** Runs the TuNAS-style search on `space` (see the module comment). */
export function runTunas(space: MBConvNet, data: NasSplits, options: TunasOptions): TunasResult {
  const start = performance.now();
  const train = checkData(data?.train, 'data.train');
  const valid = checkData(data?.valid, 'data.valid');
  if (!(options?.target > 0)) throw new RangeError(`runTunas: options.target must be a latency > 0 ms, got ${options?.target}`);
  const steps = checkInt(options.steps ?? 400, 'steps');
  const warmup = Math.round(steps * (options.warmupFraction ?? 0.25));
  const batchSize = checkInt(options.batchSize ?? 32, 'batchSize');
  const rewardBatchSize = checkInt(options.rewardBatchSize ?? batchSize, 'rewardBatchSize');
  const every = checkInt(options.progressEvery ?? 25, 'progressEvery');
  const seed = options.seed ?? 0;
  const beta = options.beta ?? -0.07;
  const costs = options.costs ?? new ChildCosts(options.accelerator);
  const hardware = options.hardware;
  if (hardware && !(hardware.areaBudget > 0))
    throw new RangeError(`runTunas: hardware.areaBudget must be > 0 mm², got ${hardware.areaBudget}`);
  const searched: unknown = hardware ? { hw: hardware.space, arch: space } : space;
  const spec = dnaSpec(searched);
  // A DNA's child and accelerator (the fixed one unless the hardware is searched too).
  const decode = (dna: DNA): { arch: MBConvNet; hw?: EdgeAccelerator } =>
    hardware ? (materialize(searched, dna) as { arch: MBConvNet; hw: EdgeAccelerator }) : { arch: materialize(space, dna) as MBConvNet };
  const costOf = (c: { arch: MBConvNet; hw?: EdgeAccelerator }): ChildCost => costs.of(c.arch, c.hw);
  const rewardOf = (accuracy: number, c: { arch: MBConvNet; hw?: EdgeAccelerator }): number => {
    const cost = costOf(c);
    const r = tunasReward(accuracy, cost.latencyMs, { target: options.target, beta });
    return hardware && cost.areaMM2 > hardware.areaBudget ? r - 1 : r;
  };
  const controller = options.controller ?? reinforce({ seed, learningRate: 0.05 });
  controller.setup(spec, { seed });
  const net = new MBConvSupernet(space, { seed });
  const { schedule, optimizer } = weightTraining(options);
  const trainBatches = new Batches(train, batchSize, seed + 1);
  const validBatches = new Batches(valid, rewardBatchSize, seed + 2);
  const random = seededRandom(seed + 3);
  const history: TunasProgress[] = [];
  const losses: number[] = [];
  const rewards: number[] = [];
  const progress = (step: number): void => {
    const best = decode(mostLikelyDNA(controller, spec));
    const info = {
      step,
      steps,
      meanLoss: mean(losses),
      meanReward: mean(rewards),
      label: describeChild(best.arch),
      latencyMs: costOf(best).latencyMs,
      hw: best.hw,
    };
    history.push(info);
    options.onProgress?.(info);
    losses.length = 0;
    rewards.length = 0;
  };
  try {
    const weights = net.weights;
    for (let step = 0; step < steps; step++) {
      const trainDna = step < warmup ? spec.randomDNA(random) : controller.propose();
      const b = trainBatches.next();
      const graph = decode(trainDna).arch.build();
      losses.push(gradientStep((x) => net.apply(graph, x as tf.Tensor4D), weights, b, crossEntropyLoss, optimizer, schedule(step)));
      tf.dispose([b.x, b.y]);
      if (step >= warmup) {
        const dna = controller.propose();
        const c = decode(dna);
        const v = validBatches.next();
        const acc = tf.tidy(() => accuracyMetric(v.y, net.apply(c.arch, v.x as tf.Tensor4D)));
        const reward = rewardOf(acc.dataSync()[0]!, c);
        tf.dispose([acc, v.x, v.y]);
        controller.feedback(dna, reward);
        rewards.push(reward);
      }
      if ((step + 1) % every === 0 && step + 1 < steps) progress(step + 1);
    }
    progress(steps);
    const dna = mostLikelyDNA(controller, spec);
    const found = decode(dna);
    const child = found.arch;
    const graph = child.build();
    const sharedAccuracy = evaluateMetric((x) => net.apply(graph, x as tf.Tensor4D), valid, accuracyMetric);
    const cost = costOf(found);
    return {
      method: 'tunas',
      dna,
      child,
      hw: found.hw,
      sharedAccuracy,
      cost,
      reward: rewardOf(sharedAccuracy, found),
      controller,
      distinctChildren: costs.size,
      supernetParams: net.countParams(),
      history,
      ms: performance.now() - start,
    };
  } finally {
    optimizer.dispose();
    net.dispose();
  }
}

/** A short label of a child, e.g. `16 | k5e6se k3e3 | 32 | …` (per stage: filters, then kept blocks). */
export function describeChild(child: MBConvNet): string {
  return child.stages
    .map(
      (s) =>
        `${s.filters}:` +
        s.blocks
          .filter((b) => b.keep)
          .map((b) => `k${b.kernel}e${b.expand}${b.se > 0 ? 'se' : ''}`)
          .join(','),
    )
    .join(' ');
}
