/**
 * Training kernels for the WebAssembly backend, and their registration. The stock backend lacks
 * `Conv2DBackpropFilter` and the depthwise backprops (`wasm-depthwise.ts`), so it cannot train.
 *
 * The hot stride-1 convolutions (forward, input and filter gradients: `wasm-conv.ts`,
 * `wasm-filter-grad.ts`), 2×2 max-pool gradients, bias adds and leading-axis sums run in
 * tsglove's own SIMD kernels (`wasm-simd-source.ts`) on the wasm heap: XNNPACK repacks its
 * filter or right operand on every call (~5–10 ns a float), which costs as much as the product
 * when the weights change every step or the "weights" are activations. Other shapes use the
 * backend's XNNPACK kernels (Conv2D, BatchMatMul, DepthwiseConv2dNative) with the data movement
 * (im2col, col2im, filter rotation) in JS on views of the wasm heap.
 *
 * `Conv2DBackpropInput` and `MaxPoolGrad` are replaced (the stock ones are direct loops), and
 * `Conv2D`, `DepthwiseConv2dNative`, `BatchMatMul`, `Sum`, `Mean`, `Add`, `Identity`, `Cast` are wrapped
 * (`wasm-wrappers.ts`, `wasm-conv.ts`). Timings in bench/README.md.
 */
import { geometry } from './conv-geometry.js';
import * as tf from '@tensorflow/tfjs';
import { backend_util, type TensorInfo, type KernelFunc } from '@tensorflow/tfjs';
import { ModelsError } from '../errors.js';
import { checkNhwc, matMul, runKernel, type KernelArgs, type Pad, type WasmBackend } from './wasm-util.js';
import { depthwiseConv2dNative, depthwiseBackpropInput, depthwiseBackpropFilter } from './wasm-depthwise.js';
import { addWithRow, batchMatMul, leadingReduction, setStockKernel, sharingCopy } from './wasm-wrappers.js';
import { forEachTap, maxPoolGradLoop, poolInfo } from './grad-loops.js';
import { heapOffset, setSimdEnabled, simdKernels } from './wasm-simd.js';
import { conv2D, convStride1Simd } from './wasm-conv.js';
import { filterGradAsConv, filterGradIm2col, filterGradSimd } from './wasm-filter-grad.js';

/** Strategy knobs of the wasm kernels, for benchmarks and tests (see bench/README.md). */
export interface WasmKernelOptions {
  /**
   * Stride-1 filter gradient: `'simd'` (tsglove's SIMD kernel, where its channel counts fit,
   * else as 'auto' without it), `'conv'` (one XNNPACK conv), `'im2col'` (+ one matmul), or
   * `'auto'` (default): simd where it applies, else conv from 8 input channels up, where the
   * im2col copy gets large.
   */
  filterGrad: 'simd' | 'conv' | 'im2col' | 'auto';
  /**
   * Use the hand-written SIMD kernels of `wasm-simd-source.ts` (default true); false runs the
   * JS loops and stock XNNPACK kernels they replace.
   */
  simd: boolean;
}

const kernelOptions: WasmKernelOptions = { filterGrad: 'auto', simd: true };

/** Sets strategy knobs of the wasm kernels; returns the previous values. */
export function setWasmKernelOptions(options: Partial<WasmKernelOptions>): WasmKernelOptions {
  const previous = { ...kernelOptions };
  Object.assign(kernelOptions, options);
  setSimdEnabled(kernelOptions.simd);
  return previous;
}

/** dW[fh,fw,ci,co] = Σ x[b, oh·s+fh-pt, ow·s+fw-pl, ci] · dy[b,oh,ow,co]; strategies in wasm-filter-grad.ts. */
function conv2DBackpropFilter({ inputs, backend, attrs }: KernelArgs): TensorInfo {
  const b = backend as WasmBackend;
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const a = attrs!;
  checkNhwc(a, 'Conv2DBackpropFilter');
  const filterShape = a['filterShape'] as [number, number, number, number];
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    a['strides'] as [number, number],
    1,
    a['pad'] as Pad,
    a['dimRoundingMode'] as 'floor' | undefined,
    false,
    'channelsLast',
  );
  const { inChannels: ci, strideHeight: sh, strideWidth: sw } = info;
  const mode = kernelOptions.filterGrad;
  const simd = mode === 'auto' || mode === 'simd' ? filterGradSimd(b, x, dy, info) : null;
  const asConv = mode === 'conv' || (mode !== 'im2col' && ci >= 8);
  const dw = simd ?? (asConv && sh === 1 && sw === 1 ? filterGradAsConv(b, x, dy, info) : filterGradIm2col(b, x, dy, info));
  return { dataId: dw.dataId, shape: filterShape, dtype: 'float32' };
}

/**
 * dx for a stride-1 convolution is itself a convolution: dy, padded by (f-1-pad), convolved with
 * the filter rotated 180° and with in/out channels swapped: the SIMD conv, or XNNPACK's Conv2D.
 * Other strides: dx = col2im(dy · Wᵀ), one matmul and a scatter-add.
 */
function conv2DBackpropInput({ inputs, backend, attrs }: KernelArgs): TensorInfo {
  const b = backend as WasmBackend;
  const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
  const a = attrs!;
  checkNhwc(a, 'Conv2DBackpropInput');
  const inputShape = a['inputShape'] as [number, number, number, number];
  const info = backend_util.computeConv2DInfo(
    inputShape,
    filter.shape as [number, number, number, number],
    a['strides'] as [number, number],
    1,
    a['pad'] as Pad,
    a['dimRoundingMode'] as 'floor' | undefined,
    false,
    'channelsLast',
  );
  const { filterHeight: fh, filterWidth: fw, padInfo } = info;
  const pads = [fh - 1 - padInfo.top, fh - 1 - padInfo.bottom, fw - 1 - padInfo.left, fw - 1 - padInfo.right];
  if (info.strideHeight === 1 && info.strideWidth === 1 && pads.every((v) => v >= 0)) {
    return backpropInputAsConv(b, dy, filter, info, pads as [number, number, number, number]);
  }
  return backpropInputCol2Im(b, dy, filter, info);
}

function backpropInputAsConv(
  b: WasmBackend,
  dy: TensorInfo,
  filter: TensorInfo,
  info: backend_util.Conv2DInfo,
  [pt, pb, pl, pr]: [number, number, number, number],
): TensorInfo {
  const { filterHeight: fh, filterWidth: fw, inChannels: ci, outChannels: co } = info;
  const rotated = b.makeOutput([fh, fw, co, ci], 'float32');
  const rv = b.typedArrayFromHeap(rotated);
  const wv = b.typedArrayFromHeap(filter);
  for (let kh = 0; kh < fh; kh++) {
    for (let kw = 0; kw < fw; kw++) {
      const src = ((fh - 1 - kh) * fw + (fw - 1 - kw)) * ci * co;
      const dst = (kh * fw + kw) * co * ci;
      for (let i = 0; i < ci; i++) for (let o = 0; o < co; o++) rv[dst + o * ci + i] = wv[src + i * co + o]!;
    }
  }
  const dx =
    convStride1Simd(b, dy, rotated, [pt, pb, pl, pr]) ??
    runKernel(
      b,
      'Conv2D',
      { x: dy, filter: rotated },
      {
        strides: 1,
        dilations: 1,
        dataFormat: 'NHWC',
        pad: [
          [0, 0],
          [pt, pb],
          [pl, pr],
          [0, 0],
        ],
      },
    );
  b.disposeData(rotated.dataId);
  return dx;
}

function backpropInputCol2Im(b: WasmBackend, dy: TensorInfo, filter: TensorInfo, info: backend_util.Conv2DInfo): TensorInfo {
  const { n, h, w, ci, oh, ow, co, fh, fw } = geometry(info);
  const p = n * oh * ow;
  const k = fh * fw * ci;
  // Wᵀ[co, k] in JS: the backend's transposed matmul is a slow generic loop.
  const wt = b.makeOutput([co, k], 'float32');
  {
    const tv = b.typedArrayFromHeap(wt);
    const wv = b.typedArrayFromHeap(filter);
    for (let i = 0; i < k; i++) for (let o = 0; o < co; o++) tv[o * k + i] = wv[i * co + o]!;
  }
  // cols[p, k] = dy[p, co] · Wᵀ[co, k]
  const cols = matMul(b, { ...dy, shape: [1, p, co] }, { ...wt, shape: [1, co, k] }, false, false);
  b.disposeData(wt.dataId);
  const dx = b.makeOutput([n, h, w, ci], 'float32');
  const dv = b.typedArrayFromHeap(dx);
  const cv = b.typedArrayFromHeap({ ...cols, shape: [p, k] });
  dv.fill(0);
  // dx[input pixel] += cols[output pixel, tap] for every tap that reads it
  forEachTap(info, (inPixel, outPixel, tap) => accumulateRow(dv, inPixel * ci, cv, outPixel * k + tap * ci, ci));
  b.disposeData(cols.dataId);
  return dx;
}

/** dst[at + c] += src[from + c] for c < count. */
function accumulateRow(dst: Float32Array, at: number, src: Float32Array, from: number, count: number): void {
  for (let c = 0; c < count; c++) dst[at + c] += src[from + c]!;
}

/**
 * MaxPool's gradient: each dy value goes to the first maximum (row-major within the window) of
 * its window, as on the cpu backend, found by matching the forward output. 2×2 stride-2 windows
 * without padding (channels % 4 == 0) run in the SIMD `maxpoolgrad2` kernel, others in JS.
 */
function maxPoolGrad({ inputs, backend, attrs }: KernelArgs): TensorInfo {
  const b = backend as WasmBackend;
  const { dy, input, output } = inputs as { dy: TensorInfo; input: TensorInfo; output: TensorInfo };
  const info = poolInfo(input.shape, attrs!);
  const dx = b.makeOutput(input.shape, 'float32');
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow, padInfo } = info;
  const simd = simdKernels(b);
  const plain2x2 =
    info.filterHeight === 2 &&
    info.filterWidth === 2 &&
    info.strideHeight === 2 &&
    info.strideWidth === 2 &&
    info.dilationHeight === 1 &&
    info.dilationWidth === 1 &&
    padInfo.top === 0 &&
    padInfo.left === 0 &&
    2 * oh <= h &&
    2 * ow <= w;
  if (simd && plain2x2 && c % 4 === 0) {
    // Windows tile the input without overlap; rows/columns they miss (odd sizes) get no gradient.
    if (2 * oh !== h || 2 * ow !== w) b.typedArrayFromHeap(dx).fill(0);
    const at = (t: TensorInfo): number => heapOffset(b, t.dataId);
    simd.maxpoolgrad2(at(input), at(output), at(dy), at(dx), n, oh, ow, h, w, c);
    return dx;
  }
  const dv = b.typedArrayFromHeap(dx);
  const xv = b.typedArrayFromHeap(input);
  const yv = b.typedArrayFromHeap(dy);
  const ov = b.typedArrayFromHeap(output);
  maxPoolGradLoop(info, xv, ov, yv, dv);
  return dx;
}

const kernels: Array<[string, KernelFunc]> = [
  ['BatchMatMul', batchMatMul as unknown as KernelFunc],
  ['Sum', leadingReduction('Sum')],
  ['Mean', leadingReduction('Mean')],
  ['Add', addWithRow as unknown as KernelFunc],
  ['Identity', sharingCopy('Identity')],
  ['Cast', sharingCopy('Cast')],
  ['Conv2D', conv2D as unknown as KernelFunc],
  ['Conv2DBackpropFilter', conv2DBackpropFilter as unknown as KernelFunc],
  ['Conv2DBackpropInput', conv2DBackpropInput as unknown as KernelFunc],
  ['MaxPoolGrad', maxPoolGrad as unknown as KernelFunc],
  ['DepthwiseConv2dNative', depthwiseConv2dNative as unknown as KernelFunc],
  ['DepthwiseConv2dNativeBackpropInput', depthwiseBackpropInput as unknown as KernelFunc],
  ['DepthwiseConv2dNativeBackpropFilter', depthwiseBackpropFilter as unknown as KernelFunc],
];

/** Stock kernels the entries above wrap (they delegate to them for the cases they do not handle). */
const wrapped = new Set(['BatchMatMul', 'Sum', 'Mean', 'Add', 'Identity', 'Cast', 'Conv2D', 'DepthwiseConv2dNative']);

const ours = new Set<KernelFunc>(kernels.map(([, f]) => f));

/** Names of the kernels {@link registerWasmGradKernels} installs for the wasm backend. */
export const wasmGradKernelNames: readonly string[] = kernels.map(([name]) => name);

/**
 * Registers the gradient kernels above for the `wasm` backend (idempotent). Replaces the stock
 * `Conv2DBackpropInput` and `MaxPoolGrad`, and wraps the stock `Conv2D`, `BatchMatMul`, `Sum`,
 * `Mean`, `Add`, `Identity` and `Cast`.
 */
export function registerWasmGradKernels(): void {
  for (const [kernelName, kernelFunc] of kernels) {
    const existing = tf.getKernel(kernelName, 'wasm');
    if (existing && ours.has(existing.kernelFunc)) continue;
    if (wrapped.has(kernelName)) {
      if (!existing) throw new ModelsError(`the wasm backend has no ${kernelName} kernel to wrap`, kernelName);
      setStockKernel(kernelName, existing.kernelFunc);
    }
    if (existing) tf.unregisterKernel(kernelName, 'wasm');
    tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc });
  }
}
