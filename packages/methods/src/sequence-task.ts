/**
 * A generated sequence-classification task that needs attention: "does the first token occur
 * again?". Tokens are drawn uniformly from `[1, vocab)` without the first token's value; for a
 * positive example (half of them) the first token is copied to one random later position. Mean
 * pooling of token embeddings alone cannot tell which token is first; comparing every position with
 * position 0 (attention) can.
 */
import * as tf from '@tensorflow/tfjs';
import { seededRandom } from '@tsglove/symbolic';
import { checkInt } from '@tsglove/models';

/** Token ids `[count, length]` and labels (1 = the first token recurs). */
export interface SequenceDataset {
  tokens: Int32Array;
  labels: Int32Array;
  count: number;
  length: number;
  vocab: number;
}

/** Generates {@link SequenceDataset} examples from a seed. */
export function recurrenceTask(options: { count: number; length: number; vocab?: number; seed?: number }): SequenceDataset {
  const { count, length } = options;
  const vocab = options.vocab ?? 16;
  checkInt(count, 'count');
  checkInt(length, 'length', 2);
  checkInt(vocab, 'vocab', 3);
  const r = seededRandom(options.seed ?? 0);
  const tokens = new Int32Array(count * length);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const first = 1 + Math.floor(r() * (vocab - 1));
    const row = i * length;
    tokens[row] = first;
    for (let j = 1; j < length; j++) {
      let t = 1 + Math.floor(r() * (vocab - 2));
      if (t >= first) t++;
      tokens[row + j] = t;
    }
    labels[i] = r() < 0.5 ? 1 : 0;
    if (labels[i]) tokens[row + 1 + Math.floor(r() * (length - 1))] = first;
  }
  return { tokens, labels, count, length, vocab };
}

/** Rows `[start, start + size)` as tensors. */
export function sequenceBatch(data: SequenceDataset, start: number, size: number): { x: tf.Tensor2D; y: tf.Tensor1D } {
  const end = Math.min(data.count, start + size);
  return {
    x: tf.tensor2d(data.tokens.subarray(start * data.length, end * data.length), [end - start, data.length], 'int32'),
    y: tf.tensor1d(data.labels.subarray(start, end), 'int32'),
  };
}
