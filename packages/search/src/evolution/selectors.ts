/**
 * Selectors: operators that pick individuals from a population by position or fitness
 * (`dna.metadata.reward`; the first objective for tuples). Larger fitness is better.
 */
import type { DNA } from '@tsglove/symbolic';
import { SearchError } from '../errors.js';
import { fitnessOf } from './fitness.js';
import { pipeline, repeat, type Operator } from './operator.js';

function checkK(kind: string, k: number): void {
  if (!Number.isInteger(k) || k < 0) throw new SearchError(`${kind}: k must be an integer >= 0, got ${k}`, 'k');
}

/** Stable sort by fitness, best first. */
function byFitness(population: readonly DNA[]): DNA[] {
  return population
    .map((dna, i) => ({ dna, i, f: fitnessOf(dna) }))
    .sort((a, b) => b.f - a.f || a.i - b.i)
    .map((e) => e.dna);
}

/** The `k` fittest (ties: earlier first). */
export function top(k: number): Operator {
  checkK('top', k);
  return (population) => byFitness(population).slice(0, k);
}

/** The `k` least fit. */
export function bottom(k: number): Operator {
  checkK('bottom', k);
  return (population) => {
    const sorted = byFitness(population);
    return sorted.slice(Math.max(0, sorted.length - k));
  };
}

/** The first `k` individuals. */
export function first(k: number): Operator {
  checkK('first', k);
  return (population) => population.slice(0, k);
}

/** The last `k` individuals (the youngest, in a population kept in arrival order). */
export function last(k: number): Operator {
  checkK('last', k);
  return (population) => (k === 0 ? [] : population.slice(-k));
}

/** `k` individuals drawn uniformly without replacement (all of them, shuffled, if fewer). */
export function randomSelect(k: number): Operator {
  checkK('randomSelect', k);
  return (population, { random }) => {
    const pool = [...population];
    const n = Math.min(k, pool.length);
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(random() * (pool.length - i));
      [pool[i], pool[j]] = [pool[j]!, pool[i]!];
    }
    return pool.slice(0, n);
  };
}

/** Tournament selection: `k` times, the fittest of `size` random individuals. */
export function tournament(size: number, k = 1): Operator {
  checkK('tournament', size);
  return repeat(pipeline(randomSelect(size), top(1)), k);
}

/**
 * Fitness-proportional (roulette-wheel) selection of `k` individuals, with replacement. Fitness is
 * shifted so the least fit has weight `epsilon` (so negative rewards work).
 */
export function proportional(k: number, epsilon = 1e-6): Operator {
  checkK('proportional', k);
  return (population, { random }) => {
    if (population.length === 0) return [];
    const f = population.map(fitnessOf);
    const min = Math.min(...f);
    const weights = f.map((v) => v - min + epsilon);
    const total = weights.reduce((a, b) => a + b, 0);
    const out: DNA[] = [];
    for (let i = 0; i < k; i++) {
      let r = random() * total;
      let j = 0;
      while (j < weights.length - 1 && r >= weights[j]!) r -= weights[j++]!;
      out.push(population[j]!);
    }
    return out;
  };
}
