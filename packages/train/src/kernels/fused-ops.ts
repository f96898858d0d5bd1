/**
 * Fused training ops for MBConv networks: batch norm in training mode (batch statistics, the
 * normalization and its full gradient in two passes each way), swish (x·σ(x), its gradient in
 * one pass), squeeze-excite's per-image channel scale and the spatial mean of global average
 * pooling. Each is one kernel forward and one backward (`fused-kernels.ts`) where autodiff of the
 * composite formulas runs several broadcasting elementwise kernels; on backends without the
 * kernels (e.g. tfjs-node) the ops return null and callers use the composite formulas.
 */
import * as tf from '@tensorflow/tfjs';
import { FUSED, registerFusedKernels } from './fused-kernels.js';

let gradientsRegistered = false;

function ensureRegistered(): void {
  if (gradientsRegistered) return;
  registerFusedKernels();
  tf.registerGradient({
    kernelName: FUSED.batchNorm,
    inputsToSave: ['x', 'gamma'],
    outputsToSave: [false, true, true],
    gradFunc: (dys, saved, attrs) => {
      const [x, gamma, mean, variance] = saved as tf.Tensor[];
      // Only y's gradient flows: the returned mean and variance feed the moving averages.
      const dy = (Array.isArray(dys) ? dys[0] : dys)!;
      // One kernel gives all three gradients. It runs here, in the scope of the whole backward
      // pass: the engine calls each thunk in its own tidy, which would free the other two.
      const [dx, dgamma, dbeta] = tf
        .engine()
        .runKernel(FUSED.batchNormGrad, { dy, x: x!, gamma: gamma!, mean: mean!, variance: variance! }, attrs) as tf.Tensor[];
      return { x: () => dx!, gamma: () => dgamma!, beta: () => dbeta! };
    },
  });
  tf.registerGradient({
    kernelName: FUSED.spatialMean,
    gradFunc: (dy, _saved, attrs) => ({
      x: () => tf.engine().runKernel(FUSED.spatialMeanGrad, { dy: dy as tf.Tensor }, attrs) as tf.Tensor,
    }),
  });
  tf.registerGradient({
    kernelName: FUSED.channelScale,
    inputsToSave: ['h', 's'],
    gradFunc: (dy, saved) => {
      const [h, s] = saved as tf.Tensor[];
      const [dh, ds] = tf.engine().runKernel(FUSED.channelScaleGrad, { dy: dy as tf.Tensor, h: h!, s: s! }, {}) as tf.Tensor[];
      return { h: () => dh!, s: () => ds! };
    },
  });
  gradientsRegistered = true;
}

function available(kernelName: string): boolean {
  ensureRegistered();
  return tf.getKernel(kernelName, tf.getBackend()) !== undefined;
}

/**
 * Batch norm in training mode over the last axis: y = (x − mean)·γ/√(var + ε) + β with the batch
 * mean and (biased) variance, which are returned too (for moving averages). Gradients flow to x,
 * γ and β through y. Null when the current backend has no fused kernel. γ and β default to 1 and 0.
 */
export function fusedBatchNorm(
  x: tf.Tensor,
  gamma: tf.Tensor | undefined,
  beta: tf.Tensor | undefined,
  epsilon: number,
): { y: tf.Tensor; mean: tf.Tensor1D; variance: tf.Tensor1D } | null {
  if (x.dtype !== 'float32' || !available(FUSED.batchNorm)) return null;
  const c = x.shape[x.shape.length - 1]!;
  const g = gamma ?? tf.ones([c]);
  const b = beta ?? tf.zeros([c]);
  // (default γ, β are kernel inputs the backward pass reads: the caller's tidy frees them)
  const [y, mean, variance] = tf.engine().runKernel(FUSED.batchNorm, { x, gamma: g, beta: b }, { epsilon }) as tf.Tensor[];
  return { y: y!, mean: mean as tf.Tensor1D, variance: variance as tf.Tensor1D };
}

/**
 * swish with its gradient: the kernel's second output σ(x) is saved for the backward pass, not
 * returned. (As a kernel output on the tape it would get a zero gradient the size of x, made in
 * JS and copied to the backend, on every backward pass.)
 */
const swishWithGrad = tf.customGrad(((x: tf.Tensor, save: tf.GradSaveFunc) => {
  const [z, s] = tf.engine().runKernel(FUSED.swish, { x }, {}) as tf.Tensor[];
  save([x, s!]);
  return {
    value: z!,
    gradFunc: (dz: tf.Tensor, [xs, ss]: tf.Tensor[]) => tf.engine().runKernel(FUSED.swishGrad, { dz, x: xs!, s: ss! }, {}) as tf.Tensor,
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as (x: tf.Tensor) => tf.Tensor;

/** The custom-gradient swish under its own profile scope name, `tsgSwish__op`. */
const tsgSwish = tf.op({ tsgSwish: swishWithGrad });

/** swish(x) = x·σ(x) as one fused op, or null when the current backend has no fused kernel. */
export function fusedSwish(x: tf.Tensor): tf.Tensor | null {
  if (x.dtype !== 'float32' || !available(FUSED.swish)) return null;
  return tsgSwish(x);
}

/**
 * The mean of NHWC x over its spatial axes [1, 2] (global average pooling, squeeze-excite's
 * squeeze) with a fused gradient: dy/(h·w) written to every pixel (tf.mean's gradient multiplies
 * dy by a ones tensor of x's shape made in JS, then divides, at x's full size). Null for other
 * ranks and dtypes or when the backend has no fused kernel.
 */
export function fusedSpatialMean(x: tf.Tensor, keepDims: boolean): tf.Tensor | null {
  if (x.rank !== 4 || x.dtype !== 'float32' || !available(FUSED.spatialMean)) return null;
  return tf.engine().runKernel(FUSED.spatialMean, { x }, { keepDims, inputShape: x.shape }) as tf.Tensor;
}

/**
 * Squeeze-excite's scale h·s for h `[n, height, width, c]` and s `[n, 1, 1, c]` as one fused op, or
 * null when the shapes differ from that or the backend has no fused kernel.
 */
export function fusedChannelScale(h: tf.Tensor, s: tf.Tensor): tf.Tensor | null {
  if (h.rank !== 4 || s.rank !== 4 || h.dtype !== 'float32' || s.dtype !== 'float32') return null;
  if (s.shape[0] !== h.shape[0] || s.shape[1] !== 1 || s.shape[2] !== 1 || s.shape[3] !== h.shape[3]) return null;
  if (!available(FUSED.channelScale)) return null;
  return tf.engine().runKernel(FUSED.channelScale, { h, s }, {}) as tf.Tensor;
}
