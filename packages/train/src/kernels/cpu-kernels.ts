/**
 * Faster gradient kernels for the pure-JS cpu backend: its stock `Conv2DBackpropFilter` and
 * `MaxPoolGrad` index through `TensorBuffer.get` per element (the bench CNN's filter gradient
 * takes ~28 s per batch of 64); these loop over the typed arrays directly.
 */
import * as tf from '@tensorflow/tfjs';
import { backend_util, type TensorInfo, type KernelFunc, type NamedAttrMap } from '@tensorflow/tfjs';
import { conv2DFilterGradLoop, maxPoolGradLoop, poolInfo } from './grad-loops.js';
import { ModelsError } from '../errors.js';

/** The parts of `MathBackendCPU` these kernels use. */
interface CpuBackend {
  data: { get(dataId: object): { values: unknown } };
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): TensorInfo;
}

interface KernelArgs {
  inputs: Record<string, TensorInfo>;
  backend: unknown;
  attrs?: NamedAttrMap;
}

function values(b: CpuBackend, t: TensorInfo, path: string): Float32Array {
  const v = b.data.get(t.dataId).values;
  if (!(v instanceof Float32Array)) throw new ModelsError(`expected float32 data, got ${t.dtype}`, path);
  return v;
}

function conv2DBackpropFilter({ inputs, backend, attrs }: KernelArgs): TensorInfo {
  const b = backend as CpuBackend;
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const a = attrs!;
  const format = a['dataFormat'] as string | undefined;
  if (format !== undefined && format !== 'NHWC')
    throw new ModelsError(`only NHWC is supported, got ${format}`, 'Conv2DBackpropFilter.dataFormat');
  const filterShape = a['filterShape'] as [number, number, number, number];
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    a['strides'] as [number, number],
    1,
    a['pad'] as 'same',
    a['dimRoundingMode'] as 'floor' | undefined,
    false,
    'channelsLast',
  );
  const dw = new Float32Array(filterShape.reduce((p, d) => p * d, 1));
  conv2DFilterGradLoop(info, values(b, x, 'x'), values(b, dy, 'dy'), dw);
  return b.makeTensorInfo(filterShape, 'float32', dw);
}

function maxPoolGrad({ inputs, backend, attrs }: KernelArgs): TensorInfo {
  const b = backend as CpuBackend;
  const { dy, input, output } = inputs as { dy: TensorInfo; input: TensorInfo; output: TensorInfo };
  const info = poolInfo(input.shape, attrs!);
  const dx = new Float32Array(input.shape.reduce((p, d) => p * d, 1));
  maxPoolGradLoop(info, values(b, input, 'input'), values(b, output, 'output'), values(b, dy, 'dy'), dx);
  return b.makeTensorInfo(input.shape, 'float32', dx);
}

const kernels: Array<[string, KernelFunc]> = [
  ['Conv2DBackpropFilter', conv2DBackpropFilter as unknown as KernelFunc],
  ['MaxPoolGrad', maxPoolGrad as unknown as KernelFunc],
];
const ours = new Set<KernelFunc>(kernels.map(([, f]) => f));

/** Names of the kernels {@link registerCpuGradKernels} replaces on the cpu backend. */
export const cpuGradKernelNames: readonly string[] = kernels.map(([name]) => name);

const stock = new Map<string, tf.KernelConfig>();

/** Replaces the cpu backend's `Conv2DBackpropFilter` and `MaxPoolGrad` (idempotent). */
export function registerCpuGradKernels(): void {
  for (const [kernelName, kernelFunc] of kernels) {
    const existing = tf.getKernel(kernelName, 'cpu');
    if (existing && ours.has(existing.kernelFunc)) continue;
    if (existing) {
      stock.set(kernelName, existing);
      tf.unregisterKernel(kernelName, 'cpu');
    }
    tf.registerKernel({ kernelName, backendName: 'cpu', kernelFunc });
  }
}

/** Puts the stock cpu kernels back (used to compare against tf.js's own implementation). */
export function restoreCpuGradKernels(): void {
  for (const [kernelName] of kernels) {
    const existing = tf.getKernel(kernelName, 'cpu');
    const original = stock.get(kernelName);
    if (!existing || !ours.has(existing.kernelFunc) || !original) continue;
    tf.unregisterKernel(kernelName, 'cpu');
    tf.registerKernel(original);
  }
}
