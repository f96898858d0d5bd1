/**
 * The custom training loop: `tf.variableGrads` over the model's trainable weights, an
 * {@link Optimizer} and a {@link Schedule}, softmax cross-entropy with label smoothing.
 */
import * as tf from '@tensorflow/tfjs';
import { seededRandom, type Random } from '@tsglove/symbolic';
import type { TfModel } from './model.js';
import type { Optimizer } from './slot-optimizer.js';
import type { Schedule } from './schedules.js';
import { softmaxCrossEntropy, accuracy } from './losses.js';
import type { ImageDataset } from './data/fashion-mnist.js';
import { ModelsError } from './errors.js';
import { checkInt } from '@tsglove/models';

/**
 * One training step on a batch: forward, gradients, optimizer update. Returns the loss before the
 * update (a scalar the caller disposes).
 */
export function trainStep(model: TfModel, optimizer: Optimizer, x: tf.Tensor4D, y: tf.Tensor, lr: number, labelSmoothing = 0): tf.Scalar {
  return tf.tidy(() => {
    const weights = model.trainableWeights as tf.Variable[];
    const { value, grads } = tf.variableGrads(() => softmaxCrossEntropy(y, model.apply(x, true), labelSmoothing), weights);
    optimizer.apply(
      weights,
      weights.map((w) => grads[w.name]!),
      lr,
    );
    return value;
  });
}

/** Options of {@link fit}. */
export interface FitOptions {
  optimizer: Optimizer;
  /** Learning rate per step, or a constant. */
  schedule: Schedule | number;
  /** Default 32. */
  batchSize?: number;
  /** Passes over the data (default 1); `steps` overrides. */
  epochs?: number;
  /** Total steps (batches); default `epochs · ceil(count / batchSize)`. */
  steps?: number;
  /** Label smoothing ε (default 0). */
  labelSmoothing?: number;
  /** Seed of the per-epoch shuffle (default 0); `null` keeps the data order. */
  shuffleSeed?: number | null;
  /** Called after every step with the step's loss. */
  onStep?: (step: number, loss: number) => void;
}

/** What {@link fit} did. */
export interface FitResult {
  /** Loss of every step. */
  losses: number[];
  steps: number;
  images: number;
}

function permutation(n: number, random: Random | null): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  if (random) {
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      const t = p[i]!;
      p[i] = p[j]!;
      p[j] = t;
    }
  }
  return p;
}

/** Gathers rows `order[start, start+size)` of a dataset into tensors. */
export function gatherBatch(data: ImageDataset, order: Int32Array, start: number, size: number): { x: tf.Tensor4D; y: tf.Tensor1D } {
  const n = Math.min(size, order.length - start);
  const px = data.shape[0] * data.shape[1] * data.shape[2];
  const images = new Float32Array(n * px);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const src = order[start + i]!;
    images.set(data.images.subarray(src * px, (src + 1) * px), i * px);
    labels[i] = data.labels[src]!;
  }
  return { x: tf.tensor4d(images, [n, ...data.shape]), y: tf.tensor1d(labels, 'int32') };
}

/** Trains `model` on `data` with the custom loop; returns the loss of every step. */
export function fit(model: TfModel, data: ImageDataset, options: FitOptions): FitResult {
  const batchSize = options.batchSize ?? 32;
  checkInt(batchSize, 'batchSize');
  if (data.count === 0) throw new ModelsError('the dataset is empty', 'data');
  const perEpoch = Math.ceil(data.count / batchSize);
  const steps = options.steps ?? (options.epochs ?? 1) * perEpoch;
  checkInt(steps, 'steps');
  const schedule =
    typeof options.schedule === 'number'
      ? (
          (lr: number) => () =>
            lr
        )(options.schedule)
      : options.schedule;
  const random = options.shuffleSeed === null ? null : seededRandom(options.shuffleSeed ?? 0);
  const losses: number[] = [];
  let order = permutation(data.count, random);
  let images = 0;
  for (let step = 0; step < steps; step++) {
    const within = step % perEpoch;
    if (within === 0 && step > 0) order = permutation(data.count, random);
    const { x, y } = gatherBatch(data, order, within * batchSize, batchSize);
    const loss = trainStep(model, options.optimizer, x, y, schedule(step), options.labelSmoothing ?? 0);
    const value = loss.dataSync()[0]!;
    images += x.shape[0];
    tf.dispose([x, y, loss]);
    losses.push(value);
    options.onStep?.(step, value);
  }
  return { losses, steps, images };
}

/** Mean loss and accuracy of `model` on `data` (inference mode). */
export function evaluate(model: TfModel, data: ImageDataset, batchSize = 256): { loss: number; accuracy: number } {
  const order = permutation(data.count, null);
  let loss = 0;
  let correct = 0;
  for (let start = 0; start < data.count; start += batchSize) {
    const { x, y } = gatherBatch(data, order, start, batchSize);
    const [l, a] = tf.tidy(() => {
      const logits = model.apply(x, false);
      return [softmaxCrossEntropy(y, logits), accuracy(y, logits)];
    });
    loss += l!.dataSync()[0]! * x.shape[0];
    correct += a!.dataSync()[0]! * x.shape[0];
    tf.dispose([x, y, l!, a!]);
  }
  return { loss: loss / data.count, accuracy: correct / data.count };
}
