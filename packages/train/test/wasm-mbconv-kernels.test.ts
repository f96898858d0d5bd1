/**
 * The kernels an MBConv training step leans on (depthwise convolution and its gradients, batch
 * norm, swish, squeeze-excite's broadcast multiply) agree on wasm with the cpu backend, value and
 * gradients, and their wasm gradients match central finite differences.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import {
  initBackend,
  restoreCpuGradKernels,
  setWasmKernelOptions,
  fusedBatchNorm,
  fusedSwish,
  fusedChannelScale,
  fusedSpatialMean,
} from '@tsglove/train';
import { expectFiniteDifferences, expectSameAsCpu, gradsOn, relError, valueOn, type Fn } from './grad-check.js';

beforeAll(async () => {
  expect(await initBackend('wasm')).toBe('wasm');
  restoreCpuGradKernels();
});

const depthwise =
  (stride: number, pad: 'same' | 'valid'): Fn =>
  (x, w) =>
    tf.depthwiseConv2d(x as tf.Tensor4D, w as tf.Tensor4D, stride, pad);

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
    await expectFiniteDifferences('wasm', depthwise(1, 'same'), [
      [1, 6, 5, 8],
      [5, 5, 8, 1],
    ]);
    await expectFiniteDifferences(
      'wasm',
      depthwise(2, 'same'),
      [
        [2, 7, 6, 20],
        [3, 3, 20, 1],
      ],
      3,
    );
  });
  it('with the SIMD kernels off, the fallbacks agree with cpu', async () => {
    const previous = setWasmKernelOptions({ simd: false });
    try {
      await expectSameAsCpu(depthwise(2, 'same'), [
        [2, 8, 9, 20],
        [3, 3, 20, 1],
      ]);
    } finally {
      setWasmKernelOptions(previous);
    }
  });
});

/** The composite formulas the fused ops replace (autodiff of these is the reference). */
const composite = {
  batchNorm: (x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, eps: number): tf.Tensor => {
    const { mean, variance } = tf.moments(x, [...Array(x.rank - 1).keys()]);
    return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, eps))), gamma), beta);
  },
  swish: (x: tf.Tensor): tf.Tensor => tf.mul(x, tf.sigmoid(x)),
};

describe('fused batch norm and swish (TsgBatchNormTrain, TsgSwish)', () => {
  const bnFused: Fn = (x, g, b) => fusedBatchNorm(x!, g, b, 1e-3)!.y;
  const bnRef: Fn = (x, g, b) => composite.batchNorm(x!, g!, b!, 1e-3);
  const bnShapes: Array<[string, number[]]> = [
    ['NHWC, 24 channels (SIMD)', [3, 5, 4, 24]],
    ['NHWC, 6 channels (JS loops)', [2, 3, 5, 6]],
    ['rank 2, 8 channels', [17, 8]],
  ];
  for (const [name, shape] of bnShapes) {
    const c = shape[shape.length - 1]!;
    it(`batch norm ${name}: fused on wasm and cpu equals the composite formula on cpu, value and gradients`, async () => {
      const shapes = [shape, [c], [c]];
      const ref = await valueOn('cpu', bnRef, shapes, 5);
      for (const backend of ['wasm', 'cpu']) {
        expect(relError(await valueOn(backend, bnFused, shapes, 5), ref), backend).toBeLessThan(1e-4);
        const want = await gradsOn('cpu', bnRef, shapes, 5);
        const got = await gradsOn(backend, bnFused, shapes, 5);
        got.forEach((g, i) => expect(relError(g, want[i]!), `${backend} input ${i}`).toBeLessThan(2e-4));
      }
    });
  }
  it('batch norm returns the batch mean and biased variance', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor2d([
      [1, 2, 3, 4],
      [3, 6, 9, 12],
    ]);
    const r = fusedBatchNorm(x, undefined, undefined, 0)!;
    expect(Array.from(r.mean.dataSync())).toEqual([2, 4, 6, 8]);
    expect(Array.from(r.variance.dataSync())).toEqual([1, 4, 9, 16]);
    tf.dispose([x, r.y, r.mean, r.variance]);
  });
  for (const [name, shape] of [
    ['16 floats (SIMD)', [2, 2, 2, 2]],
    ['15 floats (JS)', [3, 5]],
  ] as const) {
    it(`swish ${name}: fused equals x·σ(x), value and gradient`, async () => {
      const ref = await valueOn('cpu', composite.swish, [[...shape]], 8);
      const want = await gradsOn('cpu', composite.swish, [[...shape]], 8);
      for (const backend of ['wasm', 'cpu']) {
        expect(relError(await valueOn(backend, (x) => fusedSwish(x!)!, [[...shape]], 8), ref), backend).toBeLessThan(1e-5);
        expect(relError((await gradsOn(backend, (x) => fusedSwish(x!)!, [[...shape]], 8))[0]!, want[0]!), backend).toBeLessThan(1e-5);
      }
    });
  }
  it('gradients match finite differences on wasm (batch norm → swish, 16 channels)', async () => {
    await expectFiniteDifferences(
      'wasm',
      (x, g, b) => fusedSwish(fusedBatchNorm(x!, g, b, 1e-3)!.y)!,
      [[2, 3, 3, 16], [16], [16]],
      4,
      1e-2,
      5e-3,
    );
  });
});

describe('fused squeeze-excite scale (TsgChannelScale)', () => {
  const scale: Fn = (h, s) => fusedChannelScale(h!, s!)!;
  const ref: Fn = (h, s) => tf.mul(h!, s!);
  for (const [name, c] of [
    ['12 channels (SIMD)', 12],
    ['5 channels (JS)', 5],
  ] as const) {
    it(`${name}: equals the broadcast multiply on cpu, value and gradients, on wasm and cpu`, async () => {
      const shapes = [
        [3, 4, 5, c],
        [3, 1, 1, c],
      ];
      const want = await valueOn('cpu', ref, shapes, 12);
      const wantGrads = await gradsOn('cpu', ref, shapes, 12);
      for (const backend of ['wasm', 'cpu']) {
        expect(relError(await valueOn(backend, scale, shapes, 12), want), backend).toBeLessThan(1e-6);
        (await gradsOn(backend, scale, shapes, 12)).forEach((g, i) =>
          expect(relError(g, wantGrads[i]!), `${backend} input ${i}`).toBeLessThan(1e-5),
        );
      }
    });
  }
  it('gradients match finite differences on wasm', async () => {
    await expectFiniteDifferences(
      'wasm',
      scale,
      [
        [2, 3, 3, 8],
        [2, 1, 1, 8],
      ],
      6,
    );
  });
  it('declines shapes it does not fuse', async () => {
    await tf.setBackend('wasm');
    const h = tf.zeros([2, 3, 3, 4]);
    const s = tf.zeros([1, 1, 1, 4]);
    expect(fusedChannelScale(h, s)).toBeNull();
    tf.dispose([h, s]);
  });
});

describe('spatial Sum / Mean (global average pooling, SE squeeze)', () => {
  for (const keepDims of [true, false]) {
    it(`over [1, 2] of NHWC with keepDims ${keepDims}: value and gradient match cpu`, async () => {
      await expectSameAsCpu((x) => tf.mean(x!, [1, 2], keepDims), [[3, 5, 4, 12]]);
      await expectSameAsCpu((x) => tf.sum(x!, [1, 2], keepDims), [[2, 3, 3, 8]]);
      await expectSameAsCpu((x) => tf.mean(x!, [1, 2], keepDims), [[2, 3, 3, 6]]); // 6 channels: stock kernel
    });
  }
});

describe('fused spatial mean (TsgSpatialMean)', () => {
  for (const [name, shape] of [
    ['12 channels (SIMD column sums)', [3, 5, 4, 12]],
    ['6 channels, one pixel', [2, 1, 1, 6]],
    ['5 channels', [2, 3, 3, 5]],
  ] as const) {
    for (const keepDims of [true, false]) {
      it(`${name}, keepDims ${keepDims}: equals tf.mean over [1, 2] on cpu, value and gradient (bit for bit), on wasm and cpu`, async () => {
        const ref: Fn = (x) => tf.mean(x!, [1, 2], keepDims);
        const fused: Fn = (x) => fusedSpatialMean(x!, keepDims)!;
        const want = await valueOn('cpu', ref, [[...shape]], 21);
        const wantGrad = (await gradsOn('cpu', ref, [[...shape]], 21))[0]!;
        for (const backend of ['wasm', 'cpu']) {
          expect(relError(await valueOn(backend, fused, [[...shape]], 21), want), backend).toBeLessThan(1e-6);
          expect(Array.from((await gradsOn(backend, fused, [[...shape]], 21))[0]!), backend).toEqual(Array.from(wantGrad));
        }
      });
    }
  }
  it('gradient matches finite differences on wasm', async () => {
    await expectFiniteDifferences('wasm', (x) => fusedSpatialMean(x!, true)!, [[2, 3, 5, 8]], 22);
  });
  it('declines tensors that are not NHWC', async () => {
    await tf.setBackend('wasm');
    const x = tf.zeros([2, 3, 4]);
    expect(fusedSpatialMean(x, true)).toBeNull();
    x.dispose();
  });
});
