/**
 * The arithmetic of the fused batch-norm, swish, channel-scale and spatial-mean kernels on plain `Float32Array`s, `[rows, c]`
 * with per-channel `[c]` vectors: the cpu backend's kernels and the wasm kernels' fallback (channel
 * counts the SIMD kernels do not take). The SIMD versions (`wasm-simd-fused-source.ts`) compute
 * the same passes.
 */

/** Batch statistics (biased variance, as `tf.moments`) and y = (x − mean)·γ/√(var + ε) + β. */
export function batchNormForward(
  x: Float32Array,
  rows: number,
  c: number,
  gamma: Float32Array,
  beta: Float32Array,
  epsilon: number,
  y: Float32Array,
  mean: Float32Array,
  variance: Float32Array,
): void {
  mean.fill(0);
  variance.fill(0);
  for (let r = 0, i = 0; r < rows; r++) for (let k = 0; k < c; k++, i++) mean[k] += x[i]!;
  for (let k = 0; k < c; k++) mean[k] /= rows;
  for (let r = 0, i = 0; r < rows; r++) {
    for (let k = 0; k < c; k++, i++) {
      const d = x[i]! - mean[k]!;
      variance[k] += d * d;
    }
  }
  const scale = new Float32Array(c);
  const shift = new Float32Array(c);
  for (let k = 0; k < c; k++) {
    variance[k] /= rows;
    scale[k] = gamma[k]! / Math.sqrt(variance[k]! + epsilon);
    shift[k] = beta[k]! - mean[k]! * scale[k]!;
  }
  for (let r = 0, i = 0; r < rows; r++) for (let k = 0; k < c; k++, i++) y[i] = x[i]! * scale[k]! + shift[k]!;
}

/**
 * Per-channel coefficients of the batch-norm input gradient, dx = k·dy + p·x + q, and dγ, dβ,
 * from s1 = Σ dy and s2 = Σ dy·(x − mean) (the full gradient through the batch statistics).
 */
export function batchNormGradCoefficients(
  rows: number,
  c: number,
  gamma: Float32Array,
  mean: Float32Array,
  variance: Float32Array,
  epsilon: number,
  s1: Float32Array,
  s2: Float32Array,
): { k: Float32Array; p: Float32Array; q: Float32Array; dgamma: Float32Array; dbeta: Float32Array } {
  const k = new Float32Array(c);
  const p = new Float32Array(c);
  const q = new Float32Array(c);
  const dgamma = new Float32Array(c);
  for (let j = 0; j < c; j++) {
    const rstd = 1 / Math.sqrt(variance[j]! + epsilon);
    k[j] = gamma[j]! * rstd;
    p[j] = (-k[j]! * rstd * rstd * s2[j]!) / rows;
    q[j] = (-k[j]! * s1[j]!) / rows - p[j]! * mean[j]!;
    dgamma[j] = rstd * s2[j]!;
  }
  return { k, p, q, dgamma, dbeta: Float32Array.from(s1) };
}

/** The batch-norm input gradient and dγ, dβ in JS. */
export function batchNormBackward(
  dy: Float32Array,
  x: Float32Array,
  rows: number,
  c: number,
  gamma: Float32Array,
  mean: Float32Array,
  variance: Float32Array,
  epsilon: number,
  dx: Float32Array,
): { dgamma: Float32Array; dbeta: Float32Array } {
  const s1 = new Float32Array(c);
  const s2 = new Float32Array(c);
  for (let r = 0, i = 0; r < rows; r++) {
    for (let j = 0; j < c; j++, i++) {
      s1[j] += dy[i]!;
      s2[j] += dy[i]! * (x[i]! - mean[j]!);
    }
  }
  const { k, p, q, dgamma, dbeta } = batchNormGradCoefficients(rows, c, gamma, mean, variance, epsilon, s1, s2);
  for (let r = 0, i = 0; r < rows; r++) for (let j = 0; j < c; j++, i++) dx[i] = k[j]! * dy[i]! + p[j]! * x[i]! + q[j]!;
  return { dgamma, dbeta };
}

/** swish: s = σ(x), z = x·s. */
export function swishForward(x: Float32Array, z: Float32Array, s: Float32Array): void {
  for (let i = 0; i < x.length; i++) {
    const si = 1 / (1 + Math.exp(-x[i]!));
    s[i] = si;
    z[i] = x[i]! * si;
  }
}

/** dx = dz·s·(1 + x·(1 − s)), the derivative of x·σ(x). */
export function swishBackward(dz: Float32Array, x: Float32Array, s: Float32Array, dx: Float32Array): void {
  for (let i = 0; i < x.length; i++) dx[i] = dz[i]! * s[i]! * (1 + x[i]! * (1 - s[i]!));
}

/** Squeeze-excite's scale: y[b, p, c] = h[b, p, c]·s[b, c] over `n` images of `pixels` rows. */
export function channelScaleForward(h: Float32Array, s: Float32Array, n: number, pixels: number, c: number, y: Float32Array): void {
  for (let b = 0, i = 0; b < n; b++) for (let p = 0; p < pixels; p++) for (let k = 0; k < c; k++, i++) y[i] = h[i]! * s[b * c + k]!;
}

/** Its gradients: dh = dy·s (broadcast), ds[b, c] = Σ_p dy[b, p, c]·h[b, p, c]. */
export function channelScaleBackward(
  dy: Float32Array,
  h: Float32Array,
  s: Float32Array,
  n: number,
  pixels: number,
  c: number,
  dh: Float32Array,
  ds: Float32Array,
): void {
  channelScaleForward(dy, s, n, pixels, c, dh);
  ds.fill(0);
  for (let b = 0, i = 0; b < n; b++) for (let p = 0; p < pixels; p++) for (let k = 0; k < c; k++, i++) ds[b * c + k] += dy[i]! * h[i]!;
}

/**
 * The spatial mean's gradient: dx[b, p, c] = dy[b, c] / pixels for `n` images of `pixels` rows,
 * one row written per image and doubled by `copyWithin` (a memcpy) until the image is full.
 */
export function spatialMeanBackward(dy: Float32Array, n: number, pixels: number, c: number, dx: Float32Array): void {
  const size = pixels * c;
  for (let b = 0; b < n; b++) {
    const at = b * size;
    if (size === 0) continue;
    for (let k = 0; k < c; k++) dx[at + k] = dy[b * c + k]! / pixels;
    for (let filled = c; filled < size; filled *= 2) dx.copyWithin(at + filled, at, at + Math.min(filled, size - filled));
  }
}
