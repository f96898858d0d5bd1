/**
 * Wrappers around stock wasm kernels that leave XNNPACK or transpose needlessly: `BatchMatMul`
 * with transposed operands and `Sum`/`Mean` over leading axes. The stock kernel functions are
 * captured by {@link setStockKernel} when the wrappers are registered.
 */
import type { TensorInfo, KernelFunc } from '@tensorflow/tfjs';
import { aliasTensor, disposeAlias, matMul, runKernel, type KernelArgs, type WasmBackend } from './wasm_util.js';

const stockKernels = new Map<string, KernelFunc>();

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
 * [0, 1, 2]): the stock kernels transpose the whole tensor first. Here the reduction is one
 * XNNPACK product `ones[1, rows] · x[rows, cols]`, which reads x once at SIMD speed (~15× faster
 * than a JS column sum on the bench CNN's bias gradients).
 */
export function leadingReduction(kernelName: 'Sum' | 'Mean'): KernelFunc {
  return ((args: KernelArgs): TensorInfo => {
    const b = args.backend as WasmBackend;
    const { x } = args.inputs as { x: TensorInfo };
    const { axis, keepDims } = args.attrs as { axis: number | number[]; keepDims: boolean };
    const rank = x.shape.length;
    const axes = [...new Set((Array.isArray(axis) ? axis : [axis]).map((a) => (a < 0 ? a + rank : a)))].sort((p, q) => p - q);
    const leading = axes.length > 0 && axes.length < rank && axes.every((a, i) => a === i);
    if (x.dtype !== 'float32' || !leading) return stockKernels.get(kernelName)!(args as never) as TensorInfo;
    const rows = x.shape.slice(0, axes.length).reduce((p, d) => p * d, 1);
    const inner = x.shape.slice(axes.length);
    const cols = inner.reduce((p, d) => p * d, 1);
    if (rows * cols === 0) return stockKernels.get(kernelName)!(args as never) as TensorInfo;
    const ones = b.makeOutput([1, 1, rows], 'float32');
    b.typedArrayFromHeap(ones).fill(1);
    const xs = aliasTensor(b, x, [1, rows, cols]);
    const out = matMul(b, ones, xs, false, false);
    disposeAlias(b, xs);
    b.disposeData(ones.dataId);
    if (kernelName === 'Mean') {
      const ov = b.typedArrayFromHeap({ ...out, shape: [cols] });
      for (let c = 0; c < cols; c++) ov[c] = ov[c]! / rows;
    }
    return { dataId: out.dataId, shape: keepDims ? [...axes.map(() => 1), ...inner] : inner, dtype: 'float32' };
  }) as unknown as KernelFunc;
}
