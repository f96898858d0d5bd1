/** Backend selection: tfjs-node when it loads (not installed here), else wasm, else cpu. */
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initBackend, wasmDistDir, wasmGradKernelNames, cpuGradKernelNames, restoreCpuGradKernels, ModelsError } from '@tsglove/train';

describe('initBackend', () => {
  it('finds the wasm binaries inside @tensorflow/tfjs-backend-wasm/dist', () => {
    expect(existsSync(join(wasmDistDir(), 'tfjs-backend-wasm-simd.wasm'))).toBe(true);
  });

  it("'node' fails clearly when @tensorflow/tfjs-node is absent; 'auto' then picks wasm with the gradient kernels", async () => {
    let nodeLoads = true;
    try {
      await initBackend('node');
    } catch (e) {
      nodeLoads = false;
      expect(e).toBeInstanceOf(ModelsError);
      expect((e as Error).message).toMatch(/^backend: @tensorflow\/tfjs-node did not load/);
    }
    const chosen = await initBackend('auto');
    expect(chosen).toBe(nodeLoads ? 'tensorflow' : 'wasm');
    if (chosen === 'wasm') for (const k of wasmGradKernelNames) expect(tf.getKernel(k, 'wasm'), k).toBeDefined();
  });

  it("'cpu' replaces the cpu gradient kernels (restorable), unless patchCpu is false", async () => {
    const kernelsNow = (): unknown[] => cpuGradKernelNames.map((k) => tf.getKernel(k, 'cpu')?.kernelFunc);
    restoreCpuGradKernels();
    const stock = kernelsNow();
    expect(await initBackend('cpu', { patchCpu: false })).toBe('cpu');
    expect(kernelsNow()).toEqual(stock);
    await initBackend('cpu');
    kernelsNow().forEach((f, i) => expect(f, cpuGradKernelNames[i]).not.toBe(stock[i]));
    restoreCpuGradKernels();
    expect(kernelsNow()).toEqual(stock);
  });
});
