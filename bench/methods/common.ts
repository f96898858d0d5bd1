/** Helpers shared by the method experiments: backend, seeds and data from the environment, budgets, timing, formatting. */
import { ModelsError } from '@tsglove/models';
import { initBackend, loadFashionMnist, type BackendName, type ImageDataset } from '@tsglove/train';

/** An integer budget from `process.env[name]`, else `fallback`. */
export function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < 0) throw new ModelsError(`expected an integer >= 0 in the environment, got ${JSON.stringify(raw)}`, name);
  return v;
}

/** A number from `process.env[name]`, else `fallback`. */
export function envFloat(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const v = Number(raw);
  if (!Number.isFinite(v)) throw new ModelsError(`expected a number in the environment, got ${JSON.stringify(raw)}`, name);
  return v;
}

/** A comma-separated list from `process.env[name]`, else `fallback`. */
export function envList(name: string, fallback: readonly string[]): string[] {
  const raw = process.env[name];
  return raw
    ? raw
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [...fallback];
}

/** Seconds since `start` (a `performance.now()` value). */
export function since(start: number): number {
  return (performance.now() - start) / 1000;
}

/** Mean and sample standard deviation. */
export function meanStd(xs: readonly number[]): { mean: number; std: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const std = xs.length > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1)) : 0;
  return { mean, std };
}

/** `mean ± std` in percent with one decimal (`71.3 ± 0.8`); no `±` for one value. */
export function pct(xs: readonly number[]): string {
  const { mean, std } = meanStd(xs);
  return xs.length > 1 ? `${(100 * mean).toFixed(1)} ± ${(100 * std).toFixed(1)}` : (100 * mean).toFixed(1);
}

/**
 * What every method experiment reads first from its `<PREFIX>_*` environment variables: the TF.js
 * backend (`_BACKEND`, default wasm; initialized here), the seeds `0 … n−1` (`_SEEDS`, default 1)
 * and its budget, each key read from `<PREFIX>_<KEY>` (`trainSteps` → `SAT_TRAIN_STEPS`), else its
 * default. A key whose default is a whole number takes only whole numbers >= 0.
 */
export async function methodBench<B extends Record<string, number>>(
  prefix: string,
  budget: B,
): Promise<{ backend: string; seeds: number[] } & { [K in keyof B]: number }> {
  const backend = await initBackend((process.env[`${prefix}_BACKEND`] ?? 'wasm') as BackendName);
  const values: Record<string, number> = {};
  for (const [key, fallback] of Object.entries(budget)) {
    const name = `${prefix}_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
    values[key] = Number.isInteger(fallback) ? envInt(name, fallback) : envFloat(name, fallback);
  }
  const seeds = Array.from({ length: envInt(`${prefix}_SEEDS`, 1) }, (_, i) => i);
  return { backend, seeds, ...values } as { backend: string; seeds: number[] } & { [K in keyof B]: number };
}

/** The first `nTrain` Fashion-MNIST training images and the first `nTest` test images. */
export function fashionMnistSplits(nTrain: number, nTest: number): { train: ImageDataset; test: ImageDataset } {
  return { train: loadFashionMnist({ limit: nTrain }), test: loadFashionMnist({ split: 'test', limit: nTest }) };
}

/** How a short run of a method experiment begins its description: where it ran, and on how much data. */
export function shortRun(backend: string, what: string): string {
  return `**Short run** (${backend} backend, shared 2-core machine): ${what}`;
}
