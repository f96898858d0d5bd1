/**
 * Backend choice at run time: `@tensorflow/tfjs-node` when it loads, else the WebAssembly backend
 * (with the gradient kernels it lacks registered by {@link registerWasmGradKernels}), else the
 * pure-JS cpu backend.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { registerWasmGradKernels } from './kernels/wasm-kernels.js';
import { registerCpuGradKernels } from './kernels/cpu-kernels.js';
import { ModelsError } from './errors.js';

/** A backend tsglove can train on. `auto` tries node, then wasm, then cpu. */
export type BackendName = 'node' | 'wasm' | 'cpu';

let wasmPathsSet = false;
let nodeTried: boolean | undefined;

/** The folder holding the `.wasm` binaries of `@tensorflow/tfjs-backend-wasm`. */
export function wasmDistDir(): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm'));
}

async function tryNode(): Promise<boolean> {
  if (nodeTried !== undefined) return nodeTried;
  // A non-literal specifier: the package is optional and TypeScript must not need its types.
  const specifier = ['@tensorflow', 'tfjs-node'].join('/');
  try {
    await import(specifier);
    nodeTried = tf.findBackend('tensorflow') !== null;
  } catch {
    nodeTried = false;
  }
  return nodeTried;
}

async function setWasm(): Promise<boolean> {
  if (!wasmPathsSet) {
    // Paths given to the emscripten loader under Node are file paths; keep the trailing slash.
    setWasmPaths(wasmDistDir() + '/');
    wasmPathsSet = true;
  }
  try {
    if (!(await tf.setBackend('wasm'))) return false;
  } catch {
    return false;
  }
  registerWasmGradKernels();
  return true;
}

/** Options of {@link initBackend}. */
export interface InitBackendOptions {
  /**
   * Replace the cpu backend's slow `Conv2DBackpropFilter` and `MaxPoolGrad` with faster loops
   * (default true; see `cpu-kernels.ts`). Only applies when the cpu backend is chosen.
   */
  patchCpu?: boolean;
}

/**
 * Selects and initializes a backend; returns the name tf.js knows it by (`tensorflow`, `wasm`,
 * `cpu`). With a `preferred` name, only that backend is tried and failure throws.
 */
export async function initBackend(preferred: BackendName | 'auto' = 'auto', options: InitBackendOptions = {}): Promise<string> {
  if (preferred === 'node' || preferred === 'auto') {
    if ((await tryNode()) && (await tf.setBackend('tensorflow'))) return tf.getBackend();
    if (preferred === 'node') {
      throw new ModelsError('@tensorflow/tfjs-node did not load (install it, or use "wasm" or "cpu")', 'backend');
    }
  }
  if (preferred === 'wasm' || preferred === 'auto') {
    if (await setWasm()) return tf.getBackend();
    if (preferred === 'wasm') throw new ModelsError('the WebAssembly backend did not initialize', 'backend');
  }
  if (!(await tf.setBackend('cpu'))) throw new ModelsError('the cpu backend did not initialize', 'backend');
  await tf.ready();
  if (options.patchCpu ?? true) registerCpuGradKernels();
  return tf.getBackend();
}
