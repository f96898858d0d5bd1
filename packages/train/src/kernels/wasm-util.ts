/** Helpers shared by the wasm kernels: the backend surface they use and calls into stock kernels. */
import * as tf from '@tensorflow/tfjs';
import type { backend_util, TensorInfo, NamedAttrMap } from '@tensorflow/tfjs';
import { ModelsError } from '../errors.js';

/** The parts of `BackendWasm` these kernels use (the class is not exported with types we need). */
export interface WasmBackend {
  makeOutput(shape: number[], dtype: 'float32', memoryOffset?: number): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array;
  disposeData(dataId: object): boolean;
  incRef(dataId: object): void;
  dataIdMap: { get(dataId: object): { id: number; memoryOffset: number } | undefined; delete(dataId: object): boolean };
  wasm: { tfjs: { disposeData(id: number): void } };
}

export type Pad = 'same' | 'valid' | number | backend_util.ExplicitPadding;

export interface KernelArgs {
  inputs: Record<string, TensorInfo>;
  backend: unknown;
  attrs?: NamedAttrMap;
}

export function checkNhwc(attrs: NamedAttrMap, kernel: string): void {
  const format = attrs['dataFormat'] as string | undefined;
  if (format !== undefined && format !== 'NHWC' && format !== 'channelsLast') {
    throw new ModelsError(`only NHWC is supported on wasm, got ${format}`, `${kernel}.dataFormat`);
  }
}

export function matMul(backend: WasmBackend, a: TensorInfo, b: TensorInfo, transposeA: boolean, transposeB: boolean): TensorInfo {
  const kernel = tf.getKernel('BatchMatMul', 'wasm');
  if (!kernel) throw new ModelsError('not registered for wasm', 'BatchMatMul');
  return kernel.kernelFunc({ inputs: { a, b }, backend: backend as never, attrs: { transposeA, transposeB } }) as TensorInfo;
}

/** Calls the kernel registered for wasm under `name`. */
export function runKernel(b: WasmBackend, name: string, inputs: Record<string, TensorInfo>, attrs: NamedAttrMap): TensorInfo {
  const kernel = tf.getKernel(name, 'wasm');
  if (!kernel) throw new ModelsError('not registered for wasm', name);
  return kernel.kernelFunc({ inputs, backend: b as never, attrs }) as TensorInfo;
}

/**
 * A new tensor id over `t`'s memory (no copy), seen as `shape`. The stock BatchMatMul caches its
 * XNNPACK operator, with a packed copy of the right operand, under that operand's id alone, so a
 * tensor used again as the right operand with another shape would get a stale operator; an alias
 * gets a fresh one, and {@link disposeAlias} drops it (and its packed copy) at once.
 */
export function aliasTensor(b: WasmBackend, t: TensorInfo, shape: number[]): TensorInfo {
  const data = b.dataIdMap.get(t.dataId);
  if (!data) throw new ModelsError('tensor not on the wasm backend', 'aliasTensor');
  return b.makeOutput(shape, 'float32', data.memoryOffset);
}

/** Unregisters an {@link aliasTensor} without freeing the memory it shares. */
export function disposeAlias(b: WasmBackend, alias: TensorInfo): void {
  const data = b.dataIdMap.get(alias.dataId);
  if (!data) return;
  b.wasm.tfjs.disposeData(data.id);
  b.dataIdMap.delete(alias.dataId);
}

/**
 * x `[n, h, w, c]` zero-padded to `[n, hp, wp, c]` with its origin at (top, left), or x itself
 * when that padding is empty. The caller disposes the result when it is not x.
 */
export function zeroPadded(b: WasmBackend, x: TensorInfo, hp: number, wp: number, top: number, left: number): TensorInfo {
  const [n, h, w, c] = x.shape as [number, number, number, number];
  if (top === 0 && left === 0 && hp === h && wp === w) return x;
  const xp = b.makeOutput([n, hp, wp, c], 'float32');
  const pv = b.typedArrayFromHeap(xp);
  const xv = b.typedArrayFromHeap(x);
  pv.fill(0);
  const row = w * c;
  for (let bi = 0; bi < n; bi++) {
    for (let y = 0; y < h; y++) {
      const src = (bi * h + y) * row;
      pv.set(xv.subarray(src, src + row), ((bi * hp + y + top) * wp + left) * c);
    }
  }
  return xp;
}
