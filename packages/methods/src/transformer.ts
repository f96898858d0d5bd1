/**
 * A small sequence classifier for comparing attention kernels: token + learned position
 * embeddings, `depth` pre-LayerNorm transformer blocks (multi-head attention — softmax or
 * Nyström — and a GELU MLP, each with a residual), mean pooling and a dense classifier.
 *
 * Why this network is not an IR graph: the IR of `@tsglove/models` describes image networks
 * (an `[H, W, C]` input, channels-last layers) and has no token embedding, layer norm or attention
 * kind, and the hardware cost model has no attention op (whose cost depends on the kernel: softmax
 * is quadratic in the length, Nyström linear). Its GELU is the one implementation of
 * `@tsglove/train`. See CONTRIBUTING.md ("One description of a network").
 */
import * as tf from '@tensorflow/tfjs';
import { heNormal, seededNormal, sizeOf } from '@tsglove/train';
import { ModelsError, checkInt } from '@tsglove/models';
import { gelu } from './activations.js';
import { nystromAttention, softmaxAttention } from './nystrom.js';

/** Attention kernels a space can choose from: `attention: oneOf(ATTENTION_KINDS)`. */
export const ATTENTION_KINDS = ['softmax', 'nystrom'] as const;
/** One of {@link ATTENTION_KINDS}. */
export type AttentionKind = (typeof ATTENTION_KINDS)[number];

/** Options of {@link sequenceTransformer}. */
export interface SequenceTransformerOptions {
  /** Token ids are in [0, vocab). */
  vocab: number;
  /** Sequence length n. */
  length: number;
  /** Model width d (divisible by `heads`); default 32. */
  width?: number;
  /** Attention heads (default 2). */
  heads?: number;
  /** Transformer blocks (default 1). */
  depth?: number;
  /** Default `'softmax'`. */
  attention?: AttentionKind;
  /** Nyström landmarks (default 8). */
  landmarks?: number;
  /** Nyström pseudo-inverse iterations (default 6). */
  pinvIterations?: number;
  numClasses?: number;
  /** Read the class from the mean of all positions (default) or from position 0 (a CLS-style readout). */
  pooling?: 'mean' | 'first';
  seed?: number;
}

/** @deprecated Renamed {@link SequenceTransformerOptions} (options bags are `*Options`). */
export type SequenceTransformerArgs = SequenceTransformerOptions;

/** The model of {@link sequenceTransformer}. */
export interface SequenceTransformer {
  readonly args: Readonly<Required<SequenceTransformerOptions>>;
  readonly trainableWeights: readonly tf.Variable[];
  /** Logits `[b, numClasses]` of int32 tokens `[b, length]`. */
  apply(tokens: tf.Tensor2D): tf.Tensor2D;
  countParams(): number;
  dispose(): void;
}

/** Multi-head attention of `[b, n, d]` queries/keys/values with the chosen kernel. */
export function multiHeadAttention(
  q: tf.Tensor3D,
  k: tf.Tensor3D,
  v: tf.Tensor3D,
  heads: number,
  kind: AttentionKind,
  nystrom: { landmarks?: number; pinvIterations?: number } = {},
): tf.Tensor3D {
  const [b, n, d] = q.shape;
  if (d % heads !== 0) throw new ModelsError(`width ${d} is not divisible by ${heads} heads`, 'heads');
  const dh = d / heads;
  return tf.tidy(() => {
    const split = (t: tf.Tensor3D): tf.Tensor3D =>
      tf.reshape(tf.transpose(tf.reshape(t, [b, n, heads, dh]), [0, 2, 1, 3]), [b * heads, n, dh]);
    const o = kind === 'nystrom' ? nystromAttention(split(q), split(k), split(v), nystrom) : softmaxAttention(split(q), split(k), split(v));
    return tf.reshape(tf.transpose(tf.reshape(o, [b, heads, n, dh]), [0, 2, 1, 3]), [b, n, d]) as tf.Tensor3D;
  });
}

function layerNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-5))), gamma), beta);
}

/** Builds a {@link SequenceTransformer} with seeded weights. */
export function sequenceTransformer(options: SequenceTransformerOptions): SequenceTransformer {
  const a: Required<SequenceTransformerOptions> = {
    width: 32,
    heads: 2,
    depth: 1,
    attention: 'softmax',
    landmarks: 8,
    pinvIterations: 6,
    numClasses: 2,
    pooling: 'mean',
    seed: 0,
    ...options,
  };
  for (const key of ['vocab', 'length', 'width', 'heads', 'depth', 'numClasses'] as const) {
    checkInt(a[key], key);
  }
  if (!ATTENTION_KINDS.includes(a.attention))
    throw new ModelsError(`expected "softmax" or "nystrom", got ${JSON.stringify(a.attention)}`, 'attention');
  if (a.width % a.heads !== 0) throw new ModelsError(`width ${a.width} is not divisible by ${a.heads} heads`, 'heads');
  if (a.attention === 'nystrom') checkInt(a.landmarks, 'landmarks', 1, a.length);
  let seed = a.seed;
  const d = a.width;
  const dense = (i: number, o: number): tf.Variable => tf.variable(tf.mul(heNormal([i, o], i, seed++), Math.SQRT1_2));
  const embed = tf.variable(seededNormal([a.vocab, d], 0, 0.5, seed++));
  const pos = tf.variable(seededNormal([a.length, d], 0, 0.5, seed++));
  const blocks = Array.from({ length: a.depth }, () => ({
    ln1g: tf.variable(tf.ones([d])),
    ln1b: tf.variable(tf.zeros([d])),
    wq: dense(d, d),
    wk: dense(d, d),
    wv: dense(d, d),
    wo: dense(d, d),
    ln2g: tf.variable(tf.ones([d])),
    ln2b: tf.variable(tf.zeros([d])),
    w1: dense(d, 2 * d),
    b1: tf.variable(tf.zeros([2 * d])),
    w2: dense(2 * d, d),
    b2: tf.variable(tf.zeros([d])),
  }));
  const head = dense(d, a.numClasses);
  const headBias = tf.variable(tf.zeros([a.numClasses]));
  const weights = [embed, pos, ...blocks.flatMap((b) => Object.values(b)), head, headBias];
  const proj = (x: tf.Tensor, w: tf.Tensor): tf.Tensor3D => {
    const [b, n] = x.shape as [number, number, number];
    return tf.reshape(tf.matMul(tf.reshape(x, [b * n, -1]) as tf.Tensor2D, w as tf.Tensor2D), [b, n, w.shape[1]!]) as tf.Tensor3D;
  };
  return {
    args: a,
    trainableWeights: weights,
    apply(tokens) {
      if (tokens.rank !== 2 || tokens.shape[1] !== a.length)
        throw new ModelsError(`expected [batch, ${a.length}] token ids, got [${tokens.shape}]`, 'tokens');
      return tf.tidy(() => {
        // one-hot · table instead of gather: its gradient needs no UnsortedSegmentSum (absent on wasm)
        const [b, n] = tokens.shape;
        const onehot = tf.reshape(tf.oneHot(tf.reshape(tf.cast(tokens, 'int32'), [-1]), a.vocab), [b * n, a.vocab]) as tf.Tensor2D;
        let x: tf.Tensor = tf.add(tf.reshape(tf.matMul(onehot, embed as tf.Tensor2D), [b, n, d]), pos);
        for (const b of blocks) {
          const h = layerNorm(x, b.ln1g, b.ln1b);
          const att = multiHeadAttention(proj(h, b.wq), proj(h, b.wk), proj(h, b.wv), a.heads, a.attention, a);
          x = tf.add(x, proj(att, b.wo));
          const h2 = layerNorm(x, b.ln2g, b.ln2b);
          x = tf.add(x, tf.add(proj(gelu(tf.add(proj(h2, b.w1), b.b1)), b.w2), b.b2));
        }
        const pooled = a.pooling === 'first' ? tf.reshape(tf.slice(x, [0, 0, 0], [b, 1, d]), [b, d]) : tf.mean(x, 1);
        return tf.add(tf.matMul(pooled as tf.Tensor2D, head as tf.Tensor2D), headBias) as tf.Tensor2D;
      });
    },
    countParams: () => sizeOf(weights),
    dispose: () => weights.forEach((w) => w.dispose()),
  };
}
