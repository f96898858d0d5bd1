/**
 * Test helpers for kernels: gradients of Σ f(inputs)·r on a backend, compared between wasm and
 * cpu, and a central finite-difference check of those gradients.
 */
import { seededRandom } from '@tsglove/symbolic';
import { expect } from 'vitest';
import * as tf from '@tensorflow/tfjs';

export type Fn = (...inputs: tf.Tensor[]) => tf.Tensor;

export function randomArray(n: number, seed: number): Float32Array {
  const r = seededRandom(seed);
  return Float32Array.from({ length: n }, () => r() * 2 - 1);
}

/** Gradients of Σ f(inputs)·r with respect to every input, computed on `backend`. */
export async function gradsOn(backend: string, f: Fn, shapes: number[][], seed: number): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const inputs = shapes.map((s, i) =>
    tf.tensor(
      randomArray(
        s.reduce((a, b) => a * b, 1),
        seed + i,
      ),
      s,
    ),
  );
  const probe = f(...inputs);
  const r = tf.tensor(randomArray(probe.size, seed + 99), probe.shape);
  probe.dispose();
  const before = tf.memory().numTensors;
  const grads = tf.grads((...xs: tf.Tensor[]) => tf.sum(tf.mul(f(...xs), r)))(inputs);
  const values = grads.map((g) => g.dataSync() as Float32Array);
  tf.dispose(grads);
  expect(tf.memory().numTensors, `tensors leaked on ${backend}`).toBe(before);
  tf.dispose([...inputs, r]);
  return values;
}

export function relError(a: Float32Array, b: Float32Array): number {
  let diff = 0;
  let scale = 1e-12;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return diff / scale;
}

export async function expectSameGrads(f: Fn, shapes: number[][], seed = 1): Promise<void> {
  const cpu = await gradsOn('cpu', f, shapes, seed);
  const wasm = await gradsOn('wasm', f, shapes, seed);
  expect(wasm.length).toBe(cpu.length);
  wasm.forEach((g, i) => {
    expect(g.length).toBe(cpu[i]!.length);
    expect(relError(g, cpu[i]!), `input ${i}`).toBeLessThan(1e-4);
  });
}

/** f(inputs) on `backend` (inputs seeded as in {@link gradsOn}). */
export async function valueOn(backend: string, f: Fn, shapes: number[][], seed: number): Promise<Float32Array> {
  await tf.setBackend(backend);
  const inputs = shapes.map((s, i) =>
    tf.tensor(
      randomArray(
        s.reduce((a, b) => a * b, 1),
        seed + i,
      ),
      s,
    ),
  );
  const y = f(...inputs);
  const out = y.dataSync() as Float32Array;
  tf.dispose([...inputs, y]);
  return out;
}

/** f agrees between wasm and cpu, value and gradients (relative error < 1e-4). */
export async function expectSameAsCpu(f: Fn, shapes: number[][], seed = 1): Promise<void> {
  const cpu = await valueOn('cpu', f, shapes, seed);
  const wasm = await valueOn('wasm', f, shapes, seed);
  expect(relError(wasm, cpu), 'forward value').toBeLessThan(1e-4);
  await expectSameGrads(f, shapes, seed);
}

/**
 * Central finite differences on `backend`: for a random direction v per input, (L(x+εv) −
 * L(x−εv)) / 2ε matches ⟨∇L, v⟩ where L = Σ f·r, in float64 sums of float32 values.
 */
export async function expectFiniteDifferences(
  backend: string,
  f: Fn,
  shapes: number[][],
  seed = 1,
  eps = 1e-2,
  tolerance = 2e-3,
): Promise<void> {
  const grads = await gradsOn(backend, f, shapes, seed);
  await tf.setBackend(backend);
  const base = shapes.map((s, i) =>
    randomArray(
      s.reduce((a, b) => a * b, 1),
      seed + i,
    ),
  );
  const probe = f(...base.map((b, i) => tf.tensor(b, shapes[i]!)));
  const r = randomArray(probe.size, seed + 99);
  probe.dispose();
  const loss = (values: Float32Array[]): number => {
    const inputs = values.map((v, i) => tf.tensor(v, shapes[i]!));
    const y = f(...inputs).dataSync();
    tf.dispose(inputs);
    let s = 0;
    for (let i = 0; i < y.length; i++) s += y[i]! * r[i]!;
    return s;
  };
  shapes.forEach((_, i) => {
    const v = randomArray(base[i]!.length, seed + 500 + i);
    const shifted = (sign: number): Float32Array[] => base.map((b, j) => (j === i ? b.map((x, k) => x + sign * eps * v[k]!) : b));
    const numeric = (loss(shifted(1)) - loss(shifted(-1))) / (2 * eps);
    let analytic = 0;
    let scale = 0;
    for (let k = 0; k < v.length; k++) {
      analytic += grads[i]![k]! * v[k]!;
      scale += Math.abs(grads[i]![k]! * v[k]!);
    }
    expect(Math.abs(numeric - analytic), `input ${i}: numeric ${numeric} vs analytic ${analytic}`).toBeLessThan(
      tolerance * Math.max(1, scale),
    );
  });
}
