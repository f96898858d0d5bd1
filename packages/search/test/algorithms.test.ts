/**
 * Per-algorithm behaviour beyond the contract: grid order, evolution's population, hill climbing,
 * NSGA-II's front, TPE's and the RL controllers' learning, and search quality on NAS-Bench-Macro
 * (evolution vs random; a small budget, a few seeds — a quality check, not a timing test).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { dnaSpec, floatValue, iterate, oneOf, type DNASpec } from '@tsglove/symbolic';
import {
  SearchError,
  SearchExhaustedError,
  dominates,
  grid,
  hillClimb,
  nsga2,
  ppo,
  random,
  regularizedEvolution,
  reinforce,
  tpe,
  type DNAGenerator,
} from '../src/index.js';

/** Runs `n` rounds; returns the best reward seen. */
function search(g: DNAGenerator, spec: DNASpec, reward: (nums: number[]) => number, n: number): number {
  g.setup(spec);
  let best = -Infinity;
  for (let i = 0; i < n; i++) {
    const dna = g.propose();
    const r = reward(dna.toNumbers());
    best = Math.max(best, r);
    g.feedback(dna, r);
  }
  return best;
}

describe('grid', () => {
  it('sweeps in iterate order, then is exhausted; rejects infinite spaces', () => {
    const space = { a: oneOf([1, 2, 3]), b: oneOf([{ c: oneOf([0, 1]) }, 'x']) };
    const spec = dnaSpec(space);
    const g = grid();
    g.setup(spec);
    const expected = [...iterate(space)].length;
    const keys = Array.from({ length: expected }, () => g.propose().toNumbers().join(','));
    expect(new Set(keys).size).toBe(expected);
    expect(keys[0]).toBe(spec.firstDNA().toNumbers().join(','));
    expect(() => g.propose()).toThrow(SearchExhaustedError);
    expect(() => grid().setup(dnaSpec({ x: floatValue(0, 1) }))).toThrow(/infinite/);
  });
});

describe('evolution', () => {
  it('regularized evolution keeps the last populationSize members and validates its options', () => {
    const spec = dnaSpec(Array.from({ length: 6 }, () => oneOf([0, 1, 2, 3])));
    const g = regularizedEvolution({ populationSize: 10, tournamentSize: 3, seed: 1 });
    search(g, spec, (n) => n.reduce((a, b) => a + b, 0), 40);
    expect(g.members).toHaveLength(10);
    expect(g.members.map((m) => m.metadata.order)).toEqual(Array.from({ length: 10 }, (_, i) => 30 + i));
    expect(() => regularizedEvolution({ populationSize: 0 })).toThrow(SearchError);
  });

  it('hill climbing only moves uphill and reaches the optimum of a separable reward', () => {
    const spec = dnaSpec(Array.from({ length: 6 }, () => oneOf([0, 1, 2, 3])));
    const g = hillClimb({ seed: 2 });
    const best = search(g, spec, (n) => n.reduce((a, b) => a + b, 0), 150);
    expect(best).toBe(18);
    expect(g.members).toHaveLength(1);
    expect(g.members[0]!.metadata.reward).toBe(18);
  });
});

describe('nsga2', () => {
  it('keeps a population that is mostly non-dominated on a two-objective trade-off', () => {
    const spec = dnaSpec(Array.from({ length: 6 }, () => oneOf([0, 1, 2, 3])));
    const g = nsga2({ populationSize: 12, seed: 3 });
    g.setup(spec);
    for (let i = 0; i < 300; i++) {
      const dna = g.propose();
      const n = dna.toNumbers();
      const ones = n.filter((v) => v === 3).length;
      g.feedback(dna, [ones, -n.reduce((a, b) => a + b, 0) + 3 * ones * 0.5]);
    }
    const rewards = g.members.map((m) => m.metadata.reward as number[]);
    const dominated = rewards.filter((r) => rewards.some((o) => dominates(o, r))).length;
    expect(dominated).toBeLessThanOrEqual(2);
    expect(Math.max(...rewards.map((r) => r[0]!))).toBe(6);
  });

  it('rejects rewards whose number of objectives changes', () => {
    const g = nsga2({ seed: 1 });
    g.setup(dnaSpec({ x: oneOf([0, 1]) }));
    g.feedback(g.propose(), [1, 2]);
    expect(() => g.feedback(g.propose(), [1, 2, 3])).toThrow(/expected 2 objectives/);
  });
});

describe('learning algorithms beat random on a separable reward', () => {
  const spec = dnaSpec({ ...Array.from({ length: 8 }, () => oneOf([0, 1, 2, 3])), lr: floatValue(0, 1) });
  const reward = (n: number[]): number => n.slice(0, 8).reduce((a, b) => a + b, 0) - 4 * Math.abs(n[8]! - 0.8);
  const mean = (make: (seed: number) => DNAGenerator): number =>
    [1, 2, 3].map((s) => search(make(s), spec, reward, 150)).reduce((a, b) => a + b, 0) / 3;
  const baseline = mean((seed) => random({ seed }));
  it.each([
    ['tpe', (seed: number) => tpe({ seed })],
    ['reinforce', (seed: number) => reinforce({ seed })],
    ['ppo', (seed: number) => ppo({ seed })],
    ['regularizedEvolution', (seed: number) => regularizedEvolution({ populationSize: 20, tournamentSize: 5, seed })],
  ] as const)('%s', (_name, make) => {
    expect(mean(make)).toBeGreaterThan(baseline);
  });
});

describe('NAS-Bench-Macro quality (small)', () => {
  const path = fileURLToPath(new URL('../../models/data/nas-bench-macro/cifar10.json', import.meta.url));
  const table = JSON.parse(readFileSync(path, 'utf8')) as Record<string, { mean_acc: number }>;
  const best = Math.max(...Object.values(table).map((e) => e.mean_acc));
  const spec = dnaSpec(Array.from({ length: 8 }, () => oneOf([0, 1, 2])));
  const regret = (make: (seed: number) => DNAGenerator, seeds: number[], budget: number): number =>
    seeds.map((s) => best - search(make(s), spec, (n) => table[n.join('')]!.mean_acc, budget)).reduce((a, b) => a + b, 0) / seeds.length;

  it('regularized evolution has lower mean regret than random search after 150 trials', () => {
    const seeds = [0, 1, 2, 3, 4];
    const evo = regret((seed) => regularizedEvolution({ populationSize: 30, tournamentSize: 5, seed }), seeds, 150);
    const rnd = regret((seed) => random({ seed }), seeds, 150);
    console.log(`NAS-Bench-Macro regret after 150 trials (seeds ${seeds}): evolution ${evo.toFixed(3)}, random ${rnd.toFixed(3)}`);
    expect(evo).toBeLessThanOrEqual(rnd);
  });
});

describe('tpe', () => {
  it('draws conditional decisions from the good trials where they were active', () => {
    const spec = dnaSpec({ op: oneOf([{ k: oneOf([1, 2, 3, 4]) }, { p: oneOf([1, 2, 3, 4]) }, 'none']), x: floatValue(0, 1) });
    const g = tpe({ seed: 5, numStartupTrials: 10 });
    g.setup(spec);
    const late: number[][] = [];
    for (let i = 0; i < 80; i++) {
      const dna = g.propose();
      const n = dna.toNumbers();
      if (i >= 60) late.push(n);
      const x = n[n.length - 1]!;
      g.feedback(dna, (n[0] === 0 ? 1 : 0) + (n[0] === 0 && n[1] === 3 ? 1 : 0) - Math.abs(x - 0.3));
    }
    expect(late.filter((n) => n[0] === 0).length).toBeGreaterThanOrEqual(15);
    expect(late.filter((n) => n[0] === 0 && n[1] === 3).length).toBeGreaterThanOrEqual(10);
    const xs = late.map((n) => n[n.length - 1]!);
    expect(xs.reduce((a, b) => a + Math.abs(b - 0.3), 0) / xs.length).toBeLessThan(0.15);
  });
});
