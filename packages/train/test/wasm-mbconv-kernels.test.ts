/**
 * The kernels an MBConv training step leans on (depthwise convolution and its gradients, batch
 * norm, swish, squeeze-excite's broadcast multiply) agree on wasm with the cpu backend, value and
 * gradients, and their wasm gradients match central finite differences.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend, restoreCpuGradKernels, setWasmKernelOptions } from '@tsglove/train';
import { expectFiniteDifferences, expectSameAsCpu, type Fn } from './grad-check.js';

beforeAll(async () => {
  expect(await initBackend('wasm')).toBe('wasm');
  restoreCpuGradKernels();
});

const depthwise = (stride: number, pad: 'same' | 'valid'): Fn => (x, w) => tf.depthwiseConv2d(x as tf.Tensor4D, w as tf.Tensor4D, stride, pad);

describe('SIMD depthwise convolution (dw_fwd, dw_dx, dw_dw_tap)', () => {
  // channels % 4 == 0 take the SIMD kernels: 20 channels = one 16-channel tile + one 4-channel tile
  const cases: Array<[string, number[], number[], number, 'same' | 'valid']> = [
    ['3x3 stride 1 same, 4 channels', [2, 7, 6, 4], [3, 3, 4, 1], 1, 'same'],
    ['3x3 stride 2 same, 20 channels', [2, 8, 9, 20], [3, 3, 20, 1], 2, 'same'],
    ['5x5 stride 1 same, 16 channels', [1, 9, 7, 16], [5, 5, 16, 1], 1, 'same'],
    ['5x5 stride 2 same, 8 channels, odd size', [2, 9, 11, 8], [5, 5, 8, 1], 2, 'same'],
    ['7x7 stride 1 same, 36 channels, image smaller than the kernel', [1, 4, 5, 36], [7, 7, 36, 1], 1, 'same'],
    ['3x3 stride 2 valid, 12 channels', [1, 9, 8, 12], [3, 3, 12, 1], 2, 'valid'],
    ['2x2 stride 1 same (asymmetric pad), 4 channels', [1, 6, 5, 4], [2, 2, 4, 1], 1, 'same'],
  ];
  for (const [name, xShape, wShape, stride, pad] of cases) {
    it(`${name}: value and gradients match cpu`, async () => {
      await expectSameAsCpu(depthwise(stride, pad), [xShape, wShape]);
    });
  }
  it('gradients match finite differences (stride 1 and 2)', async () => {
    await expectFiniteDifferences('wasm', depthwise(1, 'same'), [[1, 6, 5, 8], [5, 5, 8, 1]]);
    await expectFiniteDifferences('wasm', depthwise(2, 'same'), [[2, 7, 6, 20], [3, 3, 20, 1]], 3);
  });
  it('with the SIMD kernels off, the fallbacks agree with cpu', async () => {
    const previous = setWasmKernelOptions({ simd: false });
    try {
      await expectSameAsCpu(depthwise(2, 'same'), [[2, 8, 9, 20], [3, 3, 20, 1]]);
    } finally {
      setWasmKernelOptions(previous);
    }
  });
});
