/**
 * Self-attention kernels on `[batch, n, d]` queries, keys and values.
 *
 * - {@link softmaxAttention}: `softmax(QKᵀ/√d)·V`, O(n²) time and memory.
 * - {@link nystromAttention}: Nyströmformer (Xiong et al., AAAI 2021). With m landmarks Q̃, K̃
 *   (means of m contiguous segments of Q and K), the n×n softmax matrix S is approximated by
 *   `F·A⁺·B` with `F = softmax(QK̃ᵀ/√d)` (n×m), `A = softmax(Q̃K̃ᵀ/√d)` (m×m),
 *   `B = softmax(Q̃Kᵀ/√d)` (m×n), and the output is `F·(A⁺·(B·V))` — O(n·m) time and memory.
 *   A⁺ is the iterative Moore–Penrose pseudo-inverse of {@link iterativePinv}. With m = n each
 *   segment is one row, so Q̃ = Q, K̃ = K, F = A = B = S and the output is S·S⁺·S·V = S·V.
 */
import * as tf from '@tensorflow/tfjs';
import { ModelsError, checkInt } from '@tsglove/models';

function checkQkv(q: tf.Tensor3D, k: tf.Tensor3D, v: tf.Tensor3D): void {
  if (q.rank !== 3 || k.rank !== 3 || v.rank !== 3) throw new ModelsError('expected rank-3 [batch, n, d] queries, keys and values', 'q');
  if (q.shape[0] !== k.shape[0] || k.shape[0] !== v.shape[0] || q.shape[2] !== k.shape[2] || k.shape[1] !== v.shape[1]) {
    throw new ModelsError(`shapes do not fit: q [${q.shape}], k [${k.shape}], v [${v.shape}]`, 'k');
  }
}

/** Exact softmax attention `softmax(QKᵀ/√d)·V`. */
export function softmaxAttention(q: tf.Tensor3D, k: tf.Tensor3D, v: tf.Tensor3D): tf.Tensor3D {
  checkQkv(q, k, v);
  return tf.tidy(() => softmaxAttentionOps(q, k, v));
}

/** {@link softmaxAttention} without its own tidy scope (intermediates go to the caller's scope). */
export function softmaxAttentionOps(q: tf.Tensor3D, k: tf.Tensor3D, v: tf.Tensor3D): tf.Tensor3D {
  const scale = 1 / Math.sqrt(q.shape[2]);
  return tf.matMul(tf.softmax(tf.mul(tf.matMul(q, k, false, true), scale)), v) as tf.Tensor3D;
}

/**
 * The `[m, n]` segment-mean matrix: row i averages rows `⌊i·n/m⌋ … ⌊(i+1)·n/m⌋ − 1` (contiguous,
 * near-equal segments; for n divisible by m exactly the paper's landmarks).
 */
export function segmentMeanMatrix(n: number, m: number): tf.Tensor2D {
  if (!Number.isInteger(m) || m < 1 || m > n)
    throw new ModelsError(`expected an integer in [1, ${n}] (the sequence length), got ${m}`, 'landmarks');
  const data = new Float32Array(m * n);
  for (let i = 0; i < m; i++) {
    const lo = Math.floor((i * n) / m);
    const hi = Math.floor(((i + 1) * n) / m);
    for (let j = lo; j < hi; j++) data[i * n + j] = 1 / (hi - lo);
  }
  return tf.tensor2d(data, [m, n]);
}

/**
 * Iterative Moore–Penrose pseudo-inverse of a batch of square matrices `[b, m, m]` (Razavi et al.
 * 2014, as used by Nyströmformer): `Z₀ = Aᵀ / (max_i Σ_j|A_ij| · max_j Σ_i|A_ij|)`, then
 * `Z ← ¼·Z·(13I − AZ·(15I − AZ·(7I − AZ)))`. The scale of Z₀ is taken over the whole batch.
 */
export function iterativePinv(a: tf.Tensor3D, iterations = 6): tf.Tensor3D {
  checkInt(iterations, 'iterations', 0);
  const m = a.shape[1];
  if (a.rank !== 3 || a.shape[2] !== m) throw new ModelsError(`expected [batch, m, m] matrices, got [${a.shape}]`, 'a');
  return tf.tidy(() => {
    const abs = tf.abs(a);
    const scale = tf.mul(tf.max(tf.sum(abs, 2)), tf.max(tf.sum(abs, 1)));
    let z = tf.div(tf.transpose(a, [0, 2, 1]), scale) as tf.Tensor3D;
    const eye = tf.eye(m);
    for (let i = 0; i < iterations; i++) {
      const az = tf.matMul(a, z);
      const inner = tf.sub(tf.mul(eye, 7), az);
      const mid = tf.sub(tf.mul(eye, 15), tf.matMul(az, inner));
      z = tf.mul(tf.matMul(z, tf.sub(tf.mul(eye, 13), tf.matMul(az, mid))), 0.25) as tf.Tensor3D;
    }
    return z;
  });
}

/** Arguments of {@link nystromAttention}. */
export interface NystromOptions {
  /** Number of landmarks m, 1 ≤ m ≤ n (default 16, capped at n). */
  landmarks?: number;
  /** Iterations of the pseudo-inverse (default 6, the paper's). */
  pinvIterations?: number;
}

/** @deprecated Renamed {@link NystromOptions} (option bags are `*Options`). */
export type NystromArgs = NystromOptions;

/** Nyström approximation of softmax attention (see the file comment). */
export function nystromAttention(q: tf.Tensor3D, k: tf.Tensor3D, v: tf.Tensor3D, options: NystromOptions = {}): tf.Tensor3D {
  checkQkv(q, k, v);
  if (q.shape[1] !== k.shape[1]) throw new ModelsError('Nyström attention expects as many keys as queries', 'k');
  return tf.tidy(() => nystromAttentionOps(q, k, v, options));
}

/** {@link nystromAttention} without its own tidy scope (intermediates go to the caller's scope). */
export function nystromAttentionOps(q: tf.Tensor3D, k: tf.Tensor3D, v: tf.Tensor3D, options: NystromOptions = {}): tf.Tensor3D {
  const [, n, d] = q.shape;
  const m = Math.min(options.landmarks ?? 16, n);
  const scale = 1 / Math.sqrt(d);
  {
    const seg = segmentMeanMatrix(n, m);
    const b = q.shape[0];
    const segB = tf.broadcastTo(seg, [b, m, n]) as tf.Tensor3D;
    const qL = tf.matMul(segB, q);
    const kL = tf.matMul(segB, k);
    const f = tf.softmax(tf.mul(tf.matMul(q, kL, false, true), scale)) as tf.Tensor3D;
    const a = tf.softmax(tf.mul(tf.matMul(qL, kL, false, true), scale)) as tf.Tensor3D;
    const bm = tf.softmax(tf.mul(tf.matMul(qL, k, false, true), scale)) as tf.Tensor3D;
    const pinv = iterativePinv(a, options.pinvIterations ?? 6);
    return tf.matMul(f, tf.matMul(pinv, tf.matMul(bm, v))) as tf.Tensor3D;
  }
}
