/**
 * The hardware-aware search experiment of issue 18: for each latency target on a simulated
 * accelerator, find an MBConv child with (a) the one-shot TuNAS search (`runTunas`), (b)
 * regularized evolution training each child from scratch for a short proxy budget, (c) random
 * sampling under (b)'s wall clock — all three with the same absolute reward
 * `accuracy + β·|latency/target − 1|` over the same symbolic space — then retrain each found child
 * and a MobileNetV2-style baseline scaled to the target, standalone, with several seeds.
 */
import * as tf from '@tensorflow/tfjs';
import { seededRandom, dnaSpec, materialize } from '@tsglove/symbolic';
import { random as randomSearch, regularizedEvolution, sample, tunasReward, type DNAGenerator } from '@tsglove/search';
import { fit, sgd, toTfModel, warmupCosine, type ImageDataset } from '@tsglove/train';
import { ModelsError } from '@tsglove/models';
import { mbconvSpace, mobileNetV2Baseline, type MBConvNet, type MBConvSpaceOptions } from './mbconv-space.js';
import { ChildCosts, type ChildCost } from './child-cost.js';
import { describeChild, runTunas } from './tunas.js';
import { fromImageDataset } from './data.js';

/** Options of {@link runHardwareAwareSearch}. */
export interface HardwareAwareSearchOptions {
  /** Weights and proxy training learn here. */
  train: ImageDataset;
  /** Rewards (shared-weight and proxy accuracy) are measured here. */
  valid: ImageDataset;
  /** Final accuracy of the retrained children is measured here. */
  test: ImageDataset;
  /** The space (default `mbconvSpace({ inputShape: train.shape })`). */
  space?: MBConvNet;
  spaceOptions?: MBConvSpaceOptions;
  /** Latency targets, ms; default the 25th/50th/75th percentiles of 200 random children. */
  targets?: readonly number[];
  beta?: number;
  /** Cost cache / accelerator (default `new ChildCosts()`: `edgeTpu()`). */
  costs?: ChildCosts;
  /** One-shot steps (default 300). */
  oneShotSteps?: number;
  /** Children of the evolution search (default 16) and proxy training steps per child (default 40). */
  evolutionTrials?: number;
  proxySteps?: number;
  /** Retraining steps per found child (default 150) and seeds (default 3). */
  retrainSteps?: number;
  seeds?: number;
  batchSize?: number;
  lr?: number;
  seed?: number;
  onProgress?: (message: string) => void;
}

/** One method's result at one target. */
export interface MethodResult {
  target: number;
  method: 'one-shot' | 'evolution' | 'random' | 'baseline';
  child: MBConvNet;
  label: string;
  cost: ChildCost;
  /** Search wall time, seconds (0 for the baseline). */
  searchSeconds: number;
  /** Children the search trained or scored. */
  searchedChildren: number;
  /** Test accuracy of each retraining seed. */
  accuracies: number[];
  meanAccuracy: number;
  stdAccuracy: number;
}

/** Trains a child from scratch (SGD momentum, warm-up cosine) and returns its accuracy on `evalData`. */
export function trainAndScore(
  child: MBConvNet,
  train: ImageDataset,
  evalData: ImageDataset,
  steps: number,
  seed: number,
  batchSize = 32,
  lr = 0.05,
): number {
  const model = toTfModel(child.build(), { seed });
  const optimizer = sgd({ momentum: 0.9 });
  try {
    fit(model, train, {
      optimizer,
      schedule: warmupCosine({ baseLr: lr, warmupSteps: Math.floor(steps / 10), totalSteps: steps }),
      steps,
      batchSize,
      shuffleSeed: seed,
    });
    // After a short run the moving averages (momentum 0.99) still lag the weights: score with
    // batch statistics, as the supernet does.
    return evaluateBatchStats(model, evalData);
  } finally {
    optimizer.dispose();
    model.dispose();
  }
}

/** Accuracy with batch-norm batch statistics (batches of 250; the moving averages it updates are thrown away). */
function evaluateBatchStats(model: ReturnType<typeof toTfModel>, data: ImageDataset): number {
  let correct = 0;
  const px = data.shape[0] * data.shape[1] * data.shape[2];
  for (let start = 0; start < data.count; start += 250) {
    const n = Math.min(250, data.count - start);
    const c = tf.tidy(() => {
      const x = tf.tensor4d(data.images.subarray(start * px, (start + n) * px), [n, ...data.shape]);
      const y = tf.tensor1d(data.labels.subarray(start, start + n), 'int32');
      const logits = model.applyAll(x, true)[0] as tf.Tensor2D;
      return tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), y), 'float32'));
    });
    correct += c.dataSync()[0]!;
    c.dispose();
  }
  return correct / data.count;
}

const meanOf = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const stdOf = (xs: readonly number[]): number => {
  if (xs.length < 2) return 0;
  const m = meanOf(xs);
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
};

/** A from-scratch search (evolution or random) with the absolute reward on proxy accuracy. */
async function searchFromScratch(
  space: MBConvNet,
  algorithm: DNAGenerator,
  o: { numExamples?: number; timeout?: number; seed: number },
  target: number,
  costs: ChildCosts,
  score: (child: MBConvNet, seed: number) => number,
  beta: number,
): Promise<{ child: MBConvNet; seconds: number; children: number }> {
  const start = performance.now();
  let best: { child: MBConvNet; reward: number } | undefined;
  let n = 0;
  for await (const [child, feedback] of sample(space, algorithm, { numExamples: o.numExamples, timeout: o.timeout, seed: o.seed })) {
    const net = child as MBConvNet;
    const reward = tunasReward(score(net, o.seed + n), costs.of(net).latencyMs, { target, beta });
    n++;
    await feedback.report(reward);
    if (!best || reward > best.reward) best = { child: net, reward };
  }
  if (!best) throw new ModelsError('no child was evaluated (budget 0?)', 'search');
  return { child: best.child, seconds: (performance.now() - start) / 1000, children: n };
}

/** The baseline (width × depth grid) whose latency is closest to `target`. */
export function baselineFor(target: number, costs: ChildCosts, options: MBConvSpaceOptions = {}): MBConvNet {
  let best: { net: MBConvNet; gap: number } | undefined;
  for (const depth of [1, 2]) {
    for (const width of [0, 0.25, 0.5, 0.75, 1]) {
      const net = mobileNetV2Baseline(width, { ...options, depth });
      const gap = Math.abs(costs.of(net).latencyMs / target - 1);
      if (!best || gap < best.gap) best = { net, gap };
    }
  }
  return best!.net;
}

/** Runs the experiment (see the module comment). */
export async function runHardwareAwareSearch(o: HardwareAwareSearchOptions): Promise<MethodResult[]> {
  const costs = o.costs ?? new ChildCosts();
  const spaceOptions = { inputShape: o.train.shape, ...o.spaceOptions };
  const space = o.space ?? mbconvSpace(spaceOptions);
  const seed = o.seed ?? 0;
  const beta = o.beta ?? -0.07;
  const batchSize = o.batchSize ?? 32;
  const lr = o.lr ?? 0.05;
  const seeds = o.seeds ?? 3;
  const log = o.onProgress ?? ((): void => {});
  const spec = dnaSpec(space);
  let targets = o.targets;
  if (!targets) {
    const r = seededRandom(seed + 11);
    const lat = Array.from({ length: 200 }, () => costs.of(materialize(space, spec.randomDNA(r)) as MBConvNet).latencyMs).sort(
      (a, b) => a - b,
    );
    targets = [lat[50]!, lat[100]!, lat[150]!];
  }
  const splits = { train: fromImageDataset(o.train), valid: fromImageDataset(o.valid) };
  const proxySteps = o.proxySteps ?? 40;
  const proxyScore = (child: MBConvNet, s: number): number => trainAndScore(child, o.train, o.valid, proxySteps, s, batchSize, lr);
  const found: Array<Omit<MethodResult, 'accuracies' | 'meanAccuracy' | 'stdAccuracy'>> = [];
  try {
    for (const target of targets) {
      log(`target ${target.toFixed(4)} ms: one-shot search`);
      const t = runTunas(space, splits, {
        target,
        beta,
        costs,
        steps: o.oneShotSteps ?? 300,
        batchSize,
        lr,
        seed,
        onProgress: (p) =>
          log(
            `  one-shot step ${p.step}/${p.steps}: loss ${p.meanLoss.toFixed(3)}, reward ${p.meanReward.toFixed(3)}, likely ${p.label} (${p.latencyMs.toFixed(4)} ms)`,
          ),
      });
      found.push({
        target,
        method: 'one-shot',
        child: t.child,
        label: describeChild(t.child),
        cost: t.cost,
        searchSeconds: t.ms / 1000,
        searchedChildren: t.controller.numFeedbacks,
      });
      log(`target ${target.toFixed(4)} ms: evolution (${o.evolutionTrials ?? 16} children × ${proxySteps} steps)`);
      const evo = await searchFromScratch(
        space,
        regularizedEvolution({ populationSize: 8, tournamentSize: 3, seed }),
        { numExamples: o.evolutionTrials ?? 16, seed },
        target,
        costs,
        proxyScore,
        beta,
      );
      found.push({
        target,
        method: 'evolution',
        child: evo.child,
        label: describeChild(evo.child),
        cost: costs.of(evo.child),
        searchSeconds: evo.seconds,
        searchedChildren: evo.children,
      });
      log(`target ${target.toFixed(4)} ms: random for ${evo.seconds.toFixed(0)} s`);
      const rnd = await searchFromScratch(
        space,
        randomSearch({ seed: seed + 5 }),
        { timeout: evo.seconds, seed: seed + 1000 },
        target,
        costs,
        proxyScore,
        beta,
      );
      found.push({
        target,
        method: 'random',
        child: rnd.child,
        label: describeChild(rnd.child),
        cost: costs.of(rnd.child),
        searchSeconds: rnd.seconds,
        searchedChildren: rnd.children,
      });
      const base = baselineFor(target, costs, spaceOptions);
      found.push({
        target,
        method: 'baseline',
        child: base,
        label: describeChild(base),
        cost: costs.of(base),
        searchSeconds: 0,
        searchedChildren: 0,
      });
    }
  } finally {
    tf.dispose([splits.train.x, splits.train.y, splits.valid.x, splits.valid.y]);
  }
  const results: MethodResult[] = [];
  for (const f of found) {
    const accuracies: number[] = [];
    for (let s = 0; s < seeds; s++) {
      accuracies.push(trainAndScore(f.child, o.train, o.test, o.retrainSteps ?? 150, seed + 100 + s, batchSize, lr));
      log(`retrain ${f.method} @ ${f.target.toFixed(4)} ms, seed ${s}: ${(accuracies[s]! * 100).toFixed(1)}%`);
    }
    results.push({ ...f, accuracies, meanAccuracy: meanOf(accuracies), stdAccuracy: stdOf(accuracies) });
  }
  return results;
}
