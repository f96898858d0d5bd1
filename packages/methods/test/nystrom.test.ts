/** Nyström attention: landmarks = n equals softmax attention; pinv; shapes, gradients, leaks. */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@tsglove/train';
import {
  softmaxAttention,
  nystromAttention,
  iterativePinv,
  segmentMeanMatrix,
  sequenceTransformer,
  recurrenceTask,
  sequenceBatch,
} from '@tsglove/methods';
import { ModelsError } from '@tsglove/models';

beforeAll(async () => {
  await initBackend('cpu');
});

const rnd = (shape: [number, number, number], seed: number): tf.Tensor3D => tf.randomNormal(shape, 0, 1, 'float32', seed) as tf.Tensor3D;
const maxAbsDiff = (a: tf.Tensor, b: tf.Tensor): number => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);

describe('softmaxAttention', () => {
  it('matches a hand computation on a 2-token example', () => {
    const q = tf.tensor3d([
      [
        [1, 0],
        [0, 1],
      ],
    ]);
    const k = tf.tensor3d([
      [
        [1, 0],
        [0, 1],
      ],
    ]);
    const v = tf.tensor3d([
      [
        [1, 2],
        [3, 4],
      ],
    ]);
    const out = softmaxAttention(q, k, v);
    const e = Math.exp(1 / Math.SQRT2);
    const p = e / (e + 1); // weight on the matching key
    expect(Array.from(out.dataSync())).toEqual(
      [p * 1 + (1 - p) * 3, p * 2 + (1 - p) * 4, (1 - p) * 1 + p * 3, (1 - p) * 2 + p * 4].map((x) => expect.closeTo(x, 5)),
    );
    tf.dispose([q, k, v, out]);
  });
});

describe('nystromAttention', () => {
  it('with as many landmarks as tokens equals softmax attention', () => {
    const [q, k, v] = [rnd([2, 6, 4], 1), rnd([2, 6, 4], 2), rnd([2, 6, 4], 3)];
    const before = tf.memory().numTensors;
    const exact = softmaxAttention(q, k, v);
    const approx = nystromAttention(q, k, v, { landmarks: 6, pinvIterations: 30 });
    expect(approx.shape).toEqual([2, 6, 4]);
    expect(maxAbsDiff(exact, approx)).toBeLessThan(2e-3);
    tf.dispose([exact, approx]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([q, k, v]);
  });

  it('with fewer landmarks approximates, and the error shrinks as landmarks grow', () => {
    // smooth sequences (neighbouring tokens similar), where segment means are good landmarks
    const base = tf.tidy(() => tf.cumsum(tf.mul(rnd([1, 32, 8], 4), 0.15), 1) as tf.Tensor3D);
    const exact = softmaxAttention(base, base, base);
    const errors = [2, 8, 32].map((m) => {
      const a = nystromAttention(base, base, base, { landmarks: m, pinvIterations: 20 });
      const e = maxAbsDiff(exact, a);
      a.dispose();
      return e;
    });
    expect(errors[2]!).toBeLessThan(errors[0]!);
    expect(errors[1]!).toBeLessThan(errors[0]!);
    tf.dispose([base, exact]);
  });

  it('segment means: rows average contiguous segments, also when m does not divide n', () => {
    const s = segmentMeanMatrix(5, 2);
    expect(Array.from(s.dataSync())).toEqual([0.5, 0.5, 0, 0, 0, 0, 0, 1 / 3, 1 / 3, 1 / 3].map((x) => expect.closeTo(x, 6)));
    s.dispose();
    expect(() => segmentMeanMatrix(4, 5)).toThrow(ModelsError);
  });

  it('gradients flow to queries, keys and values', () => {
    const [q, k, v] = [rnd([1, 8, 4], 5), rnd([1, 8, 4], 6), rnd([1, 8, 4], 7)];
    const grads = tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) =>
      tf.sum(tf.square(nystromAttention(a as tf.Tensor3D, b as tf.Tensor3D, c as tf.Tensor3D, { landmarks: 4 }))),
    )([q, k, v]);
    for (const g of grads) {
      expect(g.shape).toEqual([1, 8, 4]);
      const norm = tf.tidy(() => tf.norm(g).dataSync()[0]!);
      expect(norm).toBeGreaterThan(0);
      expect(Number.isFinite(norm)).toBe(true);
    }
    tf.dispose([q, k, v, ...grads]);
  });
});

describe('iterativePinv', () => {
  it('inverts a well-conditioned matrix and satisfies A·Z·A = A', () => {
    const a = tf.tensor3d([
      [
        [0.6, 0.3, 0.1],
        [0.2, 0.7, 0.1],
        [0.1, 0.2, 0.7],
      ],
    ]);
    const z = iterativePinv(a, 20);
    const prod = tf.matMul(a, z);
    expect(maxAbsDiff(prod, tf.eye(3).expandDims(0))).toBeLessThan(1e-4);
    tf.dispose([a, z, prod]);
  });

  it('rejects non-square input', () => {
    const a = tf.zeros([1, 2, 3]) as tf.Tensor3D;
    expect(() => iterativePinv(a)).toThrow(ModelsError);
    a.dispose();
  });
});

describe('sequenceTransformer', () => {
  it('gives [b, classes] logits for both attention kinds, gradients reach every weight, no leaks', () => {
    const data = recurrenceTask({ count: 4, length: 12, vocab: 8, seed: 1 });
    const { x, y } = sequenceBatch(data, 0, 4);
    for (const attention of ['softmax', 'nystrom'] as const) {
      const model = sequenceTransformer({ vocab: 8, length: 12, width: 8, heads: 2, attention, landmarks: 4 });
      const before = tf.memory().numTensors;
      const logits = model.apply(x);
      expect(logits.shape).toEqual([4, 2]);
      logits.dispose();
      const { value, grads } = tf.variableGrads(
        () => tf.losses.softmaxCrossEntropy(tf.oneHot(y, 2), model.apply(x)) as tf.Scalar,
        model.trainableWeights as tf.Variable[],
      );
      for (const w of model.trainableWeights) expect(tf.tidy(() => tf.norm(grads[w.name]!).dataSync()[0]!)).toBeGreaterThan(0);
      tf.dispose([value, ...Object.values(grads)]);
      expect(tf.memory().numTensors).toBe(before);
      model.dispose();
    }
    tf.dispose([x, y]);
    expect(() => sequenceTransformer({ vocab: 8, length: 12, attention: 'nystrom', landmarks: 13 })).toThrow(/landmarks/);
  });

  it('the recurrence task is balanced and its labels are right', () => {
    const d = recurrenceTask({ count: 400, length: 10, vocab: 6, seed: 2 });
    let positives = 0;
    for (let i = 0; i < d.count; i++) {
      const row = Array.from(d.tokens.subarray(i * 10, i * 10 + 10));
      expect(row.slice(1).includes(row[0]!)).toBe(d.labels[i] === 1);
      positives += d.labels[i]!;
    }
    expect(positives).toBeGreaterThan(160);
    expect(positives).toBeLessThan(240);
  });
});
