/**
 * Depthwise convolution and its gradients for wasm (the stock backend has no gradients). With
 * multiplier 1, dilation 1 and channels % 4 == 0 all three run in tsglove's SIMD kernels
 * (`dw_fwd`, `dw_dx`, `dw_dw_tap`, one image per call). Otherwise: stride 1 with multiplier 1
 * runs on XNNPACK's depthwise convolution; other cases are JS loops on the wasm heap.
 */
import { geometry } from './conv-geometry.js';
import { backend_util, type TensorInfo, type NamedAttrMap } from '@tensorflow/tfjs';
import { runKernel, type KernelArgs, type Pad, type WasmBackend } from './wasm-util.js';
import { heapOffset, simdKernels, type SimdKernels } from './wasm-simd.js';
import { callStock } from './wasm-wrappers.js';
import { forEachTap } from './grad-loops.js';

function depthwiseInfo(xShape: number[], filterShape: number[], a: NamedAttrMap): backend_util.Conv2DInfo {
  return backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    a['strides'] as [number, number],
    (a['dilations'] as [number, number] | number | undefined) ?? 1,
    a['pad'] as Pad,
    a['dimRoundingMode'] as 'floor' | undefined,
    true,
    'channelsLast',
  );
}

/** The SIMD kernels when `info` fits them (multiplier 1, dilation 1, channels % 4 == 0), else null. */
function simdFor(b: WasmBackend, info: backend_util.Conv2DInfo): SimdKernels | null {
  if (info.outChannels !== info.inChannels || info.inChannels % 4 !== 0 || info.dilationHeight !== 1 || info.dilationWidth !== 1)
    return null;
  return simdKernels(b);
}

/** Per-image arguments shared by `dw_fwd` and `dw_dx`. */
function pixelArgs(
  info: backend_util.Conv2DInfo,
): [number, number, number, number, number, number, number, number, number, number, number] {
  const { h, w, ci: c, oh, ow, fh, fw, sh, sw, pt, pl } = geometry(info);
  return [h, w, c, oh, ow, fh, fw, sh, sw, pt, pl];
}

/** The depthwise forward pass: SIMD `dw_fwd` where it fits, else the stock XNNPACK kernel. */
export function depthwiseConv2dNative(args: KernelArgs): TensorInfo {
  const b = args.backend as WasmBackend;
  const { x, filter } = args.inputs as { x: TensorInfo; filter: TensorInfo };
  const info = depthwiseInfo(x.shape, filter.shape, args.attrs!);
  const simd = simdFor(b, info);
  if (!simd) return callStock('DepthwiseConv2dNative', args);
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow } = info;
  const y = b.makeOutput([n, oh, ow, c], 'float32');
  const xAt = heapOffset(b, x.dataId);
  const yAt = heapOffset(b, y.dataId);
  const wAt = heapOffset(b, filter.dataId);
  const rest = pixelArgs(info);
  for (let i = 0; i < n; i++) simd.dw_fwd(xAt + i * h * w * c * 4, wAt, yAt + i * oh * ow * c * 4, ...rest);
  return y;
}

/** dx by the SIMD scatter kernel `dw_dx` (one image per call). */
function depthwiseInputSimd(
  b: WasmBackend,
  simd: SimdKernels,
  dy: TensorInfo,
  filter: TensorInfo,
  info: backend_util.Conv2DInfo,
): TensorInfo {
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow } = info;
  const dx = b.makeOutput([n, h, w, c], 'float32');
  b.typedArrayFromHeap(dx).fill(0);
  const dxAt = heapOffset(b, dx.dataId);
  const dyAt = heapOffset(b, dy.dataId);
  const wAt = heapOffset(b, filter.dataId);
  const rest = pixelArgs(info);
  for (let i = 0; i < n; i++) simd.dw_dx(dxAt + i * h * w * c * 4, wAt, dyAt + i * oh * ow * c * 4, ...rest);
  return dx;
}

/** dW by the SIMD kernel `dw_dw_tap`: per image and tap, over the outputs whose input is inside. */
function depthwiseFilterSimd(
  b: WasmBackend,
  simd: SimdKernels,
  x: TensorInfo,
  dy: TensorInfo,
  info: backend_util.Conv2DInfo,
  filterShape: number[],
): TensorInfo {
  const n = info.batchSize;
  const [h, w, c, oh, ow, fh, fw, sh, sw, pt, pl] = pixelArgs(info);
  const dw = b.makeOutput(filterShape, 'float32');
  b.typedArrayFromHeap(dw).fill(0);
  const xAt = heapOffset(b, x.dataId);
  const dyAt = heapOffset(b, dy.dataId);
  const dwAt = heapOffset(b, dw.dataId);
  // Output range [lo, hi) of one axis whose input o·s + k − p lies in [0, size).
  const range = (k: number, p: number, s: number, size: number, out: number): [number, number] => [
    Math.max(0, Math.ceil((p - k) / s)),
    Math.min(out, Math.floor((size - 1 + p - k) / s) + 1),
  ];
  const ys = Array.from({ length: fh }, (_, kh) => range(kh, pt, sh, h, oh));
  const xs = Array.from({ length: fw }, (_, kw) => range(kw, pl, sw, w, ow));
  for (let i = 0; i < n; i++) {
    const xi = xAt + i * h * w * c * 4;
    const di = dyAt + i * oh * ow * c * 4;
    for (let kh = 0; kh < fh; kh++) {
      const [oyLo, oyHi] = ys[kh]!;
      if (oyHi <= oyLo) continue;
      for (let kw = 0; kw < fw; kw++) {
        const [oxLo, oxHi] = xs[kw]!;
        if (oxHi <= oxLo) continue;
        simd.dw_dw_tap(xi, di, dwAt + (kh * fw + kw) * c * 4, w, c, ow, sw, oyLo, oyHi, oxLo, oxHi, kh - pt, kw - pl, sh);
      }
    }
  }
  return dw;
}

/**
 * Stride-1, multiplier-1 depthwise dx is itself a depthwise convolution (XNNPACK): dy, padded by
 * (f-1-pad), with the 180°-rotated filter.
 */
function depthwiseInputAsConv(
  b: WasmBackend,
  dy: TensorInfo,
  filter: TensorInfo,
  info: backend_util.Conv2DInfo,
  [pt, pb, pl, pr]: [number, number, number, number],
): TensorInfo {
  const { filterHeight: fh, filterWidth: fw, inChannels: c } = info;
  const rotated = b.makeOutput([fh, fw, c, 1], 'float32');
  const rv = b.typedArrayFromHeap(rotated);
  const wv = b.typedArrayFromHeap(filter);
  for (let kh = 0; kh < fh; kh++) {
    for (let kw = 0; kw < fw; kw++) {
      const src = ((fh - 1 - kh) * fw + (fw - 1 - kw)) * c;
      rv.set(wv.subarray(src, src + c), (kh * fw + kw) * c);
    }
  }
  const dx = runKernel(
    b,
    'DepthwiseConv2dNative',
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

/** dx[b,iy,ix,c] = Σ dy[b,oy,ox,c·m+q] · W[kh,kw,c,q] over the taps that read (iy, ix). */
export function depthwiseBackpropInput({ inputs, backend, attrs }: KernelArgs): TensorInfo {
  const b = backend as WasmBackend;
  const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
  const inputShape = attrs!['inputShape'] as number[];
  const info = depthwiseInfo(inputShape, filter.shape, attrs!);
  const { filterHeight: fh, filterWidth: fw, padInfo } = info;
  const simd = simdFor(b, info);
  if (simd) return depthwiseInputSimd(b, simd, dy, filter, info);
  const pads = [fh - 1 - padInfo.top, fh - 1 - padInfo.bottom, fw - 1 - padInfo.left, fw - 1 - padInfo.right];
  if (
    info.strideHeight === 1 &&
    info.strideWidth === 1 &&
    info.dilationHeight === 1 &&
    info.dilationWidth === 1 &&
    info.outChannels === info.inChannels &&
    pads.every((v) => v >= 0)
  ) {
    return depthwiseInputAsConv(b, dy, filter, info, pads as [number, number, number, number]);
  }
  const dx = b.makeOutput(inputShape, 'float32');
  const dv = b.typedArrayFromHeap(dx);
  const yv = b.typedArrayFromHeap(dy);
  const wv = b.typedArrayFromHeap(filter);
  dv.fill(0);
  const { inChannels: ci, outChannels: co } = info;
  forEachTap(info, (inPixel, outPixel, tap) => inputGradTap(dv, yv, wv, inPixel * ci, outPixel * co, tap * co, ci, co / ci));
  return dx;
}

/**
 * Stride-1, multiplier-1 depthwise dW as one XNNPACK depthwise convolution over (batch, channel)
 * pairs: x as `[1, h, w, n·c]` correlated with dy as an `[oh, ow, n·c, 1]` filter gives
 * `[fh, fw, n, c]` per-sample gradients, summed over n.
 */
function depthwiseFilterAsConv(
  b: WasmBackend,
  x: TensorInfo,
  dy: TensorInfo,
  info: backend_util.Conv2DInfo,
  filterShape: number[],
): TensorInfo {
  const { n, h, w, ci: c, oh, ow, fh, fw, pt, pl } = geometry(info);
  const xt = runKernel(b, 'Transpose', { x }, { perm: [1, 2, 0, 3] });
  const dyt = runKernel(b, 'Transpose', { x: dy }, { perm: [1, 2, 0, 3] });
  const pb = fh - 1 + oh - h - pt;
  const pr = fw - 1 + ow - w - pl;
  const perSample = runKernel(
    b,
    'DepthwiseConv2dNative',
    { x: { ...xt, shape: [1, h, w, n * c] }, filter: { ...dyt, shape: [oh, ow, n * c, 1] } },
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
  b.disposeData(xt.dataId);
  b.disposeData(dyt.dataId);
  const dw = runKernel(b, 'Sum', { x: { ...perSample, shape: [fh, fw, n, c] } }, { axis: [2], keepDims: false });
  b.disposeData(perSample.dataId);
  return { ...dw, shape: filterShape };
}

/** dW[kh,kw,c,q] = Σ x[b, oy·s+kh·d-pt, ox·s+kw·d-pl, c] · dy[b,oy,ox,c·m+q]. */
export function depthwiseBackpropFilter({ inputs, backend, attrs }: KernelArgs): TensorInfo {
  const b = backend as WasmBackend;
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const filterShape = attrs!['filterShape'] as number[];
  const info = depthwiseInfo(x.shape, filterShape, attrs!);
  const simd = simdFor(b, info);
  if (simd) return depthwiseFilterSimd(b, simd, x, dy, info, filterShape);
  if (
    info.strideHeight === 1 &&
    info.strideWidth === 1 &&
    info.dilationHeight === 1 &&
    info.dilationWidth === 1 &&
    info.outChannels === info.inChannels
  ) {
    return depthwiseFilterAsConv(b, x, dy, info, filterShape);
  }
  const dw = b.makeOutput(filterShape, 'float32');
  const wv = b.typedArrayFromHeap(dw);
  const xv = b.typedArrayFromHeap(x);
  const yv = b.typedArrayFromHeap(dy);
  wv.fill(0);
  const { inChannels: ci, outChannels: co } = info;
  forEachTap(info, (inPixel, outPixel, tap) => filterGradTap(wv, xv, yv, inPixel * ci, outPixel * co, tap * co, ci, co / ci));
  return dw;
}

/** One tap of the depthwise dx: dx[pixel, c] += Σ_q dy[pixel', c·m + q]·W[tap, c·m + q]. */
function inputGradTap(
  dv: Float32Array,
  yv: Float32Array,
  wv: Float32Array,
  pixel: number,
  dyBase: number,
  wBase: number,
  ci: number,
  m: number,
): void {
  if (m === 1) {
    for (let c = 0; c < ci; c++) dv[pixel + c] += yv[dyBase + c]! * wv[wBase + c]!;
    return;
  }
  for (let c = 0; c < ci; c++) {
    let s = 0;
    for (let q = 0; q < m; q++) s += yv[dyBase + c * m + q]! * wv[wBase + c * m + q]!;
    dv[pixel + c] += s;
  }
}

/** One tap of the depthwise dW: dW[tap, c·m + q] += x[pixel, c]·dy[pixel', c·m + q]. */
function filterGradTap(
  wv: Float32Array,
  xv: Float32Array,
  yv: Float32Array,
  pixel: number,
  dyBase: number,
  wBase: number,
  ci: number,
  m: number,
): void {
  if (m === 1) {
    for (let c = 0; c < ci; c++) wv[wBase + c] += xv[pixel + c]! * yv[dyBase + c]!;
    return;
  }
  for (let c = 0; c < ci; c++) {
    const xval = xv[pixel + c]!;
    for (let q = 0; q < m; q++) wv[wBase + c * m + q] += xval * yv[dyBase + c * m + q]!;
  }
}
