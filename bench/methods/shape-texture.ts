/**
 * The shape–texture experiment: the same ConvNet trained plainly and with cue-conflict images
 * added to every batch (labels `γ·shape + (1 − γ)·texture`); clean accuracy, accuracy under
 * synthetic corruptions, and shape bias on cue-conflict test images.
 */
import * as tf from '@tensorflow/tfjs';
import { sgd } from '@tsglove/train';
import { warmupCosine } from '@tsglove/train';
import type { ImageDataset } from '@tsglove/train';
import { convNet, type ConvNet } from '@tsglove/methods';
import { cueConflict, gaussianBlur, mixedLabels } from '@tsglove/methods';
import { robustAccuracy } from '@tsglove/methods';
import { trainClassifier } from './large-batch.js';

/** Synthetic corruptions of images in [0, 1]. */
export const CORRUPTIONS: Record<string, (x: tf.Tensor4D, seed: number) => tf.Tensor4D> = {
  noise: (x, seed) => tf.tidy(() => tf.clipByValue(tf.add(x, tf.randomNormal(x.shape, 0, 0.2, 'float32', seed)), 0, 1) as tf.Tensor4D),
  blur: (x) => gaussianBlur(x, 1.2),
  contrast: (x) => tf.tidy(() => tf.add(tf.mul(tf.sub(x, tf.mean(x, [1, 2, 3], true)), 0.3), tf.mean(x, [1, 2, 3], true)) as tf.Tensor4D),
};

function mapImages(data: ImageDataset, fn: (x: tf.Tensor4D) => tf.Tensor4D): ImageDataset {
  const x = tf.tensor4d(data.images, [data.count, ...data.shape]);
  const y = fn(x);
  const images = y.dataSync() as Float32Array;
  tf.dispose([x, y]);
  return { ...data, images: Float32Array.from(images) };
}

/** Arguments of {@link runShapeTexture}. */
export interface ShapeTextureRunOptions {
  train: ImageDataset;
  test: ImageDataset;
  epochs: number;
  /** Train with cue-conflict images. */
  debiased: boolean;
  /** γ, the shape label's weight (default 0.5). */
  shapeWeight?: number;
  batchSize?: number;
  seed?: number;
}

/** Accuracies of one run. */
export interface ShapeTextureResult {
  clean: number;
  corrupted: Record<string, number>;
  /** On cue-conflict test images: fraction predicted as the shape's class / the texture's class. */
  shapeMatch: number;
  textureMatch: number;
}

/** Pairs every test image with the image `count/2` positions later as its texture source. */
function cueConflictTest(test: ImageDataset): { data: ImageDataset; textureLabels: Int32Array } {
  const shift = Math.floor(test.count / 2);
  const idx = Int32Array.from({ length: test.count }, (_, i) => (i + shift) % test.count);
  const textureLabels = Int32Array.from(idx, (i) => test.labels[i]!);
  const c = tf.tensor4d(test.images, [test.count, ...test.shape]);
  const s = tf.gather(c, tf.tensor1d(idx, 'int32'));
  const out = cueConflict(c, s as tf.Tensor4D);
  const images = Float32Array.from(out.dataSync() as Float32Array);
  tf.dispose([c, s, out]);
  return { data: { ...test, images }, textureLabels };
}

function predictions(model: ConvNet, data: ImageDataset): Int32Array {
  const out = new Int32Array(data.count);
  const px = data.shape[0] * data.shape[1] * data.shape[2];
  for (let i = 0; i < data.count; i += 250) {
    const end = Math.min(data.count, i + 250);
    const x = tf.tensor4d(data.images.subarray(i * px, end * px), [end - i, ...data.shape]);
    const p = tf.tidy(() => tf.argMax(model.apply(x), -1));
    out.set(p.dataSync() as Int32Array, i);
    tf.dispose([x, p]);
  }
  return out;
}

/** Trains one model and measures it. */
export function runShapeTexture(a: ShapeTextureRunOptions): ShapeTextureResult {
  const seed = a.seed ?? 0;
  const bs = a.batchSize ?? 64;
  const model = convNet({ filters: [16, 32, 32], seed });
  const opt = sgd({ momentum: 0.9 });
  const total = Math.floor(a.train.count / bs) * a.epochs;
  const k = a.train.numClasses;
  const augment = a.debiased
    ? (x: tf.Tensor4D, y: tf.Tensor1D) =>
        tf.tidy(() => {
          const n = x.shape[0];
          const perm = tf.tensor1d(
            Int32Array.from({ length: n }, (_, i) => (i + 1 + (seed % (n - 1))) % n),
            'int32',
          );
          const style = tf.gather(x, perm) as tf.Tensor4D;
          const cue = cueConflict(x, style);
          const labels = tf.concat(
            [tf.oneHot(y, k).toFloat(), mixedLabels(y, tf.gather(y, perm) as tf.Tensor1D, k, a.shapeWeight ?? 0.5)],
            0,
          );
          return { x: tf.concat([x, cue], 0) as tf.Tensor4D, y: labels };
        })
    : undefined;
  trainClassifier(model, a.train, {
    optimizer: opt,
    schedule: warmupCosine({ baseLr: 0.05, warmupSteps: Math.floor(total / 10), totalSteps: total }),
    batchSize: bs,
    epochs: a.epochs,
    seed,
    ...(augment ? { augment } : {}),
  });
  opt.dispose();
  const clean = robustAccuracy(model, a.test, { attack: null }).clean;
  const corrupted: Record<string, number> = {};
  for (const [name, fn] of Object.entries(CORRUPTIONS))
    corrupted[name] = robustAccuracy(
      model,
      mapImages(a.test, (x) => fn(x, 5)),
      { attack: null },
    ).clean;
  const cc = cueConflictTest(a.test);
  const pred = predictions(model, cc.data);
  let shape = 0;
  let texture = 0;
  pred.forEach((p, i) => {
    if (p === a.test.labels[i]) shape++;
    if (p === cc.textureLabels[i]) texture++;
  });
  model.dispose();
  return { clean, corrupted, shapeMatch: shape / a.test.count, textureMatch: texture / a.test.count };
}
