/**
 * Helpers shared by the method experiments: backend, seeds and data from the environment, budgets,
 * timing, formatting. A `bench/method-*.bench.ts` file declares only what differs, through
 * {@link methodWorkload}: its id, title, budget names, what it measures and how it reports it.
 */
import { ModelsError } from '@tsglove/models';
import { initBackend, loadFashionMnist, type BackendName, type ImageDataset } from '@tsglove/train';
import type { Workload, WorkloadResult } from '../harness.js';

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

/** The environment variable of budget key `key`: `envName('SAT', 'trainSteps')` is `SAT_TRAIN_STEPS`. */
export function envName(prefix: string, key: string): string {
  return `${prefix}_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
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
    const name = envName(prefix, key);
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

/** A Markdown table: the header cells, a `|---|` rule per column, then one line per row. */
export function markdownTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), `|${'---|'.repeat(header.length)}`, ...rows.map(line)].join('\n');
}

/** A method experiment's run as its `measure` and `report` see it: backend, seeds, budget and list values. */
export type MethodRun<B extends Record<string, number>, L extends Record<string, readonly string[]>> = {
  backend: string;
  seeds: number[];
} & { [K in keyof B]: number } & { [K in keyof L]: string[] };

/** What {@link methodWorkload} gives `report`: the run, its wall time, and the sentences every report shares. */
export type MethodReportRun<B extends Record<string, number>, L extends Record<string, readonly string[]>> = MethodRun<B, L> & {
  /** Seconds `measure` took (also recorded as the metric `wallSeconds`). */
  wall: number;
  /** `seeds 0, 1; wall 12 s`. */
  seedsAndWall: string;
  /** `Full configuration: \`SAT_TRAIN=60000 SAT_SEEDS=3 npx tsx --conditions=source bench/run.ts SAT\``: each key as its variable. */
  fullConfiguration(values: Record<string, number | string>): string;
};

/** The declaration of one method experiment: only what differs from the others. */
export interface MethodExperiment<B extends Record<string, number>, L extends Record<string, readonly string[]>, D, R> {
  id: string;
  title: string;
  /** Budget names and defaults ({@link methodBench}). */
  budget: B;
  /** Comma-separated lists, each read from `<PREFIX>_<KEY>` ({@link envList}), with defaults. */
  lists?: L;
  /** Loads data before the clock starts (e.g. {@link fashionMnistData}). */
  prepare?(run: MethodRun<B, L>): D;
  /** The timed part: trains and evaluates, returns what `report` needs. */
  measure(run: MethodRun<B, L>, data: D): R | Promise<R>;
  /** The workload result from the measurements (`wallSeconds` is added to the metrics first). */
  report(result: R, run: MethodReportRun<B, L>): WorkloadResult;
}

/** The Fashion-MNIST splits of a run's `train` / `test` budget, for {@link MethodExperiment.prepare}. */
export function fashionMnistData(run: { train: number; test: number }): { train: ImageDataset; test: ImageDataset } {
  return fashionMnistSplits(run.train, run.test);
}

/**
 * A method experiment as a bench {@link Workload}: reads backend, seeds, budget and lists from the
 * environment variables named `<prefix>_*` (`SAT` reads `SAT_BACKEND`, `SAT_SEEDS` and `SAT_<KEY>`
 * per budget key, as {@link methodBench}), prepares its data, times `measure`, and records
 * `wallSeconds` with the metrics `report` returns.
 */
export function methodWorkload<B extends Record<string, number>, L extends Record<string, readonly string[]>, D, R>(
  prefix: string,
  experiment: MethodExperiment<B, L, D, R>,
): Workload {
  const { id, title } = experiment;
  return {
    id,
    title,
    async run() {
      const bench = await methodBench(prefix, experiment.budget);
      const lists = Object.fromEntries(
        Object.entries(experiment.lists ?? {}).map(([key, fallback]) => [key, envList(envName(prefix, key), fallback)]),
      );
      const run = { ...bench, ...lists } as MethodRun<B, L>;
      const data = experiment.prepare?.(run) as D;
      const start = performance.now();
      const measured = await experiment.measure(run, data);
      const wall = since(start);
      const result = experiment.report(measured, {
        ...run,
        wall,
        seedsAndWall: `seeds ${run.seeds.join(', ')}; wall ${wall.toFixed(0)} s`,
        fullConfiguration: (values) =>
          `Full configuration: \`${Object.entries(values)
            .map(([key, value]) => `${envName(prefix, key)}=${value}`)
            .join(' ')} npx tsx --conditions=source bench/run.ts ${id}\``,
      });
      return { ...result, metrics: { wallSeconds: wall, ...result.metrics } };
    },
  };
}

/**
 * How the Fashion-MNIST ConvNet experiments (LARGE-BATCH, SAT, SHAPE-TEXTURE) begin their report:
 * `**Short run** (wasm backend, …): ConvNet [16, 32, 32] + BN, 2000 train / 500 test Fashion-MNIST images, 2 epochs`.
 */
export function convNetFashionMnist(run: { backend: string; train: number; test: number; epochs: number }): string {
  return (
    shortRun(run.backend, `ConvNet [16, 32, 32] + BN, ${run.train} train / ${run.test} test `) +
    `Fashion-MNIST images, ${run.epochs} epochs`
  );
}
