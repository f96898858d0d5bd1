/**
 * The gradient kernels registered for wasm agree with the cpu backend's (relative error < 1e-4)
 * over shapes, strides and paddings, and leak no tensors; safeSign is exact where wasm's sign is not.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend, safeSign, registerCpuGradKernels, restoreCpuGradKernels, setWasmKernelOptions } from '@tsglove/train';
import { expectSameGrads, gradsOn, randomArray, relError, type Fn } from './grad-check.js';

beforeAll(async () => {
  expect(await initBackend('wasm')).toBe('wasm');
  restoreCpuGradKernels(); // the reference is tf.js's own cpu implementation
});

describe('wasm conv2d gradients (Conv2DBackpropFilter, Conv2DBackpropInput)', () => {
  const cases: Array<
    [string, number[], number[], number, 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]]]
  > = [
    ['3x3 stride 1 same', [2, 7, 7, 3], [3, 3, 3, 4], 1, 'same'],
    ['3x3 stride 2 same', [2, 7, 8, 3], [3, 3, 3, 5], 2, 'same'],
    ['3x3 stride 1 valid', [2, 6, 7, 2], [3, 3, 2, 4], 1, 'valid'],
    ['3x3 stride 2 valid', [1, 9, 9, 3], [3, 3, 3, 2], 2, 'valid'],
    ['5x5 stride 2 same', [2, 10, 9, 2], [5, 5, 2, 3], 2, 'same'],
    ['2x2 stride 1 same (asymmetric pad)', [1, 5, 6, 2], [2, 2, 2, 3], 1, 'same'],
    ['1x1 stride 2 valid', [2, 6, 6, 4], [1, 1, 4, 8], 2, 'valid'],
    [
      '3x1 explicit pads',
      [1, 6, 5, 2],
      [3, 1, 2, 3],
      1,
      [
        [0, 0],
        [2, 0],
        [0, 1],
        [0, 0],
      ],
    ],
    // From 8 input channels the stride-1 filter gradient runs as an XNNPACK convolution.
    ['3x3 stride 1 same, 16 channels', [2, 6, 7, 16], [3, 3, 16, 8], 1, 'same'],
    ['5x5 stride 1 valid, 12 channels', [2, 8, 7, 12], [5, 5, 12, 4], 1, 'valid'],
    ['1x1 stride 1 same, 8 channels', [3, 4, 4, 8], [1, 1, 8, 16], 1, 'same'],
  ];
  for (const [name, xShape, wShape, stride, pad] of cases) {
    it(name, async () => {
      await expectSameGrads((x, w) => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, stride, pad), [xShape, wShape]);
    });
  }
});

describe('wasm Conv2D forward (SIMD for stride 1 and out channels % 8 == 0) matches cpu', () => {
  type P = 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]];
  const cases: Array<[string, number[], number[], number, P, number]> = [
    ['3x3 same, 16 -> 32 (bench conv2, smaller batch)', [3, 14, 14, 16], [3, 3, 16, 32], 1, 'same', 1],
    ['3x3 same, 1 -> 16 (bench conv1)', [2, 28, 28, 1], [3, 3, 1, 16], 1, 'same', 1],
    ['3x3 valid, odd width (1-pixel tiles), 3 -> 8', [2, 7, 9, 3], [3, 3, 3, 8], 1, 'valid', 1],
    ['5x5 same, width 6, 5 -> 24', [1, 6, 6, 5], [5, 5, 5, 24], 1, 'same', 1],
    ['2x2 same (asymmetric pad), width 3', [2, 5, 3, 4], [2, 2, 4, 8], 1, 'same', 1],
    [
      'explicit pads, 1x3 filter',
      [1, 4, 7, 2],
      [1, 3, 2, 16],
      1,
      [
        [0, 0],
        [1, 2],
        [0, 3],
        [0, 0],
      ],
      1,
    ],
    ['1x1 valid', [2, 3, 5, 6], [1, 1, 6, 8], 1, 'valid', 1],
    ['out channels 12 (stock)', [1, 5, 5, 3], [3, 3, 3, 12], 1, 'same', 1],
    ['stride 2 (stock)', [1, 7, 7, 3], [3, 3, 3, 8], 2, 'same', 1],
    ['dilation 2 (stock)', [1, 7, 7, 3], [3, 3, 3, 8], 1, 'same', 2],
  ];
  for (const [name, xShape, wShape, stride, pad, dilation] of cases) {
    it(name, async () => {
      const run = async (backend: string): Promise<Float32Array> => {
        await tf.setBackend(backend);
        const x = tf.tensor4d(
          randomArray(
            xShape.reduce((p, d) => p * d, 1),
            21,
          ),
          xShape as [number, number, number, number],
        );
        const w = tf.tensor4d(
          randomArray(
            wShape.reduce((p, d) => p * d, 1),
            22,
          ),
          wShape as [number, number, number, number],
        );
        const y = tf.conv2d(x, w, stride, pad, 'NHWC', dilation);
        const values = y.dataSync() as Float32Array;
        tf.dispose([x, w, y]);
        return values;
      };
      const cpu = await run('cpu');
      expect(relError(await run('wasm'), cpu)).toBeLessThan(1e-4);
    });
  }
});

describe('every stride-1 filter-gradient strategy agrees with cpu', () => {
  for (const filterGrad of ['simd', 'conv', 'im2col'] as const) {
    it(filterGrad, async () => {
      const previous = setWasmKernelOptions({ filterGrad });
      try {
        await expectSameGrads(
          (x, w) => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'same'),
          [
            [2, 6, 5, 3],
            [3, 3, 3, 4],
          ],
        );
        await expectSameGrads(
          (x, w) => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'valid'),
          [
            [1, 7, 7, 9],
            [3, 3, 9, 2],
          ],
        );
      } finally {
        setWasmKernelOptions(previous);
      }
    });
  }
});

describe('SIMD filter-gradient tiles (4 in x 8 out channels, 1 x 16) agree with cpu', () => {
  const cases: Array<
    [string, number[], number[], 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]]]
  > = [
    ['c4o8 3x3 same, odd sizes', [3, 7, 5, 4], [3, 3, 4, 8], 'same'],
    ['c4o8 3x3 valid (no padded copy)', [2, 6, 7, 8], [3, 3, 8, 16], 'valid'],
    ['c4o8 5x5 same, 12 -> 24 channels', [2, 9, 8, 12], [5, 5, 12, 24], 'same'],
    ['c4o8 2x2 same (asymmetric pad)', [1, 5, 6, 4], [2, 2, 4, 8], 'same'],
    [
      'c4o8 explicit pads',
      [1, 6, 5, 4],
      [3, 1, 4, 8],
      [
        [0, 0],
        [2, 0],
        [0, 1],
        [0, 0],
      ],
    ],
    ['c1o16 3x3 same, 1 channel (bench conv1)', [4, 28, 28, 1], [3, 3, 1, 16], 'same'],
    ['c1o16 3x3 valid, 3 channels', [2, 7, 9, 3], [3, 3, 3, 16], 'valid'],
    ['c1o16 5x5 same, 6 -> 32 channels, odd sizes', [2, 7, 5, 6], [5, 5, 6, 32], 'same'],
    ['c4o8 bench conv2 shape (smaller batch)', [4, 14, 14, 16], [3, 3, 16, 32], 'same'],
    ['no tile fits (co = 12): falls back', [2, 6, 6, 4], [3, 3, 4, 12], 'same'],
  ];
  for (const [name, xShape, wShape, pad] of cases) {
    it(name, async () => {
      const previous = setWasmKernelOptions({ filterGrad: 'simd' });
      try {
        await expectSameGrads((x, w) => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, pad), [xShape, wShape]);
      } finally {
        setWasmKernelOptions(previous);
      }
    });
  }
});

describe('wasm depthwise gradients (DepthwiseConv2dNativeBackpropInput/Filter)', () => {
  const cases: Array<[string, number[], number[], number, 'same' | 'valid', number]> = [
    ['3x3 stride 1 same, multiplier 1', [2, 7, 7, 3], [3, 3, 3, 1], 1, 'same', 1],
    ['3x3 stride 2 same, multiplier 1', [2, 8, 7, 4], [3, 3, 4, 1], 2, 'same', 1],
    ['5x5 stride 2 same', [1, 9, 9, 2], [5, 5, 2, 1], 2, 'same', 1],
    ['3x3 stride 1 valid, multiplier 2', [2, 6, 6, 3], [3, 3, 3, 2], 1, 'valid', 1],
    ['3x3 stride 2 valid', [1, 9, 8, 3], [3, 3, 3, 1], 2, 'valid', 1],
    ['5x5 stride 1 same, multiplier 2', [1, 9, 9, 2], [5, 5, 2, 2], 1, 'same', 1],
    ['5x5 stride 1 valid, multiplier 1, 12 channels', [2, 9, 8, 12], [5, 5, 12, 1], 1, 'valid', 1],
    ['2x2 stride 1 same (asymmetric pad), multiplier 1', [1, 6, 5, 3], [2, 2, 3, 1], 1, 'same', 1],
  ];
  for (const [name, xShape, wShape, stride, pad, dilation] of cases) {
    it(name, async () => {
      await expectSameGrads(
        (x, w) => tf.depthwiseConv2d(x as tf.Tensor4D, w as tf.Tensor4D, stride, pad, 'NHWC', dilation),
        [xShape, wShape],
      );
    });
  }
});

describe('wasm MaxPoolGrad', () => {
  const cases: Array<[string, number[], number, number, 'same' | 'valid']> = [
    ['2x2 stride 2 valid', [2, 8, 8, 3], 2, 2, 'valid'],
    ['2x2 stride 2 valid, 8 channels (SIMD)', [2, 8, 6, 8], 2, 2, 'valid'],
    ['2x2 stride 2 valid, odd sizes, 4 channels (SIMD)', [3, 7, 9, 4], 2, 2, 'valid'],
    ['2x2 stride 2 same, even sizes, 12 channels (SIMD)', [2, 6, 10, 12], 2, 2, 'same'],
    ['2x2 stride 2 same, odd sizes (padded: JS)', [2, 7, 5, 4], 2, 2, 'same'],
    ['2x2 stride 1 valid, 4 channels (JS)', [1, 5, 5, 4], 2, 1, 'valid'],
    ['3x3 stride 2 same', [2, 7, 9, 2], 3, 2, 'same'],
    ['3x3 stride 1 same (overlapping)', [1, 6, 6, 4], 3, 1, 'same'],
  ];
  for (const [name, xShape, size, stride, pad] of cases) {
    it(name, async () => {
      await expectSameGrads((x) => tf.maxPool(x as tf.Tensor4D, size, stride, pad), [xShape]);
    });
  }

  it('sends the gradient of a tied window (e.g. all-zero after relu) to one position only', async () => {
    const f: Fn = (x) => tf.maxPool(tf.relu(x) as tf.Tensor4D, 2, 2, 'valid');
    // 4 channels (SIMD path): all tied, ties at (0,1)/(1,1), at (1,0)/(1,1), one maximum at (1,1).
    const x = [-1, -1, -1, -5, -2, 2, -1, -5, -3, -1, 3, -5, -4, 2, 3, 5];
    const run = async (backend: string): Promise<number[]> => {
      await tf.setBackend(backend);
      const t = tf.tensor4d(x, [1, 2, 2, 4]);
      const [g] = tf.grads((a: tf.Tensor) => tf.sum(f(a)))([t]);
      const out = Array.from(g!.dataSync());
      tf.dispose([t, g!]);
      return out;
    };
    expect(await run('wasm')).toEqual(await run('cpu'));
  });
});

describe('wasm BatchMatMul with transposes (dense-layer gradients)', () => {
  it('gradients of a dense layer match cpu', async () => {
    await expectSameGrads(
      (a, b) => tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D),
      [
        [6, 9],
        [9, 4],
      ],
    );
  });
  for (const [ta, tb] of [
    [true, false],
    [false, true],
    [true, true],
  ] as const) {
    it(`batched forward, transposeA=${ta} transposeB=${tb}`, async () => {
      const aShape = ta ? [2, 5, 3] : [2, 3, 5];
      const bShape = tb ? [2, 4, 5] : [2, 5, 4];
      const f: Fn = (a, b) => tf.matMul(a as tf.Tensor3D, b as tf.Tensor3D, ta, tb);
      await expectSameGrads(f, [aShape, bShape], 5);
    });
  }
});

describe('wasm BatchMatMul reusing a right operand with another shape', () => {
  it("does not get the stock kernel's cached operator for the old shape", async () => {
    await tf.setBackend('wasm');
    const m = tf.tensor([1, 2, 3, 4, 5, 6], [1, 6, 1]);
    const first = tf.tidy(() => tf.matMul(tf.ones([1, 1, 6]), m));
    const second = tf.tidy(() => tf.matMul(tf.ones([1, 1, 3]), tf.reshape(m, [1, 3, 2])));
    const sum = tf.tidy(() => tf.sum(tf.reshape(m, [3, 2]), 0));
    expect(Array.from(first.dataSync())).toEqual([21]);
    expect(Array.from(second.dataSync())).toEqual([9, 12]);
    expect(Array.from(sum.dataSync())).toEqual([9, 12]);
    tf.dispose([m, first, second, sum]);
  });
});

describe('wasm Identity / same-dtype Cast share memory', () => {
  it('clone, float cast, int cast and variables keep values and free everything', async () => {
    await tf.setBackend('wasm');
    const before = tf.memory().numTensors;
    const x = tf.tensor([1.5, -2.25, 3], [3]);
    const c = tf.clone(x);
    const f = tf.cast(x, 'float32');
    const i = tf.cast(x, 'int32');
    const v = tf.variable(x);
    x.dispose();
    const next = tf.add(v, 1);
    v.assign(next);
    next.dispose();
    expect(Array.from(c.dataSync())).toEqual([1.5, -2.25, 3]);
    expect(Array.from(f.dataSync())).toEqual([1.5, -2.25, 3]);
    expect(i.dtype).toBe('int32');
    expect(Array.from(i.dataSync())).toEqual([1, -2, 3]);
    expect(Array.from(v.dataSync())).toEqual([2.5, -1.25, 4]);
    tf.dispose([c, f, i, v]);
    expect(tf.memory().numTensors).toBe(before);
  });
  it('relu gradients (Step, Cast, Multiply) match cpu', async () => {
    await expectSameGrads((x) => tf.relu(tf.mul(x, x)), [[4, 5, 3]], 13);
  });
});

describe('wasm Add with a row broadcast (bias add)', () => {
  const cases: Array<[string, number[], number[]]> = [
    ['[2,3,4,8] + [8]', [2, 3, 4, 8], [8]],
    ['[8] + [2,3,4,8] (row first)', [8], [2, 3, 4, 8]],
    ['[2,3,4,8] + [1,1,4,8]', [2, 3, 4, 8], [1, 1, 4, 8]],
    ['[5,12] + [5,12] (same shape)', [5, 12], [5, 12]],
    ['[2,3,6] + [6] (row not a multiple of 4: stock)', [2, 3, 6], [6]],
    ['[3,1] + [1,4] (outer broadcast: stock)', [3, 1], [1, 4]],
    ['[4,8] + [] (scalar: stock)', [4, 8], []],
  ];
  for (const [name, aShape, bShape] of cases) {
    it(name, async () => {
      await expectSameGrads((a, b) => tf.add(a, b), [aShape, bShape], 17);
    });
  }
});

describe('wasm Sum / Mean over leading axes', () => {
  const run = async (backend: string): Promise<number[][]> => {
    await tf.setBackend(backend);
    const x = tf.tensor(randomArray(2 * 3 * 4 * 5, 9), [2, 3, 4, 5]);
    const before = tf.memory().numTensors;
    const outs = [tf.sum(x, [0, 1, 2]), tf.mean(x, [0, 1, 2], true), tf.sum(x, [1, 0]), tf.mean(x, 0), tf.sum(x, [-1]), tf.mean(x, [0, 2])];
    const values = outs.map((o) => [...o.shape, ...Array.from(o.dataSync())]);
    tf.dispose(outs);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    return values;
  };
  it('match cpu (shapes and values, keepDims, negative and non-leading axes)', async () => {
    const cpu = await run('cpu');
    const wasm = await run('wasm');
    wasm.forEach((v, i) => v.forEach((e, j) => expect(e).toBeCloseTo(cpu[i]![j]!, 5)));
  });
  it('match cpu on a bias-gradient-sized reduction (50,176 rows) and on empty tensors', async () => {
    const reduce = async (backend: string): Promise<Float32Array[]> => {
      await tf.setBackend(backend);
      const x = tf.tensor(randomArray(64 * 28 * 28 * 3, 11), [64, 28, 28, 3]);
      const e = tf.zeros([0, 4]);
      const outs = [tf.sum(x, [0, 1, 2]), tf.mean(x, [0, 1]), tf.sum(e, 0), tf.mean(e, 0)];
      const values = outs.map((o) => o.dataSync() as Float32Array);
      tf.dispose([x, e, ...outs]);
      return values;
    };
    const cpu = await reduce('cpu');
    const wasm = await reduce('wasm');
    wasm.forEach((v, i) => expect(relError(v, cpu[i]!), `output ${i}`).toBeLessThan(1e-4));
  });
});

describe('a conv net trains end to end on wasm without leaks', () => {
  it('gradients of conv → relu → maxpool → depthwise → mean match cpu', async () => {
    await expectSameGrads(
      (x, w1, w2) => {
        const h = tf.maxPool(tf.relu(tf.conv2d(x as tf.Tensor4D, w1 as tf.Tensor4D, 1, 'same')) as tf.Tensor4D, 2, 2, 'valid');
        return tf.mean(tf.depthwiseConv2d(h, w2 as tf.Tensor4D, 2, 'same'), [1, 2]);
      },
      [
        [2, 8, 8, 2],
        [3, 3, 2, 4],
        [3, 3, 4, 1],
      ],
      7,
    );
  });
});

describe('with the SIMD kernels off, the fallback paths agree with cpu', () => {
  it('conv → bias → relu → maxpool → sum (conv, filter/input gradients, add, pool, reductions)', async () => {
    const previous = setWasmKernelOptions({ simd: false });
    try {
      await expectSameGrads(
        (x, w, bias) => {
          const h = tf.relu(tf.add(tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'same'), bias));
          return tf.sum(tf.maxPool(h as tf.Tensor4D, 2, 2, 'valid'), [0, 1, 2]);
        },
        [[2, 6, 7, 4], [3, 3, 4, 8], [8]],
        23,
      );
    } finally {
      setWasmKernelOptions(previous);
    }
  });
});

describe('patched cpu kernels (Conv2DBackpropFilter, MaxPoolGrad) agree with the stock ones', () => {
  const stockAndPatched = async (f: Fn, shapes: number[][]): Promise<void> => {
    restoreCpuGradKernels();
    const stock = await gradsOn('cpu', f, shapes, 3);
    registerCpuGradKernels();
    try {
      const patched = await gradsOn('cpu', f, shapes, 3);
      patched.forEach((g, i) => expect(relError(g, stock[i]!), `input ${i}`).toBeLessThan(1e-4));
    } finally {
      restoreCpuGradKernels();
    }
  };
  it('conv2d 3x3 stride 2 same, 5x5 valid', async () => {
    await stockAndPatched(
      (x, w) => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 2, 'same'),
      [
        [2, 7, 8, 3],
        [3, 3, 3, 4],
      ],
    );
    await stockAndPatched(
      (x, w) => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'valid'),
      [
        [1, 9, 9, 2],
        [5, 5, 2, 3],
      ],
    );
  });
  it('maxPool 3x3 stride 2 same over relu (ties)', async () => {
    await stockAndPatched((x) => tf.maxPool(tf.relu(x) as tf.Tensor4D, 3, 2, 'same'), [[2, 7, 9, 2]]);
  });
});

describe('safeSign', () => {
  it('is exact for tiny magnitudes where wasm tf.sign is not', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor1d([1e-9, -1e-9, 1e-30, -3, 0, 2.5]);
    const before = tf.memory().numTensors;
    const s = safeSign(x);
    expect(Array.from(s.dataSync())).toEqual([1, -1, 1, -1, 0, 1]);
    s.dispose();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});
