/**
 * Selectors: operators that pick individuals from a population by position, fitness or weight.
 * Fitness is `dna.metadata.reward`; tuples (multi-objective) compare lexicographically, as in
 * PyGlove. Larger is better.
 *
 * The count `n` of every selector is, as in PyGlove, an integer count, a fraction in (0, 1) of the
 * input (`ceil(n · size)`), `null` for as many as the input, or a schedule of the step
 * (see `scalars.ts`).
 */
import { symbolic, t, type DNA } from '@tsglove/symbolic';
import { SearchError } from '../errors.js';
import { rewardOf } from './fitness.js';
import { Operator, pipeline, repeat, type OperatorContext } from './operator.js';
import { scalarSpec, scalarValue, type ScalarLike } from './scalars.js';
import { subclass } from './subclass.js';

/** A count: integer, fraction in (0, 1), `null` (all) or a schedule. */
export type Count = ScalarLike | null;

/**
 * A sort key of an individual (a number or a tuple compared lexicographically): a function, or the
 * name of a `dna.metadata` field such as `'generationId'` (which keeps the operator serializable).
 */
export type Key = ((individual: DNA) => number | readonly number[]) | string;

/** Weights as a symbolic object (serializable), e.g. {@link FitnessWeights}. */
export abstract class WeightFunction extends symbolic('tsglove.search.evolution.Weights', {}) {
  /** One weight >= 0 per individual. */
  abstract of(population: readonly DNA[], context: OperatorContext): number[];
}

/** A weight per individual: a function or a {@link WeightFunction}. */
export type Weights = ((population: readonly DNA[], context: OperatorContext) => number[]) | WeightFunction;

const keySpec = t.union([t.callable(), t.str()]).optional();
const weightsSpec = t.union([t.callable(), t.object(WeightFunction)]);

const countSpec = scalarSpec(t.float({ min: 0 })).nullable();

/** The number of outputs for `n` over `size` inputs at `step` (PyGlove's `compute_num_output`). */
export function numOutputs(kind: string, n: Count, size: number, step: number): number {
  if (n === null) return size;
  const v = scalarValue(n, step);
  if (!(v >= 0)) throw new SearchError(`${kind}: n must be >= 0, got ${v} at step ${step}`, 'n');
  if (Number.isInteger(v)) return v;
  if (v < 1) return Math.ceil(v * size);
  throw new SearchError(`${kind}: n must be an integer count or a fraction in (0, 1), got ${v}`, 'n');
}

function checkCount(kind: string, n: Count): void {
  if (typeof n === 'number') numOutputs(kind, n, 0, 0);
}

/** Compares two keys (numbers, or tuples lexicographically). */
export function compareKeys(a: number | readonly number[], b: number | readonly number[]): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = typeof a === 'number' ? [a] : a;
  const y = typeof b === 'number' ? [b] : b;
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

/** Sorts by key, best first (`descending`) or worst first; ties keep input order. With `cluster`, `n` counts distinct keys. */
function ranked(population: readonly DNA[], n: number, key: Key | undefined, descending: boolean, cluster: boolean): DNA[] {
  const keyOf = typeof key === 'string' ? (d: DNA) => d.metadata[key] as number : (key ?? rewardOf);
  const entries = population.map((dna) => ({ dna, k: keyOf(dna) }));
  const sign = descending ? -1 : 1;
  entries.sort((a, b) => sign * compareKeys(a.k, b.k));
  if (!cluster) return entries.slice(0, n).map((e) => e.dna);
  const kept = new Set<string>();
  const out: DNA[] = [];
  for (const e of entries) {
    const id = JSON.stringify(e.k);
    if (!kept.has(id)) {
      if (kept.size >= n) break;
      kept.add(id);
    }
    out.push(e.dna);
  }
  return out;
}

const topFields = { n: countSpec, key: keySpec, cluster: t.bool().default(false) };

/** The `n` fittest, best first (ties: earlier first); `cluster`: all individuals of the `n` best keys. */
export class Top extends subclass(Operator, 'tsglove.search.evolution.selectors.Top', topFields) {
  call(population: readonly DNA[], context: OperatorContext): DNA[] {
    const n = numOutputs('top', this.n as Count, population.length, context.step);
    return ranked(population, n, this.key as Key | undefined, true, this.cluster as boolean);
  }
}

/** The `n` least fit, worst first (ties: earlier first); `cluster`: all individuals of the `n` worst keys. */
export class Bottom extends subclass(Operator, 'tsglove.search.evolution.selectors.Bottom', topFields) {
  call(population: readonly DNA[], context: OperatorContext): DNA[] {
    const n = numOutputs('bottom', this.n as Count, population.length, context.step);
    return ranked(population, n, this.key as Key | undefined, false, this.cluster as boolean);
  }
}

/** The first `n` individuals. */
export class First extends subclass(Operator, 'tsglove.search.evolution.selectors.First', { n: countSpec }) {
  call(population: readonly DNA[], context: OperatorContext): DNA[] {
    return population.slice(0, numOutputs('first', this.n as Count, population.length, context.step));
  }
}

/** The last `n` individuals (the youngest, in a population kept in arrival order). */
export class Last extends subclass(Operator, 'tsglove.search.evolution.selectors.Last', { n: countSpec }) {
  call(population: readonly DNA[], context: OperatorContext): DNA[] {
    const n = numOutputs('last', this.n as Count, population.length, context.step);
    return population.slice(Math.max(0, population.length - n));
  }
}

/** `n` individuals drawn uniformly, without replacement (at most all, shuffled) or with it. */
export class RandomSelect extends subclass(Operator, 'tsglove.search.evolution.selectors.Random', {
  n: countSpec,
  replacement: t.bool().default(false),
}) {
  call(population: readonly DNA[], { random, step }: OperatorContext): DNA[] {
    const n = numOutputs('randomSelect', this.n as Count, population.length, step);
    if (this.replacement) {
      if (population.length === 0) return [];
      return Array.from({ length: n }, () => population[Math.floor(random() * population.length)]!);
    }
    const pool = [...population];
    const m = Math.min(n, pool.length);
    for (let i = 0; i < m; i++) {
      const j = i + Math.floor(random() * (pool.length - i));
      [pool[i], pool[j]] = [pool[j]!, pool[i]!];
    }
    return pool.slice(0, m);
  }
}

function weightsOf(kind: string, fn: Weights, population: readonly DNA[], context: OperatorContext): number[] {
  const w = fn instanceof WeightFunction ? fn.of(population, context) : fn(population, context);
  if (w.length !== population.length || w.some((x) => !(x >= 0))) {
    throw new SearchError(
      `${kind}: weights must return one number >= 0 per individual (${population.length}), got ${JSON.stringify(w)}`,
      'weights',
    );
  }
  return w;
}

/** `n` individuals drawn with replacement, each with probability proportional to its weight. */
export class Sample extends subclass(Operator, 'tsglove.search.evolution.selectors.Sample', { n: countSpec, weights: weightsSpec }) {
  call(population: readonly DNA[], context: OperatorContext): DNA[] {
    const n = numOutputs('sample', this.n as Count, population.length, context.step);
    const w = weightsOf('sample', this.weights as Weights, population, context);
    const total = w.reduce((a, b) => a + b, 0);
    if (population.length === 0 || total <= 0) return [];
    return Array.from({ length: n }, () => {
      let r = context.random() * total;
      let j = 0;
      while (j < w.length - 1 && r >= w[j]!) r -= w[j++]!;
      return population[j]!;
    });
  }
}

/**
 * Deterministic proportional allocation (PyGlove's `Proportional`): `n` output slots are shared
 * out by weight — each individual gets round(n · w / Σw) copies, and the rounding error is
 * corrected one copy at a time, largest weights first when adding, smallest first when removing.
 * Outputs keep input order.
 */
export class Proportional extends subclass(Operator, 'tsglove.search.evolution.selectors.Proportional', {
  n: countSpec,
  weights: weightsSpec,
}) {
  call(population: readonly DNA[], context: OperatorContext): DNA[] {
    const n = numOutputs('proportional', this.n as Count, population.length, context.step);
    const w = weightsOf('proportional', this.weights as Weights, population, context);
    return allocate(n, w).flatMap((copies, i) => Array<DNA>(copies).fill(population[i]!));
  }
}

/** Copies per weight for `n` slots (see {@link Proportional}). */
export function allocate(n: number, weights: readonly number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  if (total <= 0) return weights.map(() => 0);
  const copies = weights.map((w) => Math.floor((n * w) / total + 0.5));
  let extra = n - copies.reduce((a, b) => a + b, 0);
  if (extra === 0) return copies;
  const delta = extra > 0 ? 1 : -1;
  const order = weights.map((w, i) => ({ w, i })).filter((e) => e.w > 0);
  order.sort((a, b) => (delta > 0 ? b.w - a.w : a.w - b.w));
  let next = 0;
  while (extra !== 0) {
    let i = order[next % order.length]!.i;
    while (delta < 0 && copies[i] === 0) i = order[++next % order.length]!.i;
    copies[i]! += delta;
    extra -= delta;
    next++;
  }
  return copies;
}

/** The `n` fittest (`key` and `cluster` as in {@link Top}). */
export function top(n: Count, options: { key?: Key; cluster?: boolean } = {}): Operator {
  checkCount('top', n);
  return new Top({ n, ...options });
}
/** The `n` least fit, worst first. */
export function bottom(n: Count, options: { key?: Key; cluster?: boolean } = {}): Operator {
  checkCount('bottom', n);
  return new Bottom({ n, ...options });
}
/** The first `n`. */
export function first(n: Count): Operator {
  checkCount('first', n);
  return new First({ n });
}
/** The last `n`. */
export function last(n: Count): Operator {
  checkCount('last', n);
  return new Last({ n });
}
/** `n` drawn uniformly (without replacement unless `replacement`). */
export function randomSelect(n: Count, options: { replacement?: boolean } = {}): Operator {
  checkCount('randomSelect', n);
  return new RandomSelect({ n, ...options });
}
/** `n` drawn with replacement by `weights` (default: fitness, which must then be >= 0). */
export function sampleSelect(n: Count, weights: Weights = fitnessWeights): Operator {
  checkCount('sample', n);
  return new Sample({ n, weights });
}
/** Deterministic allocation of `n` slots by `weights` (default: fitness, which must then be >= 0). */
export function proportional(n: Count, weights: Weights = fitnessWeights): Operator {
  checkCount('proportional', n);
  return new Proportional({ n, weights });
}
/** Tournament selection: `k` times, the fittest of `size` random individuals. */
export function tournament(size: Count, k: ScalarLike = 1): Operator {
  checkCount('tournament', size);
  return repeat(pipeline(randomSelect(size), top(1)), k);
}

/** The fitness of each individual (first objective for tuples) as its weight. */
export class FitnessWeights extends subclass(WeightFunction, 'tsglove.search.evolution.weights.Fitness', {}) {
  of(population: readonly DNA[]): number[] {
    return population.map((d) => {
      const r = rewardOf(d);
      return typeof r === 'number' ? r : r[0]!;
    });
  }
}

/** Fitness as weights (see {@link FitnessWeights}). */
export const fitnessWeights: WeightFunction = new FitnessWeights();
