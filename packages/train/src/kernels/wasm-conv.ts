/**
 * Stride-1 Conv2D on the WebAssembly backend by the SIMD `conv_o8` kernel (tiles of 4 pixels ×
 * 8 output channels, no filter packing), used for the forward pass and for the stride-1 input
 * gradient (a convolution of the padded dy with the rotated filter). XNNPACK repacks the filter
 * on every call, and training changes it every step.
 */
import { backend_util, type TensorInfo } from '@tensorflow/tfjs';
import { checkNhwc, zeroPadded, type KernelArgs, type Pad, type WasmBackend } from './wasm-util.js';
import { heapOffset, simdKernels } from './wasm-simd.js';
import { callStock } from './wasm-wrappers.js';

/**
 * y = conv(x, filter) with stride 1, x zero-padded by (top, bottom, left, right); null when the
 * SIMD kernels are missing or out channels are not a multiple of 8.
 */
export function convStride1Simd(
  b: WasmBackend,
  x: TensorInfo,
  filter: TensorInfo,
  [top, bottom, left, right]: [number, number, number, number],
): TensorInfo | null {
  const simd = simdKernels(b);
  const [n, h, w, ci] = x.shape as [number, number, number, number];
  const [fh, fw, fci, co] = filter.shape as [number, number, number, number];
  if (!simd || co % 8 !== 0 || fci !== ci || x.dtype !== 'float32' || filter.dtype !== 'float32') return null;
  const hp = h + top + bottom;
  const wp = w + left + right;
  const oh = hp - fh + 1;
  const ow = wp - fw + 1;
  if (oh <= 0 || ow <= 0 || top < 0 || bottom < 0 || left < 0 || right < 0) return null;
  const y = b.makeOutput([n, oh, ow, co], 'float32');
  const xp = zeroPadded(b, x, hp, wp, top, left);
  simd.conv_o8(heapOffset(b, xp.dataId), heapOffset(b, filter.dataId), heapOffset(b, y.dataId), n, hp, wp, ci, oh, ow, co, fh, fw);
  if (xp !== x) b.disposeData(xp.dataId);
  return y;
}

/** Conv2D kernel: stride-1, undilated NHWC convolutions by {@link convStride1Simd}, others by the stock kernel. */
export function conv2D(args: KernelArgs): TensorInfo {
  const b = args.backend as WasmBackend;
  const { x, filter } = args.inputs as { x: TensorInfo; filter: TensorInfo };
  const a = args.attrs!;
  checkNhwc(a, 'Conv2D');
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filter.shape as [number, number, number, number],
    a['strides'] as [number, number],
    a['dilations'] as [number, number],
    a['pad'] as Pad,
    a['dimRoundingMode'] as 'floor' | undefined,
    false,
    'channelsLast',
  );
  const { padInfo, filterHeight: fh, filterWidth: fw } = info;
  const [, h, w] = x.shape as [number, number, number, number];
  const fits = h + padInfo.top + padInfo.bottom - fh + 1 === info.outHeight && w + padInfo.left + padInfo.right - fw + 1 === info.outWidth;
  if (fits && info.strideHeight === 1 && info.strideWidth === 1 && info.dilationHeight === 1 && info.dilationWidth === 1) {
    const y = convStride1Simd(b, x, filter, [padInfo.top, padInfo.bottom, padInfo.left, padInfo.right]);
    if (y) return y;
  }
  return callStock('Conv2D', args);
}
