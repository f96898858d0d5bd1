/**
 * The Nyström experiment: forward time and working memory of softmax vs Nyström attention as the
 * sequence grows, and accuracy of the two in the same small transformer on the recurrence task.
 */
import * as tf from '@tensorflow/tfjs';
import { adam } from '@tsglove/train';
import { nystromAttention, nystromAttentionOps, softmaxAttention, softmaxAttentionOps } from '@tsglove/methods';
import { sequenceTransformer, type AttentionKind } from '@tsglove/methods';
import { recurrenceTask, sequenceBatch, type SequenceDataset } from '@tsglove/methods';
import { since } from './common.js';

/** Time and memory of one attention call at length n. */
export interface AttentionCost {
  kind: AttentionKind;
  n: number;
  /** Median seconds of a forward pass. */
  seconds: number;
  /** Bytes of all tensors alive at the end of the pass inside one tidy scope (inputs excluded). */
  bytes: number;
}

/** Measures {@link AttentionCost} for `[1, n, d]` inputs (median of `repeats` after one warm-up). */
export function attentionCost(kind: AttentionKind, n: number, d: number, landmarks: number, repeats = 3): AttentionCost {
  const [q, k, v] = [1, 2, 3].map((s) => tf.randomNormal([1, n, d], 0, 1, 'float32', s) as tf.Tensor3D) as [
    tf.Tensor3D,
    tf.Tensor3D,
    tf.Tensor3D,
  ];
  let bytes = 0;
  const once = (): void => {
    const base = tf.memory().numBytes;
    tf.tidy(() => {
      // Everything created inside the scope stays alive until it ends: its size is the working set.
      const out = kind === 'softmax' ? softmaxAttentionOps(q, k, v) : nystromAttentionOps(q, k, v, { landmarks });
      out.dataSync();
      bytes = tf.memory().numBytes - base;
    });
  };
  once();
  const times: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    const out = kind === 'softmax' ? softmaxAttention(q, k, v) : nystromAttention(q, k, v, { landmarks });
    out.dataSync();
    times.push(since(start));
    out.dispose();
  }
  tf.dispose([q, k, v]);
  times.sort((a, b) => a - b);
  return { kind, n, seconds: times[times.length >> 1]!, bytes };
}

/** Arguments of {@link trainSequenceModel}. */
export interface SequenceRunOptions {
  attention: AttentionKind;
  train: SequenceDataset;
  test: SequenceDataset;
  steps: number;
  batchSize?: number;
  lr?: number;
  width?: number;
  depth?: number;
  landmarks?: number;
  pooling?: 'mean' | 'first';
  seed?: number;
}

/** Trains a {@link sequenceTransformer} with Adam; returns test accuracy and seconds. */
export function trainSequenceModel(a: SequenceRunOptions): { accuracy: number; seconds: number; finalLoss: number } {
  const model = sequenceTransformer({
    vocab: a.train.vocab,
    length: a.train.length,
    width: a.width ?? 32,
    heads: 2,
    depth: a.depth ?? 1,
    attention: a.attention,
    landmarks: a.landmarks ?? 8,
    pooling: a.pooling ?? 'first',
    seed: a.seed ?? 0,
  });
  const opt = adam();
  const bs = a.batchSize ?? 32;
  const weights = model.trainableWeights as tf.Variable[];
  const start = performance.now();
  let finalLoss = NaN;
  const perEpoch = Math.floor(a.train.count / bs);
  for (let s = 0; s < a.steps; s++) {
    const { x, y } = sequenceBatch(a.train, (s % perEpoch) * bs, bs);
    const loss = tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(tf.oneHot(y, 2), model.apply(x)) as tf.Scalar, weights);
      opt.apply(
        weights,
        weights.map((w) => grads[w.name]!),
        a.lr ?? 3e-3,
      );
      return value;
    });
    finalLoss = loss.dataSync()[0]!;
    tf.dispose([x, y, loss]);
  }
  const seconds = since(start);
  let correct = 0;
  for (let i = 0; i < a.test.count; i += 256) {
    const { x, y } = sequenceBatch(a.test, i, 256);
    correct += tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(model.apply(x), -1), y), 'int32')).dataSync()[0]!);
    tf.dispose([x, y]);
  }
  opt.dispose();
  model.dispose();
  return { accuracy: correct / a.test.count, seconds, finalLoss };
}

/** Train/test splits of the recurrence task. */
export function recurrenceSplits(
  trainCount: number,
  testCount: number,
  length: number,
  vocab: number,
  seed: number,
): { train: SequenceDataset; test: SequenceDataset } {
  return {
    train: recurrenceTask({ count: trainCount, length, vocab, seed }),
    test: recurrenceTask({ count: testCount, length, vocab, seed: seed + 1000 }),
  };
}
