/**
 * The SAT experiment: the same small ConvNet, adversarially trained with PGD on a Fashion-MNIST
 * subset under the same budget, once per activation; clean and PGD accuracy on held-out images.
 */
import * as tf from '@tensorflow/tfjs';
import { seededRandom } from '@tsglove/symbolic';
import { sgd } from '@tsglove/train';
import { warmupCosine } from '@tsglove/train';
import { gatherBatch } from '@tsglove/train';
import type { ImageDataset } from '@tsglove/train';
import { convNet } from '@tsglove/methods';
import { adversarialTrainStep, robustAccuracy, type PgdOptions } from '@tsglove/methods';
import type { MethodActivation } from '@tsglove/methods';
import { since } from './common.js';

/** Arguments of {@link runSat}. */
export interface SatRunOptions {
  activation: MethodActivation;
  train: ImageDataset;
  test: ImageDataset;
  epochs: number;
  /** ε of training and evaluation attacks (default 0.1). */
  epsilon?: number;
  /** PGD steps while training (default 2). */
  trainSteps?: number;
  /** PGD steps at evaluation (default 10). */
  evalSteps?: number;
  filters?: number[];
  batchSize?: number;
  lr?: number;
  seed?: number;
}

/** One SAT run's outcome. */
export interface SatResult {
  activation: MethodActivation;
  clean: number;
  robust: number;
  trainSeconds: number;
}

/** A random permutation of `[0, n)` from `random`. */
export function shuffled(n: number, random: () => number): Int32Array {
  const p = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [p[i], p[j]] = [p[j]!, p[i]!];
  }
  return p;
}

/** Trains with PGD adversarial training and evaluates clean and PGD accuracy. */
export function runSat(a: SatRunOptions): SatResult {
  const seed = a.seed ?? 0;
  const eps = a.epsilon ?? 0.1;
  const model = convNet({ filters: a.filters ?? [16, 32, 32], activation: a.activation, seed });
  const bs = a.batchSize ?? 64;
  const perEpoch = Math.floor(a.train.count / bs);
  const total = perEpoch * a.epochs;
  const schedule = warmupCosine({ baseLr: a.lr ?? 0.05, warmupSteps: Math.min(20, Math.floor(total / 5)), totalSteps: total });
  const opt = sgd({ momentum: 0.9, weightDecay: 5e-4 });
  const random = seededRandom(seed + 17);
  const attack: PgdOptions = { epsilon: eps, steps: a.trainSteps ?? 2, stepSize: (2.5 * eps) / (a.trainSteps ?? 2) };
  const start = performance.now();
  let order = shuffled(a.train.count, random);
  for (let s = 0; s < total; s++) {
    if (s % perEpoch === 0 && s > 0) order = shuffled(a.train.count, random);
    const { x, y } = gatherBatch(a.train, order, (s % perEpoch) * bs, bs);
    adversarialTrainStep(model, opt, x, y, schedule(s), { attack: { ...attack, seed: seed * 100_000 + s } });
    tf.dispose([x, y]);
  }
  const trainSeconds = since(start);
  const { clean, robust } = robustAccuracy(model, a.test, { attack: { epsilon: eps, steps: a.evalSteps ?? 10, seed: 7 } });
  opt.dispose();
  model.dispose();
  return { activation: a.activation, clean, robust, trainSeconds };
}
