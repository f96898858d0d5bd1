/**
 * The arithmetic of the fused optimizer steps (`optimizer-kernels.ts`) on plain `Float32Array`s,
 * one float32 rounding per operation in the order of the per-variable tf.js ops they replace
 * (`optimizers.ts`), so a fused step gives the same bits as the unfused one. The cpu kernels run
 * these loops; the wasm kernels run their SIMD versions (`wasm-simd-optimizer-source.ts`) on
 * whole vectors of 4 and these loops on the last 1–3 floats of a variable. Every loop covers
 * the elements `[from, to)`.
 */

const f = Math.fround;

/** Scalars of an SGD step, already rounded to float32 as tf.js rounds a scalar operand. */
export interface SgdScalars {
  lr: number;
  momentum: number;
  weightDecay: number;
  /** Momentum on (a velocity slot is read and written). */
  useMomentum: boolean;
  nesterov: boolean;
}

/**
 * `g ← g + wd·w` (when wd > 0); with momentum `v ← μ·v + g` and the step `v` (Nesterov:
 * `g + μ·v`), else the step `g`; `w ← w − lr·step`. Writes `outW` (and `outV`).
 */
export function sgdStepLoop(
  w: Float32Array,
  g: Float32Array,
  v: Float32Array | null,
  s: SgdScalars,
  outW: Float32Array,
  outV: Float32Array | null,
  from: number,
  to: number,
): void {
  const { lr, momentum, weightDecay } = s;
  for (let i = from; i < to; i++) {
    const wi = w[i]!;
    const gi = weightDecay ? f(g[i]! + f(wi * weightDecay)) : g[i]!;
    let step = gi;
    if (s.useMomentum) {
      const nv = f(f(v![i]! * momentum) + gi);
      outV![i] = nv;
      step = s.nesterov ? f(gi + f(nv * momentum)) : nv;
    }
    outW[i] = f(wi - f(step * lr));
  }
}

/** Scalars of an Adam step, rounded to float32 (`c1`, `c2`: the bias corrections 1 − βᵗ). */
export interface AdamScalars {
  lr: number;
  beta1: number;
  beta2: number;
  /** 1 − β₁ and 1 − β₂. */
  oneMinusBeta1: number;
  oneMinusBeta2: number;
  c1: number;
  c2: number;
  epsilon: number;
  /** Decoupled weight decay (AdamW) on, by `lrDecay` = lr·weightDecay. */
  decay: boolean;
  lrDecay: number;
}

/**
 * `m ← β₁·m + (1−β₁)·g`, `v ← β₂·v + (1−β₂)·g²`, `w ← w − lr·(m/c1) / (√(v/c2) + ε)`, then
 * `w ← w − lr·wd·w_old` (AdamW). Writes `outW`, `outM`, `outV`.
 */
export function adamStepLoop(
  w: Float32Array,
  g: Float32Array,
  m: Float32Array,
  v: Float32Array,
  s: AdamScalars,
  outW: Float32Array,
  outM: Float32Array,
  outV: Float32Array,
  from: number,
  to: number,
): void {
  for (let i = from; i < to; i++) {
    const gi = g[i]!;
    const wi = w[i]!;
    const nm = f(f(m[i]! * s.beta1) + f(gi * s.oneMinusBeta1));
    const nv = f(f(v[i]! * s.beta2) + f(f(gi * gi) * s.oneMinusBeta2));
    outM[i] = nm;
    outV[i] = nv;
    const mHat = f(nm / s.c1);
    const vHat = f(nv / s.c2);
    let next = f(wi - f(f(mHat / f(f(Math.sqrt(vHat)) + s.epsilon)) * s.lr));
    if (s.decay) next = f(next - f(wi * s.lrDecay));
    outW[i] = next;
  }
}

/** `out ← α·a + β·b`: moving averages (α = μ, β = 1 − μ), shard gradient averages. */
export function weightedSumLoop(
  a: Float32Array,
  b: Float32Array,
  alpha: number,
  beta: number,
  out: Float32Array,
  from: number,
  to: number,
): void {
  for (let i = from; i < to; i++) out[i] = f(f(a[i]! * alpha) + f(b[i]! * beta));
}
