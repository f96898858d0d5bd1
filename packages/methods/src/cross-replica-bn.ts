/**
 * Batch normalization over data-parallel shards. With `k` replicas each holding a shard of the
 * global batch, *local* BN normalizes every shard with its own mean and variance, while
 * *cross-replica* BN (EfficientNet's TPU training, Tan & Le 2019; Ying et al. 2018) all-reduces the
 * per-shard sums `Σx`, `Σx²` and counts, so every shard is normalized with the statistics of the
 * whole global batch. The shards here are slices of one tensor on one thread: the arithmetic of the
 * all-reduce is the same, only the transport differs.
 */
import * as tf from '@tensorflow/tfjs';
import { ModelsError } from '@tsglove/models';

/** How batch statistics are gathered over shards. */
export type BatchNormMode = 'local' | 'crossReplica';

/** Per-shard sufficient statistics: what one replica contributes to the all-reduce. */
export interface ShardStats {
  /** Σx per channel. */
  sum: tf.Tensor1D;
  /** Σx² per channel. */
  sumSq: tf.Tensor1D;
  /** Elements per channel. */
  count: number;
}

/** Σx, Σx² and the count per channel (last axis) of one shard. */
export function shardStats(x: tf.Tensor): ShardStats {
  const axes = Array.from({ length: x.rank - 1 }, (_, i) => i);
  const count = x.size / x.shape[x.rank - 1]!;
  return tf.tidy(() => ({ sum: tf.sum(x, axes) as tf.Tensor1D, sumSq: tf.sum(tf.square(x), axes) as tf.Tensor1D, count }));
}

/**
 * The all-reduce: mean `Σsum / Σcount` and (biased) variance `Σsum² / Σcount − mean²` of the union
 * of the shards.
 */
export function allReduceMoments(stats: readonly ShardStats[]): { mean: tf.Tensor1D; variance: tf.Tensor1D } {
  if (stats.length === 0) throw new ModelsError('expected at least one shard', 'stats');
  return tf.tidy(() => {
    const n = stats.reduce((s, st) => s + st.count, 0);
    const mean = tf.div(tf.addN(stats.map((s) => s.sum)), n) as tf.Tensor1D;
    const variance = tf.relu(tf.sub(tf.div(tf.addN(stats.map((s) => s.sumSq)), n), tf.square(mean))) as tf.Tensor1D;
    return { mean, variance };
  });
}

/** Sizes of `shards` near-equal contiguous slices of `n` rows (the first ones get the extra rows). */
export function shardSizes(n: number, shards: number): number[] {
  if (!Number.isInteger(shards) || shards < 1 || shards > n) {
    throw new ModelsError(`expected an integer in [1, ${n}] (the batch size), got ${shards}`, 'shards');
  }
  return Array.from({ length: shards }, (_, i) => Math.floor(n / shards) + (i < n % shards ? 1 : 0));
}

/** Options of {@link shardedBatchNorm}. */
export interface ShardedBatchNormOptions {
  /** Replicas the batch is split over (along axis 0); default 1. */
  shards?: number;
  /** `'crossReplica'` (global statistics) or `'local'` (per-shard statistics); default `'crossReplica'`. */
  mode?: BatchNormMode;
  /** Added to the variance (default 1e-3). */
  epsilon?: number;
  /** β (offset) and γ (scale), per channel; optional. */
  offset?: tf.Tensor1D;
  scale?: tf.Tensor1D;
}

/** @deprecated Renamed {@link ShardedBatchNormOptions} (option bags are `*Options`). */
export type ShardedBatchNormArgs = ShardedBatchNormOptions;

/**
 * Training-mode batch normalization of `x` (channels last) over `shards` replicas. Returns the
 * normalized tensor and the statistics a moving average should track: the global ones for
 * `'crossReplica'`; for `'local'`, those of the first shard (what replica 0 would keep).
 */
export function shardedBatchNorm(
  x: tf.Tensor,
  options: ShardedBatchNormOptions = {},
): { y: tf.Tensor; mean: tf.Tensor1D; variance: tf.Tensor1D } {
  const shards = options.shards ?? 1;
  const mode = options.mode ?? 'crossReplica';
  if (mode !== 'local' && mode !== 'crossReplica')
    throw new ModelsError(`expected "local" or "crossReplica", got ${JSON.stringify(mode)}`, 'mode');
  const eps = options.epsilon ?? 1e-3;
  const sizes = shardSizes(x.shape[0]!, shards);
  return tf.tidy(() => {
    const parts = shards === 1 ? [x] : tf.split(x, sizes, 0);
    const stats = parts.map(shardStats);
    const global = mode === 'crossReplica' ? allReduceMoments(stats) : undefined;
    const outs = parts.map((p, i) => {
      const m = global ?? allReduceMoments([stats[i]!]);
      return tf.batchNorm(p, m.mean, m.variance, options.offset, options.scale, eps);
    });
    const tracked = global ?? allReduceMoments([stats[0]!]);
    return { y: shards === 1 ? outs[0]! : tf.concat(outs, 0), mean: tracked.mean, variance: tracked.variance };
  });
}
