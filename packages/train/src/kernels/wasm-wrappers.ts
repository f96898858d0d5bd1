/**
 * Wrappers around stock wasm kernels that leave XNNPACK or transpose needlessly: `BatchMatMul`
 * with transposed operands and `Sum`/`Mean` over leading axes. The stock kernel functions are
 * captured by {@link setStockKernel} when the wrappers are registered.
 */
import type { TensorInfo, KernelFunc } from '@tensorflow/tfjs';
import { heapOffset, simdKernels } from './wasm-simd.js';
import { aliasTensor, disposeAlias, runKernel, type KernelArgs, type WasmBackend } from './wasm-util.js';

const stockKernels = new Map<string, KernelFunc>();

/** Runs the stock kernel recorded for `name` (by {@link setStockKernel}). */
export function callStock(name: string, args: KernelArgs): TensorInfo {
  return stockKernels.get(name)!(args as never) as TensorInfo;
}

/** Records the stock kernel a wrapper delegates to. */
export function setStockKernel(name: string, kernelFunc: KernelFunc): void {
  stockKernels.set(name, kernelFunc);
}

/** The `[k, n]` each tensor was last multiplied as, as the right operand (see {@link aliasTensor}). */
const rightShapes = new WeakMap<object, string>();

/** Runs the stock kernel, through a fresh alias of `m` when its id was last used with another shape. */
function stockMatMul(b: WasmBackend, a: TensorInfo, m: TensorInfo): TensorInfo {
  const stock = stockKernels.get('BatchMatMul')!;
  const key = m.shape.slice(-2).join(',');
  const seen = rightShapes.get(m.dataId);
  const attrs = { transposeA: false, transposeB: false };
  if (seen === undefined || seen === key) {
    rightShapes.set(m.dataId, key);
    return stock({ inputs: { a, b: m }, backend: b as never, attrs }) as TensorInfo;
  }
  const alias = aliasTensor(b, m, m.shape);
  const out = stock({ inputs: { a, b: alias }, backend: b as never, attrs }) as TensorInfo;
  disposeAlias(b, alias);
  return out;
}

/**
 * BatchMatMul with `transposeA`/`transposeB`: the stock kernel then leaves XNNPACK for a generic
 * loop (8–40× slower on dense-layer gradients); transposing the operand first and multiplying
 * plainly is faster. Also guards against the stock kernel's operator cache, keyed by the right
 * operand's id alone: a tensor reused as the right operand with another shape gets an alias.
 */
export function batchMatMul(args: KernelArgs): TensorInfo {
  const b = args.backend as WasmBackend;
  const { a, b: m } = args.inputs as { a: TensorInfo; b: TensorInfo };
  const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
  if (!transposeA && !transposeB) return stockMatMul(b, a, m);
  const swapLast = (t: TensorInfo): TensorInfo => {
    const r = t.shape.length;
    const perm = t.shape.map((_, i) => (i === r - 2 ? r - 1 : i === r - 1 ? r - 2 : i));
    return runKernel(b, 'Transpose', { x: t }, { perm });
  };
  const at = transposeA ? swapLast(a) : a;
  const bt = transposeB ? swapLast(m) : m;
  const out = stockMatMul(b, at, bt);
  if (at !== a) b.disposeData(at.dataId);
  if (bt !== m) b.disposeData(bt.dataId);
  return out;
}

/**
 * Sum / Mean over leading axes (BatchNorm statistics and bias gradients reduce NHWC over
 * [0, 1, 2]), or over the spatial axes [1, 2] of NHWC (global average pooling, squeeze-excite's
 * squeeze: one column sum per image): the stock kernels transpose the whole tensor first. Here a
 * column sum reads x once:
 * the SIMD `colsum` kernel when cols % 4 == 0, else a JS loop (an XNNPACK `ones · x` product is
 * no faster: it packs x as its right operand on every call).
 */
export function leadingReduction(kernelName: 'Sum' | 'Mean'): KernelFunc {
  return ((args: KernelArgs): TensorInfo => {
    const b = args.backend as WasmBackend;
    const { x } = args.inputs as { x: TensorInfo };
    const { axis, keepDims } = args.attrs as { axis: number | number[]; keepDims: boolean };
    const rank = x.shape.length;
    const axes = [...new Set((Array.isArray(axis) ? axis : [axis]).map((a) => (a < 0 ? a + rank : a)))].sort((p, q) => p - q);
    const leading = axes.length > 0 && axes.length < rank && axes.every((a, i) => a === i);
    const spatial = rank === 4 && axes.length === 2 && axes[0] === 1 && axes[1] === 2 && x.shape[3]! % 4 === 0;
    const simd = simdKernels(b);
    if (x.dtype === 'float32' && spatial && simd) return spatialReduction(b, simd, x, kernelName, keepDims);
    if (x.dtype !== 'float32' || !leading) return stockKernels.get(kernelName)!(args as never) as TensorInfo;
    const rows = x.shape.slice(0, axes.length).reduce((p, d) => p * d, 1);
    const inner = x.shape.slice(axes.length);
    const cols = inner.reduce((p, d) => p * d, 1);
    const out = b.makeOutput(keepDims ? [...axes.map(() => 1), ...inner] : inner, 'float32');
    if (rows * cols === 0) {
      b.typedArrayFromHeap(out).fill(0); // as on cpu (the stock wasm kernels return garbage here)
      return out;
    }
    if (simd && cols % 4 === 0) {
      simd.colsum(heapOffset(b, x.dataId), rows, cols, heapOffset(b, out.dataId));
      if (kernelName === 'Mean') {
        const ov = b.typedArrayFromHeap(out);
        for (let c = 0; c < cols; c++) ov[c] = ov[c]! / rows;
      }
      return out;
    }
    const ov = b.typedArrayFromHeap(out);
    const xv = b.typedArrayFromHeap(x);
    const acc = new Float64Array(cols);
    for (let r = 0, at = 0; r < rows; r++) for (let c = 0; c < cols; c++, at++) acc[c] += xv[at]!;
    const scale = kernelName === 'Mean' ? 1 / rows : 1;
    for (let c = 0; c < cols; c++) ov[c] = acc[c]! * scale;
    return out;
  }) as unknown as KernelFunc;
}

/** Sum / Mean of NHWC x over [1, 2] (channels % 4 == 0): one SIMD column sum per image. */
function spatialReduction(
  b: WasmBackend,
  simd: NonNullable<ReturnType<typeof simdKernels>>,
  x: TensorInfo,
  kernelName: 'Sum' | 'Mean',
  keepDims: boolean,
): TensorInfo {
  const [n, h, w, c] = x.shape as [number, number, number, number];
  const out = b.makeOutput(keepDims ? [n, 1, 1, c] : [n, c], 'float32');
  const ov = b.typedArrayFromHeap(out);
  if (h * w === 0) {
    ov.fill(0);
    return out;
  }
  const xAt = heapOffset(b, x.dataId);
  const oAt = heapOffset(b, out.dataId);
  for (let i = 0; i < n; i++) simd.colsum(xAt + i * h * w * c * 4, h * w, c, oAt + i * c * 4);
  if (kernelName === 'Mean') for (let k = 0; k < ov.length; k++) ov[k] = ov[k]! / (h * w);
  return out;
}

/**
 * `Identity`, and `Cast` to the dtype x already has (the relu gradient casts a float mask to
 * float): the stock kernels copy the tensor; tensors are immutable, so the output shares x's
 * memory (as on the cpu backend and as the wasm `Reshape` does).
 */
export function sharingCopy(kernelName: 'Identity' | 'Cast'): KernelFunc {
  return ((args: KernelArgs): TensorInfo => {
    const { x } = args.inputs as { x: TensorInfo };
    const dtype = kernelName === 'Cast' ? (args.attrs as { dtype: string })['dtype'] : x.dtype;
    if (x.dtype === 'string' || dtype !== x.dtype) return stockKernels.get(kernelName)!(args as never) as TensorInfo;
    (args.backend as WasmBackend).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  }) as unknown as KernelFunc;
}

/** Whether `small` broadcasts along the leading axes of `big` only (e.g. a bias `[c]` or `[1, 1, c]`). */
function isRowOf(small: number[], big: number[]): boolean {
  if (small.length > big.length) return false;
  let i = 0;
  while (i < small.length && small[i] === 1) i++;
  const tail = small.slice(i);
  return tail.length > 0 && tail.every((d, j) => d === big[big.length - tail.length + j]);
}

/**
 * `Add` of a tensor and a row broadcast along its leading axes (the bias add of dense and conv
 * layers) by the SIMD `addrow` kernel when the row length is a multiple of 4; XNNPACK's
 * broadcasting add is slow for short rows (2.7 ms for [64,28,28,16] + [16]). Else the stock kernel.
 */
export function addWithRow(args: KernelArgs): TensorInfo {
  const b = args.backend as WasmBackend;
  const { a, b: m } = args.inputs as { a: TensorInfo; b: TensorInfo };
  const simd = simdKernels(b);
  if (simd && a.dtype === 'float32' && m.dtype === 'float32') {
    const sizeA = a.shape.reduce((p, d) => p * d, 1);
    const sizeM = m.shape.reduce((p, d) => p * d, 1);
    const [big, row, sizeBig, sizeRow] = sizeA >= sizeM ? [a, m, sizeA, sizeM] : [m, a, sizeM, sizeA];
    if (sizeRow > 0 && sizeRow % 4 === 0 && isRowOf(row.shape, big.shape)) {
      const out = b.makeOutput(big.shape, 'float32');
      simd.addrow(heapOffset(b, big.dataId), sizeBig / sizeRow, sizeRow, heapOffset(b, row.dataId), heapOffset(b, out.dataId));
      return out;
    }
  }
  return stockKernels.get('Add')!(args as never) as TensorInfo;
}
