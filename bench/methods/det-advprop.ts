/**
 * The Det-AdvProp experiment: pretrain the shape detector on clean images, then fine-tune two
 * copies of it from the same weights — plainly and with Det-AdvProp — and compare mAP@0.5 on clean
 * test images and under synthetic shifts (Gaussian noise, low contrast).
 */
import * as tf from '@tensorflow/tfjs';
import { seededRandom } from '@tsglove/symbolic';
import { adam } from '@tsglove/train';
import { shapesDataset, type DetectionDataset } from '@tsglove/methods';
import { shapeDetector, type ShapeDetector } from '@tsglove/methods';
import { meanAveragePrecision } from '@tsglove/methods';
import { detectorTrainStep, detAdvPropStep, copyMainBnToAux } from '@tsglove/methods';
import type { PgdOptions } from '@tsglove/methods';
import { shuffled } from './sat.js';
import { since } from './common.js';

/** Shifts of the test images. */
export const DETECTION_SHIFTS: Record<string, (x: tf.Tensor4D) => tf.Tensor4D> = {
  noise: (x) => tf.tidy(() => tf.clipByValue(tf.add(x, tf.randomNormal(x.shape, 0, 0.12, 'float32', 3)), 0, 1) as tf.Tensor4D),
  lowContrast: (x) => tf.tidy(() => tf.add(tf.mul(x, 0.35), 0.3) as tf.Tensor4D),
};

function batch(d: DetectionDataset, idx: ArrayLike<number>): { x: tf.Tensor4D; objects: DetectionDataset['objects'] } {
  const px = d.size * d.size * 3;
  const images = new Float32Array(idx.length * px);
  const objects: DetectionDataset['objects'] = [];
  for (let i = 0; i < idx.length; i++) {
    images.set(d.images.subarray(idx[i]! * px, (idx[i]! + 1) * px), i * px);
    objects.push(d.objects[idx[i]!]!);
  }
  return { x: tf.tensor4d(images, [idx.length, d.size, d.size, 3]), objects };
}

/** mAP@0.5 of a detector on a data set, optionally shifted. */
export function detectionMap(det: ShapeDetector, d: DetectionDataset, shift?: (x: tf.Tensor4D) => tf.Tensor4D): number {
  const preds = [];
  for (let i = 0; i < d.count; i += 100) {
    const idx = Array.from({ length: Math.min(100, d.count - i) }, (_, j) => i + j);
    const { x } = batch(d, idx);
    const input = shift ? shift(x) : x;
    preds.push(...det.detect(input));
    tf.dispose([x, input]);
  }
  return meanAveragePrecision(preds, d.objects, d.numClasses);
}

type Mode = 'plain' | 'advprop';

function epochs(
  det: ShapeDetector,
  d: DetectionDataset,
  n: number,
  mode: Mode,
  lr: number,
  bs: number,
  seed: number,
  attack: PgdOptions,
): { seconds: number; chosenCls: number; steps: number } {
  const opt = adam();
  const random = seededRandom(seed);
  const start = performance.now();
  let chosenCls = 0;
  let steps = 0;
  for (let e = 0; e < n; e++) {
    const order = shuffled(d.count, random);
    for (let s = 0; s + bs <= d.count; s += bs) {
      const { x, objects } = batch(d, order.subarray(s, s + bs));
      const t = det.targets(objects);
      if (mode === 'plain') detectorTrainStep(det, opt, x, t, lr);
      else if (detAdvPropStep(det, opt, x, t, lr, { ...attack, seed: steps }).chosen === 'cls') chosenCls++;
      tf.dispose([x, t.cls, t.box, t.state]);
      steps++;
    }
  }
  opt.dispose();
  return { seconds: since(start), chosenCls, steps };
}

/** Arguments of {@link runDetAdvProp}. */
export interface DetAdvPropRunOptions {
  trainCount: number;
  testCount: number;
  pretrainEpochs: number;
  finetuneEpochs: number;
  attack?: PgdOptions;
  lr?: number;
  batchSize?: number;
  seed?: number;
}

/** One row per fine-tuning mode: mAP clean and per shift, seconds, how often the cls attack was kept. */
export function runDetAdvProp(
  a: DetAdvPropRunOptions,
): Array<{ mode: Mode; clean: number; shifted: Record<string, number>; seconds: number; chosenClsFraction: number }> {
  const seed = a.seed ?? 0;
  const train = shapesDataset({ count: a.trainCount, seed: 100 + seed });
  const test = shapesDataset({ count: a.testCount, seed: 9999 });
  const lr = a.lr ?? 2e-3;
  const bs = a.batchSize ?? 32;
  const attack = a.attack ?? { epsilon: 0.03, steps: 1, stepSize: 0.03, randomStart: false };
  const base = shapeDetector({ seed, auxBatchNorm: true });
  epochs(base, train, a.pretrainEpochs, 'plain', lr, bs, seed, attack);
  const snapshot = base.variables.map((v) => tf.clone(v));
  const rows = (['plain', 'advprop'] as const).map((mode) => {
    const det = shapeDetector({ seed, auxBatchNorm: true });
    det.variables.forEach((v, i) => v.assign(snapshot[i]!));
    if (mode === 'advprop') copyMainBnToAux(det);
    const r = epochs(det, train, a.finetuneEpochs, mode, lr / 2, bs, seed + 1, attack);
    const shifted: Record<string, number> = {};
    for (const [name, fn] of Object.entries(DETECTION_SHIFTS)) shifted[name] = detectionMap(det, test, fn);
    const out = {
      mode,
      clean: detectionMap(det, test),
      shifted,
      seconds: r.seconds,
      chosenClsFraction: mode === 'advprop' ? r.chosenCls / r.steps : NaN,
    };
    det.dispose();
    return out;
  });
  tf.dispose(snapshot);
  base.dispose();
  return rows;
}
