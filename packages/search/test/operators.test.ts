/** Evolution operators: selectors, mutators, recombinators and the operator algebra. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { type DNA, dnaSpec, manyOf, oneOf, permutate, type DNASpec } from '@tsglove/symbolic';
import {
  SearchError,
  bottom,
  first,
  kPointCrossover,
  last,
  orderCrossover,
  partiallyMappedCrossover,
  pipeline,
  proportional,
  randomSelect,
  repeat,
  seededRandom,
  sites,
  swapMutator,
  top,
  tournament,
  uniformCrossover,
  uniformMutator,
  union,
  withProbability,
  withReward,
  type OperatorContext,
} from '../src/index.js';
import { finiteSpec, mixedSpec, rewardOf } from './spaces.js';

function ctx(spec: DNASpec, seed = 1): OperatorContext {
  return { spec, random: seededRandom(seed), step: 0, globalState: {} };
}

function population(spec: DNASpec, rewards: number[], seed = 3): DNA[] {
  const random = seededRandom(seed);
  return rewards.map((r, i) => withReward(spec.randomDNA(random), r, i));
}

describe('selectors', () => {
  const spec = finiteSpec();
  const pop = population(spec, [3, 9, 1, 7, 5]);
  const rewards = (xs: DNA[]): unknown[] => xs.map((d) => d.metadata.reward);

  it('top, bottom, first, last pick by fitness or position', () => {
    expect(rewards(top(2).call(pop, ctx(spec)))).toEqual([9, 7]);
    expect(rewards(bottom(2).call(pop, ctx(spec)))).toEqual([1, 3]); // worst first, as PyGlove's Bottom
    expect(rewards(first(2).call(pop, ctx(spec)))).toEqual([3, 9]);
    expect(rewards(last(2).call(pop, ctx(spec)))).toEqual([7, 5]);
    expect(last(0).call(pop, ctx(spec))).toEqual([]);
    expect(() => top(-1)).toThrow(SearchError);
  });

  it('randomSelect draws without replacement; tournament returns the fittest of its sample', () => {
    const picked = randomSelect(3).call(pop, ctx(spec, 5));
    expect(new Set(picked).size).toBe(3);
    expect(randomSelect(10).call(pop, ctx(spec))).toHaveLength(5);
    expect(rewards(tournament(5).call(pop, ctx(spec)))).toEqual([9]);
    const winners = tournament(2, 50).call(pop, ctx(spec, 9));
    expect(winners).toHaveLength(50);
    expect(rewards(winners)).not.toContain(1); // the worst can never win a tournament of 2 distinct members
  });

  it('proportional favours the fitter', () => {
    const picks = rewards(proportional(2000).call(pop, ctx(spec, 2)));
    const count = (v: number): number => picks.filter((p) => p === v).length;
    expect(count(9)).toBeGreaterThan(count(3));
    expect(count(3)).toBeGreaterThan(count(1));
  });

  it('need rewards in metadata', () => {
    expect(() => top(1).call([spec.firstDNA()], ctx(spec))).toThrow(/metadata.reward/);
  });
});

describe('operator algebra', () => {
  const spec = finiteSpec();
  const pop = population(spec, [1, 2, 3, 4]);
  it('pipeline, repeat, union and withProbability compose', () => {
    expect(
      pipeline(top(3), last(1))
        .call(pop, ctx(spec))
        .map((d) => d.metadata.reward),
    ).toEqual([2]);
    expect(repeat(top(1), 3).call(pop, ctx(spec))).toHaveLength(3);
    expect(
      union(top(2), first(2))
        .call(pop, ctx(spec))
        .map((d) => d.metadata.reward),
    ).toEqual([4, 3, 1, 2]);
    expect(withProbability(0, top(1)).call(pop, ctx(spec))).toHaveLength(4);
    expect(withProbability(1, top(1)).call(pop, ctx(spec))).toHaveLength(1);
    expect(() => withProbability(2, top(1))).toThrow(SearchError);
  });
});

describe('mutators', () => {
  it('uniform mutation changes exactly one active decision and keeps DNA valid', () => {
    const spec = mixedSpec();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), (seed) => {
        const parent = spec.randomDNA(seededRandom(seed, 'parent'));
        const [child] = uniformMutator().call([parent], ctx(spec, seed));
        spec.validate(child!);
        expect(child!.equals(parent)).toBe(false);
        // Sites that exist in both with the same path: at most one top-level decision differs.
        const differs = spec.elements.filter((_, i) => !child!.children[i]!.equals(parent.children[i]!));
        expect(differs).toHaveLength(1);
      }),
      { numRuns: 60 },
    );
  });

  it('respects mutationWeight hints (0 never mutates, larger more often)', () => {
    const spec = dnaSpec({
      a: oneOf([0, 1, 2], { hints: { mutationWeight: 0 } }),
      b: oneOf([0, 1, 2]),
      c: oneOf([0, 1, 2], { hints: { mutationWeight: 3 } }),
    });
    const parent = spec.firstDNA();
    const counts = [0, 0, 0];
    const random = seededRandom(4);
    for (let i = 0; i < 400; i++) {
      const [child] = uniformMutator().call([parent], { spec, random, step: i, globalState: {} });
      child!.children.forEach((c, j) => (counts[j]! += c.equals(parent.children[j]!) ? 0 : 1));
    }
    expect(counts[0]).toBe(0);
    expect(counts[2]!).toBeGreaterThan(2 * counts[1]!);
  });

  it('mutating a conditional choice draws a fresh sub-space for the new branch', () => {
    const spec = dnaSpec({ op: oneOf([{ k: oneOf([1, 3, 5]) }, { p: oneOf([2, 3]) }]) });
    const parent = spec.fromNumbers([0, 2]);
    for (let s = 0; s < 20; s++) {
      const [child] = uniformMutator().call([parent], ctx(spec, s));
      spec.validate(child!);
      expect(sites(spec, child!)).toHaveLength(2);
    }
  });

  it('swap mutation reorders a permutation and falls back to uniform without one', () => {
    const spec = dnaSpec({ order: permutate([0, 1, 2, 3]), x: oneOf([0, 1]) });
    const parent = spec.firstDNA();
    const [child] = swapMutator().call([parent], ctx(spec, 2));
    const values = child!.children[0]!.children.map((c) => c.value);
    expect([...values].sort()).toEqual([0, 1, 2, 3]);
    expect(values).not.toEqual([0, 1, 2, 3]);
    expect(child!.children[1]!.equals(parent.children[1]!)).toBe(true);
    const plain = dnaSpec({ x: oneOf([0, 1]) });
    expect(swapMutator().call([plain.firstDNA()], ctx(plain))[0]!.children[0]!.value).toBe(1);
  });
});

describe('recombinators', () => {
  it('every recombinator gives valid children mixing only the parents', () => {
    const spec = mixedSpec();
    const ops = { uniform: uniformCrossover(), kPoint: kPointCrossover(2), ox: orderCrossover(), pmx: partiallyMappedCrossover() };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), (seed) => {
        const a = spec.randomDNA(seededRandom(seed, 'a'));
        const b = spec.randomDNA(seededRandom(seed, 'b'));
        for (const [name, op] of Object.entries(ops)) {
          const children = op.call([a, b], ctx(spec, seed));
          expect(children, name).toHaveLength(name === 'kPoint' ? 2 : 1);
          for (const child of children) spec.validate(child);
          if (name === 'kPoint') {
            // Two complementary children: at each top-level decision one has a's value and the other b's.
            children[0]!.children.forEach((c, i) => {
              const d = children[1]!.children[i]!;
              expect((c.equals(a.children[i]!) && d.equals(b.children[i]!)) || (c.equals(b.children[i]!) && d.equals(a.children[i]!))).toBe(
                true,
              );
            });
          }
        }
      }),
      { numRuns: 40 },
    );
  });

  it('order crossovers keep a permutation a permutation and use both parents', () => {
    const spec = dnaSpec({ order: permutate([0, 1, 2, 3, 4, 5, 6, 7]) });
    const a = spec.fromNumbers([0, 1, 2, 3, 4, 5, 6, 7]);
    const b = spec.fromNumbers([7, 6, 5, 4, 3, 2, 1, 0]);
    for (const op of [orderCrossover(), partiallyMappedCrossover()]) {
      let mixed = 0;
      for (let s = 0; s < 30; s++) {
        const child = op.call([a, b], ctx(spec, s))[0]!;
        const nums = child.toNumbers();
        expect([...nums].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
        if (!child.equals(a) && !child.equals(b)) mixed++;
      }
      expect(mixed).toBeGreaterThan(10);
    }
  });

  it('pairs consecutive parents; fewer than two pass through', () => {
    const spec = finiteSpec();
    const pop = population(spec, [1, 2, 3]);
    expect(uniformCrossover().call(pop, ctx(spec))).toHaveLength(3);
    expect(uniformCrossover().call(pop.slice(0, 1), ctx(spec))).toHaveLength(1);
    expect(() => kPointCrossover(0)).toThrow(SearchError);
  });

  it('k-of-n sorted choices stay sorted after mutation', () => {
    const spec = dnaSpec({ s: manyOf(3, [0, 1, 2, 3, 4, 5], { sorted: true }) });
    for (let s = 0; s < 30; s++) spec.validate(uniformMutator().call([spec.randomDNA(seededRandom(s))], ctx(spec, s))[0]!);
    expect(rewardOf(spec.firstDNA())).toBeTypeOf('number');
  });
});
