/**
 * Conv2D filter gradient on the WebAssembly backend: dW[fh,fw,ci,co] = Σ x[b, oh·s+fh-pt,
 * ow·s+fw-pl, ci] · dy[b,oh,ow,co]. A GEMM with a tiny output and a huge reduction, run on the
 * backend's XNNPACK kernels with the data movement in JS on views of the wasm heap.
 */
import { geometry } from './conv-geometry.js';
import type { backend_util, TensorInfo } from '@tensorflow/tfjs';
import { aliasTensor, disposeAlias, matMul, zeroPadded, type WasmBackend } from './wasm-util.js';
import { heapOffset, simdKernels } from './wasm-simd.js';
import { callStock } from './wasm-wrappers.js';

/**
 * Stride-1 filter gradient by the SIMD kernels of `wasm-simd-source.ts`, from x zero-padded in
 * JS: no operand packing (XNNPACK packs its right operand or filter on every call, ~5–10 ns per
 * float, which costs more than the product here). Null when the kernels or the shape (stride 1,
 * ci % 4 == 0 and co % 8 == 0, or co % 16 == 0) do not apply.
 */
export function filterGradSimd(b: WasmBackend, x: TensorInfo, dy: TensorInfo, info: backend_util.Conv2DInfo): TensorInfo | null {
  const { n, ci, oh, ow, co, fh, fw, sh, sw, dilH: dh, dilW: dw, pt, pl } = geometry(info);
  const simd = simdKernels(b);
  if (!simd || sh !== 1 || sw !== 1 || dh !== 1 || dw !== 1) return null;
  const kernel = ci % 4 === 0 && co % 8 === 0 ? simd.fgrad_c4o8 : co % 16 === 0 ? simd.fgrad_c1o16 : null;
  if (!kernel) return null;
  const hp = oh + fh - 1;
  const wp = ow + fw - 1;
  const acc = b.makeOutput([fh, fw, ci, co], 'float32');
  const xp = zeroPadded(b, x, hp, wp, pt, pl);
  b.typedArrayFromHeap(acc).fill(0);
  kernel(heapOffset(b, xp.dataId), heapOffset(b, dy.dataId), heapOffset(b, acc.dataId), n, hp, wp, ci, oh, ow, co, fh, fw);
  if (xp !== x) b.disposeData(xp.dataId);
  return acc;
}

/**
 * Stride-1 filter gradient as one (stock) XNNPACK convolution: with x as `[ci, h, w, n]` (batch and
 * channels swapped) and dy as a `[oh, ow, n, co]` filter, `conv(x', dy')` is `[ci, fh, fw, co]`,
 * i.e. dW with its first axis moved. The three transposes are JS loops (the stock wasm Transpose
 * takes ~5 ms for the bench CNN's x).
 */
export function filterGradAsConv(b: WasmBackend, x: TensorInfo, dy: TensorInfo, info: backend_util.Conv2DInfo): TensorInfo {
  const { n, h, oh, fh, w, ow, fw, ci, co, pt, pl } = geometry(info);
  const xt = b.makeOutput([ci, h, w, n], 'float32');
  const dyt = b.makeOutput([oh, ow, n, co], 'float32');
  swapFirstAndLast(b.typedArrayFromHeap(x), b.typedArrayFromHeap(xt), n, h * w, ci);
  swapFirstTwo(b.typedArrayFromHeap(dy), b.typedArrayFromHeap(dyt), n, oh * ow, co);
  const pb = fh - 1 + oh - h - pt;
  const pr = fw - 1 + ow - w - pl;
  const out = callStock('Conv2D', {
    inputs: { x: xt, filter: dyt },
    backend: b,
    attrs: {
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
  });
  b.disposeData(xt.dataId);
  b.disposeData(dyt.dataId);
  const dw = b.makeOutput([fh, fw, ci, co], 'float32');
  swapFirstTwo(b.typedArrayFromHeap(out), b.typedArrayFromHeap(dw), ci, fh * fw, co);
  b.disposeData(out.dataId);
  return dw;
}

/** `dst[c, p, a] = src[a, p, c]` for src of shape `[na, np, nc]`. */
function swapFirstAndLast(src: Float32Array, dst: Float32Array, na: number, np: number, nc: number): void {
  if (nc === 1) {
    for (let p = 0, o = 0; p < np; p++) for (let a = 0, i = p; a < na; a++, i += np) dst[o++] = src[i]!;
    return;
  }
  const rowStride = np * nc;
  for (let c = 0, o = 0; c < nc; c++) {
    for (let p = 0; p < np; p++) {
      for (let a = 0, i = p * nc + c; a < na; a++, i += rowStride) dst[o++] = src[i]!;
    }
  }
}

/** `dst[p, a, :] = src[a, p, :]` for src of shape `[na, np, nc]` (rows of nc floats move whole). */
function swapFirstTwo(src: Float32Array, dst: Float32Array, na: number, np: number, nc: number): void {
  for (let a = 0, i = 0; a < na; a++) {
    for (let p = 0; p < np; p++) {
      let o = (p * na + a) * nc;
      for (const end = i + nc; i < end; ) dst[o++] = src[i++]!;
    }
  }
}

/** Filter gradient as im2colᵀ `[fh·fw·ci, n·oh·ow]` (built in JS) times dy `[n·oh·ow, co]`. */
export function filterGradIm2col(b: WasmBackend, x: TensorInfo, dy: TensorInfo, info: backend_util.Conv2DInfo): TensorInfo {
  const { n, h, w, ci, oh, ow, fh, fw, sh, sw, pt, pl } = geometry(info);
  const p = n * oh * ow;
  const k = fh * fw * ci;
  const cols = b.makeOutput([k, p], 'float32');
  // Views are taken after the allocation: growing the heap detaches earlier views.
  const cv = b.typedArrayFromHeap(cols);
  const xv = b.typedArrayFromHeap(x);
  // One contiguous output row per (tap, channel); x is read with stride ci.
  for (let kh = 0; kh < fh; kh++) {
    for (let kw = 0; kw < fw; kw++) {
      // Output columns whose tap lands inside the row: [lo, hi).
      const lo = Math.min(ow, Math.max(0, Math.ceil((pl - kw) / sw)));
      const hi = Math.max(lo, Math.min(ow, Math.floor((w - 1 + pl - kw) / sw) + 1));
      const step = sw * ci;
      for (let c = 0; c < ci; c++) {
        let col = ((kh * fw + kw) * ci + c) * p;
        for (let bi = 0; bi < n; bi++) {
          for (let y = 0; y < oh; y++, col += ow) {
            const iy = y * sh + kh - pt;
            if (iy < 0 || iy >= h) {
              cv.fill(0, col, col + ow);
              continue;
            }
            for (let xo = 0; xo < lo; xo++) cv[col + xo] = 0;
            let src = ((bi * h + iy) * w + lo * sw + kw - pl) * ci + c;
            for (let xo = lo; xo < hi; xo++, src += step) cv[col + xo] = xv[src]!;
            for (let xo = hi; xo < ow; xo++) cv[col + xo] = 0;
          }
        }
      }
    }
  }
  const dys = aliasTensor(b, dy, [1, p, info.outChannels]);
  const product = matMul(b, { ...cols, shape: [1, k, p] }, dys, false, false);
  disposeAlias(b, dys);
  b.disposeData(cols.dataId);
  return product;
}
