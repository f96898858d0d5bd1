/**
 * The fused optimizer steps (one kernel call for all variables) give the same bits as the
 * per-variable tf.js ops they replace, over several steps, on wasm (SIMD vectors and the JS tail
 * of sizes that are not a multiple of 4, and with the SIMD kernels off) and on cpu; and the fused
 * batch-norm moving averages equal the composite update.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { adam, initBackend, sgd, setWasmKernelOptions, type Optimizer } from '@tsglove/train';
import { fusedMovingAverages, fusedWeightedSums, setFusedStepsEnabled } from '../src/kernels/optimizer-kernels.js';
import { randomArray } from './grad-check.js';

beforeAll(async () => {
  expect(await initBackend('wasm')).toBe('wasm');
});
afterAll(() => setFusedStepsEnabled(true));

/** Sizes 90, 10 and 7 end in a 1–3 float tail the SIMD loop leaves to JS; 16 does not. */
const SHAPES = [[3, 3, 2, 5], [10], [7], [4, 4]];

const sizeOf = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);

/** Weights after `steps` updates of a fresh optimizer (fused or not), flattened per variable. */
function train(make: () => Optimizer, fused: boolean, steps = 5): Float32Array[] {
  setFusedStepsEnabled(fused);
  const opt = make();
  const ws = SHAPES.map((s, i) => tf.variable(tf.tensor(randomArray(sizeOf(s), 10 + i), s)));
  for (let step = 0; step < steps; step++) {
    const gs = SHAPES.map((s, i) => tf.tensor(randomArray(sizeOf(s), 100 * step + i), s));
    const before = tf.memory().numTensors;
    opt.apply(ws, gs, 0.05 + 0.01 * step);
    if (step > 0) expect(tf.memory().numTensors, 'tensors kept per step').toBe(before);
    tf.dispose(gs);
  }
  const out = ws.map((w) => w.dataSync() as Float32Array);
  tf.dispose(ws);
  opt.dispose();
  setFusedStepsEnabled(true);
  return out;
}

const OPTIMIZERS: Array<[string, () => Optimizer]> = [
  ['sgd', () => sgd()],
  ['sgd with weight decay', () => sgd({ weightDecay: 0.01 })],
  ['sgd momentum', () => sgd({ momentum: 0.9 })],
  ['sgd nesterov momentum with weight decay', () => sgd({ momentum: 0.9, nesterov: true, weightDecay: 5e-4 })],
  ['adam', () => adam()],
  ['adamw', () => adam({ beta1: 0.8, beta2: 0.99, epsilon: 1e-6, weightDecay: 0.1 })],
];

describe('fused optimizer steps equal the per-variable ops bit for bit', () => {
  for (const backend of ['wasm', 'wasm without SIMD kernels', 'cpu']) {
    for (const [name, make] of OPTIMIZERS) {
      it(`${name} on ${backend}, 5 steps`, async () => {
        await tf.setBackend(backend.startsWith('wasm') ? 'wasm' : 'cpu');
        const previous = setWasmKernelOptions({ simd: backend === 'wasm' });
        try {
          const fused = train(make, true);
          const plain = train(make, false);
          fused.forEach((w, i) => expect(Array.from(w), `variable ${i}`).toEqual(Array.from(plain[i]!)));
          // the step did something
          expect(fused[0]![0]).not.toBe(randomArray(90, 10)[0]);
        } finally {
          setWasmKernelOptions(previous);
        }
      });
    }
  }
});

describe('fused weighted sums (TsgWeightedSum): moving averages, shard averages', () => {
  for (const backend of ['wasm', 'cpu']) {
    it(`μ·a + (1−μ)·b on ${backend} equals the composite ops, sizes 12 and 5`, async () => {
      await tf.setBackend(backend);
      const a = [tf.variable(tf.tensor(randomArray(12, 1))), tf.variable(tf.tensor(randomArray(5, 2)))];
      const b = [tf.tensor(randomArray(12, 3)), tf.tensor(randomArray(5, 4))];
      const want = a.map((v, i) => tf.tidy(() => tf.add(tf.mul(v, 0.99), tf.mul(b[i]!, 1 - 0.99)).dataSync()));
      expect(fusedMovingAverages(a, b, 0.99)).toBe(true);
      a.forEach((v, i) => expect(Array.from(v.dataSync())).toEqual(Array.from(want[i]!)));
      tf.dispose([...a, ...b]);
    });
  }
  it('α·a + β·b with α = 1 (a later shard of a gradient average) equals the composite ops', async () => {
    await tf.setBackend('wasm');
    const a = [tf.tensor(randomArray(13, 5))];
    const b = [tf.tensor(randomArray(13, 6))];
    const [got] = fusedWeightedSums(a, b, 1, 1 / 3)!;
    const want = tf.tidy(() => tf.add(a[0]!, tf.mul(b[0]!, 1 / 3)));
    expect(Array.from(got!.dataSync())).toEqual(Array.from(want.dataSync()));
    tf.dispose([...a, ...b, got!, want]);
  });
  it('reports a variable whose input is not float32 of its size', async () => {
    await tf.setBackend('wasm');
    const a = tf.variable(tf.zeros([4]));
    const b = tf.zeros([3]);
    expect(() => fusedMovingAverages([a], [b], 0.9)).toThrow(/TsgWeightedSum\.b0/);
    tf.dispose([a, b]);
  });
});
