/**
 * Kernels of the fused ops (`fused-ops.ts`) for the cpu and wasm backends. On wasm, channel counts
 * % 4 == 0 run in tsglove's SIMD kernels (`wasm-simd-fused-source.ts`) on the heap and σ in the
 * backend's own `Sigmoid`; other shapes run the JS loops of `fused-loops.ts` on heap views.
 */
import * as tf from '@tensorflow/tfjs';
import type { TensorInfo, KernelFunc, NamedAttrMap } from '@tensorflow/tfjs';
import {
  batchNormBackward,
  batchNormForward,
  batchNormGradCoefficients,
  channelScaleBackward,
  channelScaleForward,
  swishBackward,
  swishForward,
  spatialMeanBackward,
} from './fused-loops.js';
import { heapOffset, simdKernels, type SimdKernels } from './wasm-simd.js';
import { runKernel, type KernelArgs, type WasmBackend } from './wasm-util.js';
import { ModelsError } from '../errors.js';

/** Kernel names of the fused ops. */
export const FUSED = {
  batchNorm: 'TsgBatchNormTrain',
  batchNormGrad: 'TsgBatchNormTrainGrad',
  swish: 'TsgSwish',
  swishGrad: 'TsgSwishGrad',
  channelScale: 'TsgChannelScale',
  channelScaleGrad: 'TsgChannelScaleGrad',
  spatialMean: 'TsgSpatialMean',
  spatialMeanGrad: 'TsgSpatialMeanGrad',
} as const;

/** n, pixels, c of a channel scale of h `[n, h, w, c]` by s `[n, 1, 1, c]`. */
function scaleDims(h: TensorInfo): [number, number, number] {
  const [n, hh, w, c] = h.shape as [number, number, number, number];
  return [n, hh * w, c];
}

/** The parts of `MathBackendCPU` used here. */
interface CpuBackend {
  data: { get(dataId: object): { values: unknown } };
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): TensorInfo;
}

/** `[rows, c]` of a channels-last tensor. */
function rowsAndChannels(t: TensorInfo): [number, number] {
  const c = t.shape[t.shape.length - 1]!;
  return [c === 0 ? 0 : t.shape.reduce((a, d) => a * d, 1) / c, c];
}

function epsilonOf(attrs: NamedAttrMap | undefined): number {
  return attrs!['epsilon'] as number;
}

/** The NHWC input shape a spatial-mean gradient kernel was given. */
function inputShapeOf(attrs: NamedAttrMap | undefined): [number, number, number, number] {
  return attrs!['inputShape'] as [number, number, number, number];
}

/** The spatial mean forward: the backend's own `Mean` over axes [1, 2] (wasm: one column sum per image). */
function spatialMeanForward({ inputs, backend, attrs }: KernelArgs, backendName: 'cpu' | 'wasm'): TensorInfo {
  const mean = tf.getKernel('Mean', backendName)!;
  return mean.kernelFunc({ inputs, backend: backend as never, attrs: { axis: [1, 2], keepDims: attrs!['keepDims'] } }) as TensorInfo;
}

// ---- cpu ----

function cpuValues(b: CpuBackend, t: TensorInfo, path: string): Float32Array {
  const v = b.data.get(t.dataId).values;
  if (!(v instanceof Float32Array)) throw new ModelsError(`expected float32 data, got ${t.dtype}`, path);
  return v;
}

const cpuKernels: Record<string, KernelFunc> = {
  [FUSED.batchNorm]: ({ inputs, backend, attrs }) => {
    const b = backend as unknown as CpuBackend;
    const { x, gamma, beta } = inputs as Record<string, TensorInfo>;
    const [rows, c] = rowsAndChannels(x!);
    const y = new Float32Array(rows * c);
    const mean = new Float32Array(c);
    const variance = new Float32Array(c);
    batchNormForward(
      cpuValues(b, x!, 'x'),
      rows,
      c,
      cpuValues(b, gamma!, 'gamma'),
      cpuValues(b, beta!, 'beta'),
      epsilonOf(attrs),
      y,
      mean,
      variance,
    );
    return [b.makeTensorInfo(x!.shape, 'float32', y), b.makeTensorInfo([c], 'float32', mean), b.makeTensorInfo([c], 'float32', variance)];
  },
  [FUSED.batchNormGrad]: ({ inputs, backend, attrs }) => {
    const b = backend as unknown as CpuBackend;
    const { dy, x, gamma, mean, variance } = inputs as Record<string, TensorInfo>;
    const [rows, c] = rowsAndChannels(x!);
    const dx = new Float32Array(rows * c);
    const v = (t: TensorInfo, p: string): Float32Array => cpuValues(b, t, p);
    const { dgamma, dbeta } = batchNormBackward(
      v(dy!, 'dy'),
      v(x!, 'x'),
      rows,
      c,
      v(gamma!, 'gamma'),
      v(mean!, 'mean'),
      v(variance!, 'variance'),
      epsilonOf(attrs),
      dx,
    );
    return [b.makeTensorInfo(x!.shape, 'float32', dx), b.makeTensorInfo([c], 'float32', dgamma), b.makeTensorInfo([c], 'float32', dbeta)];
  },
  [FUSED.swish]: ({ inputs, backend }) => {
    const b = backend as unknown as CpuBackend;
    const x = inputs['x']!;
    const z = new Float32Array(x.shape.reduce((a, d) => a * d, 1));
    const s = new Float32Array(z.length);
    swishForward(cpuValues(b, x, 'x'), z, s);
    return [b.makeTensorInfo(x.shape, 'float32', z), b.makeTensorInfo(x.shape, 'float32', s)];
  },
  [FUSED.swishGrad]: ({ inputs, backend }) => {
    const b = backend as unknown as CpuBackend;
    const { dz, x, s } = inputs as Record<string, TensorInfo>;
    const dx = new Float32Array(x!.shape.reduce((a, d) => a * d, 1));
    swishBackward(cpuValues(b, dz!, 'dz'), cpuValues(b, x!, 'x'), cpuValues(b, s!, 's'), dx);
    return b.makeTensorInfo(x!.shape, 'float32', dx);
  },
  [FUSED.channelScale]: ({ inputs, backend }) => {
    const b = backend as unknown as CpuBackend;
    const { h, s } = inputs as Record<string, TensorInfo>;
    const [n, pixels, c] = scaleDims(h!);
    const y = new Float32Array(n * pixels * c);
    channelScaleForward(cpuValues(b, h!, 'h'), cpuValues(b, s!, 's'), n, pixels, c, y);
    return b.makeTensorInfo(h!.shape, 'float32', y);
  },
  [FUSED.channelScaleGrad]: ({ inputs, backend }) => {
    const b = backend as unknown as CpuBackend;
    const { dy, h, s } = inputs as Record<string, TensorInfo>;
    const [n, pixels, c] = scaleDims(h!);
    const dh = new Float32Array(n * pixels * c);
    const ds = new Float32Array(n * c);
    channelScaleBackward(cpuValues(b, dy!, 'dy'), cpuValues(b, h!, 'h'), cpuValues(b, s!, 's'), n, pixels, c, dh, ds);
    return [b.makeTensorInfo(h!.shape, 'float32', dh), b.makeTensorInfo(s!.shape, 'float32', ds)];
  },
  [FUSED.spatialMean]: (args) => spatialMeanForward(args as KernelArgs, 'cpu'),
  [FUSED.spatialMeanGrad]: ({ inputs, backend, attrs }) => {
    const b = backend as unknown as CpuBackend;
    const [n, h, w, c] = inputShapeOf(attrs);
    const dx = new Float32Array(n * h * w * c);
    spatialMeanBackward(cpuValues(b, inputs['dy']!, 'dy'), n, h * w, c, dx);
    return b.makeTensorInfo([n, h, w, c], 'float32', dx);
  },
};

// ---- wasm ----

/** A `[c]` float32 tensor on the wasm heap holding `values`. */
function heapVector(b: WasmBackend, values: Float32Array): TensorInfo {
  const t = b.makeOutput([values.length], 'float32');
  b.typedArrayFromHeap(t).set(values);
  return t;
}

function simdFor(b: WasmBackend, c: number): SimdKernels | null {
  return c % 4 === 0 ? simdKernels(b) : null;
}

function wasmBatchNorm({ inputs, backend, attrs }: KernelArgs): TensorInfo[] {
  const b = backend as WasmBackend;
  const { x, gamma, beta } = inputs as Record<string, TensorInfo>;
  const [rows, c] = rowsAndChannels(x!);
  const y = b.makeOutput(x!.shape, 'float32');
  const mean = b.makeOutput([c], 'float32');
  const variance = b.makeOutput([c], 'float32');
  const eps = epsilonOf(attrs);
  const simd = simdFor(b, c);
  const view = (t: TensorInfo): Float32Array => b.typedArrayFromHeap(t);
  if (!simd || rows === 0) {
    batchNormForward(view(x!), rows, c, view(gamma!), view(beta!), eps, view(y), view(mean), view(variance));
    return [y, mean, variance];
  }
  const at = (t: TensorInfo): number => heapOffset(b, t.dataId);
  simd.colsum(at(x!), rows, c, at(mean));
  const mv = view(mean);
  for (let k = 0; k < c; k++) mv[k] /= rows;
  simd.bn_sqdev(at(x!), rows, c, at(mean), at(variance));
  const vv = view(variance);
  const g = view(gamma!);
  const be = view(beta!);
  const scale = new Float32Array(c);
  const shift = new Float32Array(c);
  for (let k = 0; k < c; k++) {
    vv[k] /= rows;
    scale[k] = g[k]! / Math.sqrt(vv[k]! + eps);
    shift[k] = be[k]! - mv[k]! * scale[k]!;
  }
  const scaleT = heapVector(b, scale);
  const shiftT = heapVector(b, shift);
  simd.affine(at(x!), rows, c, at(scaleT), at(shiftT), at(y));
  b.disposeData(scaleT.dataId);
  b.disposeData(shiftT.dataId);
  return [y, mean, variance];
}

function wasmBatchNormGrad({ inputs, backend, attrs }: KernelArgs): TensorInfo[] {
  const b = backend as WasmBackend;
  const { dy, x, gamma, mean, variance } = inputs as Record<string, TensorInfo>;
  const [rows, c] = rowsAndChannels(x!);
  const dx = b.makeOutput(x!.shape, 'float32');
  const eps = epsilonOf(attrs);
  const simd = simdFor(b, c);
  const view = (t: TensorInfo): Float32Array => b.typedArrayFromHeap(t);
  if (!simd || rows === 0) {
    const { dgamma, dbeta } = batchNormBackward(view(dy!), view(x!), rows, c, view(gamma!), view(mean!), view(variance!), eps, view(dx));
    return [dx, heapVector(b, dgamma), heapVector(b, dbeta)];
  }
  const at = (t: TensorInfo): number => heapOffset(b, t.dataId);
  const s1 = b.makeOutput([c], 'float32');
  const s2 = b.makeOutput([c], 'float32');
  simd.bn_grad_sums(at(dy!), at(x!), rows, c, at(mean!), at(s1), at(s2));
  const co = batchNormGradCoefficients(rows, c, view(gamma!), view(mean!), view(variance!), eps, view(s1), view(s2));
  b.disposeData(s1.dataId);
  b.disposeData(s2.dataId);
  const kpq = [co.k, co.p, co.q].map((v) => heapVector(b, v));
  simd.affine2(at(dy!), at(x!), rows, c, at(kpq[0]!), at(kpq[1]!), at(kpq[2]!), at(dx));
  kpq.forEach((t) => b.disposeData(t.dataId));
  return [dx, heapVector(b, co.dgamma), heapVector(b, co.dbeta)];
}

function wasmSwish({ inputs, backend }: KernelArgs): TensorInfo[] {
  const b = backend as WasmBackend;
  const x = inputs['x']!;
  const s = runKernel(b, 'Sigmoid', { x }, {});
  const z = runKernel(b, 'Multiply', { a: x, b: s }, {});
  return [z, s];
}

function wasmSwishGrad({ inputs, backend }: KernelArgs): TensorInfo {
  const b = backend as WasmBackend;
  const { dz, x, s } = inputs as Record<string, TensorInfo>;
  const dx = b.makeOutput(x!.shape, 'float32');
  const n = x!.shape.reduce((a, d) => a * d, 1);
  const simd = n % 4 === 0 ? simdKernels(b) : null;
  if (simd) simd.swish_grad(heapOffset(b, dz!.dataId), heapOffset(b, x!.dataId), heapOffset(b, s!.dataId), n, heapOffset(b, dx.dataId));
  else swishBackward(b.typedArrayFromHeap(dz!), b.typedArrayFromHeap(x!), b.typedArrayFromHeap(s!), b.typedArrayFromHeap(dx));
  return dx;
}

/** SIMD channel scale of image `b` (`affine` with a zero shift), for the forward pass and dh. */
function scaleImages(
  b: WasmBackend,
  simd: SimdKernels,
  src: TensorInfo,
  s: TensorInfo,
  out: TensorInfo,
  n: number,
  pixels: number,
  c: number,
): void {
  const zero = heapVector(b, new Float32Array(c));
  const at = (t: TensorInfo): number => heapOffset(b, t.dataId);
  for (let i = 0; i < n; i++)
    simd.affine(at(src) + i * pixels * c * 4, pixels, c, at(s) + i * c * 4, at(zero), at(out) + i * pixels * c * 4);
  b.disposeData(zero.dataId);
}

function wasmChannelScale({ inputs, backend }: KernelArgs): TensorInfo {
  const b = backend as WasmBackend;
  const { h, s } = inputs as Record<string, TensorInfo>;
  const [n, pixels, c] = scaleDims(h!);
  const y = b.makeOutput(h!.shape, 'float32');
  const simd = simdFor(b, c);
  if (simd) scaleImages(b, simd, h!, s!, y, n, pixels, c);
  else channelScaleForward(b.typedArrayFromHeap(h!), b.typedArrayFromHeap(s!), n, pixels, c, b.typedArrayFromHeap(y));
  return y;
}

function wasmChannelScaleGrad({ inputs, backend }: KernelArgs): TensorInfo[] {
  const b = backend as WasmBackend;
  const { dy, h, s } = inputs as Record<string, TensorInfo>;
  const [n, pixels, c] = scaleDims(h!);
  const dh = b.makeOutput(h!.shape, 'float32');
  const ds = b.makeOutput(s!.shape, 'float32');
  const simd = simdFor(b, c);
  const view = (t: TensorInfo): Float32Array => b.typedArrayFromHeap(t);
  if (!simd) {
    channelScaleBackward(view(dy!), view(h!), view(s!), n, pixels, c, view(dh), view(ds));
    return [dh, ds];
  }
  scaleImages(b, simd, dy!, s!, dh, n, pixels, c);
  // ds[b] = Σ_p dy·h: bn_grad_sums' second sum with a zero mean (its first sum goes to scratch)
  const zero = heapVector(b, new Float32Array(c));
  const scratch = b.makeOutput([c], 'float32');
  const at = (t: TensorInfo): number => heapOffset(b, t.dataId);
  for (let i = 0; i < n; i++) {
    simd.bn_grad_sums(at(dy!) + i * pixels * c * 4, at(h!) + i * pixels * c * 4, pixels, c, at(zero), at(scratch), at(ds) + i * c * 4);
  }
  b.disposeData(zero.dataId);
  b.disposeData(scratch.dataId);
  return [dh, ds];
}

function wasmSpatialMeanGrad({ inputs, backend, attrs }: KernelArgs): TensorInfo {
  const b = backend as WasmBackend;
  const [n, h, w, c] = inputShapeOf(attrs);
  const dx = b.makeOutput([n, h, w, c], 'float32');
  spatialMeanBackward(b.typedArrayFromHeap(inputs['dy']!), n, h * w, c, b.typedArrayFromHeap(dx));
  return dx;
}

const wasmKernels: Record<string, KernelFunc> = {
  [FUSED.spatialMean]: ((args: KernelArgs) => spatialMeanForward(args, 'wasm')) as unknown as KernelFunc,
  [FUSED.spatialMeanGrad]: wasmSpatialMeanGrad as unknown as KernelFunc,
  [FUSED.channelScale]: wasmChannelScale as unknown as KernelFunc,
  [FUSED.channelScaleGrad]: wasmChannelScaleGrad as unknown as KernelFunc,
  [FUSED.batchNorm]: wasmBatchNorm as unknown as KernelFunc,
  [FUSED.batchNormGrad]: wasmBatchNormGrad as unknown as KernelFunc,
  [FUSED.swish]: wasmSwish as unknown as KernelFunc,
  [FUSED.swishGrad]: wasmSwishGrad as unknown as KernelFunc,
};

/** Registers the fused kernels for the cpu and wasm backends (idempotent). */
export function registerFusedKernels(): void {
  for (const [backendName, kernels] of [
    ['cpu', cpuKernels],
    ['wasm', wasmKernels],
  ] as const) {
    for (const [kernelName, kernelFunc] of Object.entries(kernels)) {
      if (!tf.getKernel(kernelName, backendName)) tf.registerKernel({ kernelName, backendName, kernelFunc });
    }
  }
}
