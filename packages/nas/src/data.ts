/**
 * Data, losses and the small training loop shared by the NAS methods: in-memory splits as
 * tensors, seeded mini-batches, a gradient step over a chosen set of variables and a batched
 * metric.
 */
import * as tf from '@tensorflow/tfjs';
import { seededRandom } from '@tsglove/symbolic';
import { checkInt, checkNumber, ModelsError } from '@tsglove/models';
import { softmaxCrossEntropy, accuracy } from '@tsglove/train';
import { sgd, type Optimizer } from '@tsglove/train';
import type { Schedule } from '@tsglove/train';
import type { ImageDataset } from '@tsglove/train';

/** Examples along axis 0 of `x`, with targets `y` (integer labels, or any tensor for custom losses). */
export interface NasData {
  x: tf.Tensor;
  y: tf.Tensor;
}

/** The two splits of a NAS run: weights learn on `train`, architectures are judged on `valid`. */
export interface NasSplits {
  train: NasData;
  valid: NasData;
}

/** `(targets, outputs) => scalar`. */
export type LossFn = (y: tf.Tensor, out: tf.Tensor) => tf.Scalar;

/** What the NAS methods share about the task. */
export interface TaskOptions {
  /** Training loss (default: softmax cross-entropy over integer labels). */
  loss?: LossFn;
  /** Validation metric, larger is better; the reward of ENAS/evolution (default: accuracy). */
  metric?: LossFn;
  /** Mini-batch size (default 32). */
  batchSize?: number;
  /** Seed of batches and weights (default 0). */
  seed?: number;
}

/** Default loss: softmax cross-entropy. */
export const crossEntropyLoss: LossFn = (y, out) => softmaxCrossEntropy(y, out as tf.Tensor2D);
/** Default metric: accuracy. */
export const accuracyMetric: LossFn = (y, out) => accuracy(y as tf.Tensor1D, out as tf.Tensor2D);
/** Mean squared error (a loss). */
export const mseLoss: LossFn = (y, out) => tf.tidy(() => tf.mean(tf.square(tf.sub(out, y))) as tf.Scalar);
/** Negative mean squared error (a metric: larger is better). */
export const negMseMetric: LossFn = (y, out) => tf.tidy(() => tf.neg(mseLoss(y, out)));

/** Checks a split's tensors; `path` names it in errors. */
export function checkData(data: NasData | undefined, path: string): NasData {
  if (!data || !(data.x instanceof tf.Tensor) || !(data.y instanceof tf.Tensor)) {
    throw new ModelsError('expected { x: tf.Tensor, y: tf.Tensor }', path);
  }
  if (data.x.shape[0] === 0) throw new ModelsError('the split is empty', `${path}.x`);
  if (data.x.shape[0] !== data.y.shape[0]) {
    throw new ModelsError(`expected ${data.x.shape[0]} targets (one per example of x), got ${data.y.shape[0]}`, `${path}.y`);
  }
  return data;
}

/** Checks an integer option (`@tsglove/models`' argument check). */
export { checkInt };

/** An image dataset as tensors (`x` `[n, h, w, c]`, `y` int32 labels). */
export function fromImageDataset(data: ImageDataset): NasData {
  return { x: tf.tensor4d(data.images, [data.count, ...data.shape]), y: tf.tensor1d(data.labels, 'int32') };
}

/** Seeded mini-batches: a fresh permutation per pass over the split. */
export class Batches {
  private readonly random: () => number;
  private order: Int32Array;
  private pos = 0;
  constructor(
    private readonly data: NasData,
    private readonly batchSize: number,
    seed: number,
  ) {
    this.random = seededRandom(seed);
    this.order = this.permute();
  }
  private permute(): Int32Array {
    const n = this.data.x.shape[0];
    const p = Int32Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(this.random() * (i + 1));
      [p[i], p[j]] = [p[j]!, p[i]!];
    }
    return p;
  }
  /** The next batch (the caller disposes `x` and `y`). */
  next(): NasData {
    const n = this.order.length;
    if (this.pos + Math.min(this.batchSize, n) > n) {
      this.order = this.permute();
      this.pos = 0;
    }
    const size = Math.min(this.batchSize, n);
    const idx = this.order.slice(this.pos, this.pos + size);
    this.pos += size;
    return tf.tidy(() => {
      const i = tf.tensor1d(idx, 'int32');
      return { x: tf.gather(this.data.x, i), y: tf.gather(this.data.y, i) };
    });
  }
}

/**
 * One gradient step: `loss(y, forward(x))` differentiated with respect to `vars`; variables the
 * forward pass did not reach get no update (and the optimizer takes no step when none was
 * reached). Returns the loss before the update.
 */
export function gradientStep(
  forward: (x: tf.Tensor) => tf.Tensor,
  vars: readonly tf.Variable[],
  batch: NasData,
  loss: LossFn,
  optimizer: Optimizer,
  lr: number,
): number {
  if (vars.length === 0) {
    // A weightless network: nothing to train, only the loss to report.
    const l = tf.tidy(() => loss(batch.y, forward(batch.x)));
    const v = l.dataSync()[0]!;
    l.dispose();
    return v;
  }
  const value = tf.tidy(() => {
    // The engine's gradients allow variables without a path to the loss (e.g. a weightless path,
    // where tf.variableGrads would throw); they come back null and are left alone.
    const { value: l, grads } = tf.engine().gradients(() => loss(batch.y, forward(batch.x)), vars as tf.Variable[], undefined, true);
    const used = vars.filter((_, i) => grads[i] != null);
    if (used.length > 0)
      optimizer.apply(
        used,
        grads.filter((g) => g != null),
        lr,
      );
    return l;
  });
  const out = value.dataSync()[0]!;
  value.dispose();
  return out;
}

/** The metric over a whole split (weighted mean over batches of `batchSize`). */
export function evaluateMetric(forward: (x: tf.Tensor) => tf.Tensor, data: NasData, metric: LossFn, batchSize = 256): number {
  const n = data.x.shape[0];
  let total = 0;
  for (let start = 0; start < n; start += batchSize) {
    const size = Math.min(batchSize, n - start);
    const m = tf.tidy(() => {
      const x = tf.slice(data.x, start, size);
      const y = tf.slice(data.y, start, size);
      return metric(y, forward(x));
    });
    total += m.dataSync()[0]! * size;
    m.dispose();
  }
  return total / n;
}

/** How weights are trained (shared by supernets and stand-alone children). */
export interface WeightTraining {
  /** Learning rate: a number or a per-step schedule (default 0.05). */
  lr?: number | Schedule;
  /** Makes the weights' optimizer (default: SGD with momentum 0.9). */
  optimizer?: () => Optimizer;
}

/** The learning-rate schedule and optimizer of a {@link WeightTraining}. */
export function weightTraining(o: WeightTraining = {}): { schedule: Schedule; optimizer: Optimizer } {
  const lr = o.lr ?? 0.05;
  if (typeof lr !== 'function') checkNumber(lr, 'lr', 0);
  const schedule = typeof lr === 'number' ? () => lr : lr;
  return { schedule, optimizer: o.optimizer ? o.optimizer() : sgd({ momentum: 0.9 }) };
}
