/**
 * The evolution algebra against PyGlove 0.5: selectors, set and sequence operators, proportional
 * allocation and scalar schedules give the outputs PyGlove gives on the same inputs
 * (fixtures/pyglove/evolution-vectors.json, made by fixtures/pyglove/evolution_vectors.py); operators
 * are symbolic (format, JSON round trip, eq, hyper values); k-point crossover makes two children.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DNA, dnaSpec, eq, floatValue, format, fromJSON, manyOf, materialize, oneOf, permutate, toJSON } from '@tsglove/symbolic';
import {
  SearchError,
  bottom,
  first,
  identity,
  kPointCrossover,
  lambdaOf,
  last,
  proportional,
  randomSelect,
  scalars,
  seededRandom,
  top,
  tournament,
  uniformMutator,
  allocate,
  averageCrossover,
  cycleCrossover,
  sampleCrossover,
  weightedAverageCrossover,
  type Operator,
  type OperatorContext,
} from './evolution-helpers.js';

const vectors = JSON.parse(readFileSync(new URL('./fixtures/pyglove/evolution-vectors.json', import.meta.url), 'utf8')) as {
  rewards: number[];
  cases: Record<string, number[]>;
  allocate: Array<{ n: number; weights: number[]; copies: number[] }>;
  scalars: Record<string, number[]>;
  steps: number[];
  pointwise: Record<string, number[][]>;
};

const spec = dnaSpec(oneOf([0, 1, 2, 3, 4, 5, 6]));
const pop = vectors.rewards.map((r, i) => {
  const d = DNA.fromNumbers([i], spec);
  d.metadata.reward = r;
  return d;
});
const ctx = (step = 0): OperatorContext => ({ spec, random: seededRandom(1), step, globalState: {} });
const ids = (xs: DNA[]) => xs.map((d) => d.toNumbers()[0]);
const fitness = (xs: readonly DNA[]) => xs.map((d) => d.metadata.reward as number);

const cases: Record<string, [Operator, number?]> = {
  top3: [top(3)],
  bottom3: [bottom(3)],
  topFrac: [top(0.5)],
  bottomNone: [bottom(null)],
  topCluster2: [top(2, { cluster: true })],
  bottomCluster2: [bottom(2, { cluster: true })],
  first2: [first(2)],
  last3: [last(3)],
  lastFrac: [last(0.3)],
  union: [top(2).or(first(3))],
  concat: [top(2).plus(first(3))],
  inter: [top(4).and(first(4))],
  diff: [top(4).minus(first(4))],
  xor: [top(4).xor(first(4))],
  invert: [top(2).invert()],
  slice: [identity.slice(1, 5)],
  sliceNeg: [identity.slice(-3)],
  power: [first(5).power(2)],
  sliceStep: [identity.slice(1, undefined, 2)],
  sliceRev: [identity.slice(undefined, undefined, -1)],
  sliceRevBounded: [identity.slice(5, 1, -2)],
  repeat: [top(1).times(3)],
  pipeline: [last(5).then(top(2))],
  condTrue: [top(1).ifTrue((x) => x.length > 5)],
  condFalse: [top(1).ifFalse((x) => x.length > 5)],
  forEachFlatten: [
    lambdaOf((x) => [x.slice(0, 2), x.slice(2, 4)])
      .forEach(top(1))
      .flatten(),
  ],
  propFitness: [proportional(10, fitness)],
  propSchedule: [proportional(scalars.add(scalars.STEP, 2), fitness), 5],
};

describe('evolution algebra matches PyGlove 0.5 on the same inputs', () => {
  for (const [name, [op, step]] of Object.entries(cases)) {
    it(name, () => expect(ids(op.call(pop, ctx(step ?? 0)))).toEqual(vectors.cases[name]));
  }

  it('proportional allocation', () => {
    for (const { n, weights, copies } of vectors.allocate) expect(allocate(n, weights), JSON.stringify(weights)).toEqual(copies);
  });

  it('scalar schedules', () => {
    const made: Record<string, (s: number) => number> = {
      linear: (s) => scalars.linear(100, 0.5, 0.1).at(s),
      cosine: (s) => scalars.cosineDecay(100, 1, 0.2).at(s),
      expo: (s) => scalars.exponentialDecay(0.5, 10, 2).at(s),
      expoSmooth: (s) => scalars.exponentialDecay(0.5, 10, 2, false).at(s),
      cyclic: (s) => scalars.cyclic(40, 0.3, 0.9, 0.1).at(s),
      arith: (s) => scalars.pow(scalars.add(scalars.mul(scalars.STEP, 2), 1), 0.5).at(s),
    };
    for (const [name, f] of Object.entries(made)) {
      vectors.steps.forEach((s, i) => expect(f(s), `${name} at ${s}`).toBeCloseTo(vectors.scalars[name]![i]!, 10));
    }
    const u = scalars.uniform(2, 3, 7);
    const draws = Array.from({ length: 200 }, (_, i) => u.at(i));
    expect(draws.every((v) => v >= 2 && v < 3)).toBe(true);
    expect(new Set(draws).size).toBe(200);
    expect(scalars.uniform(2, 3, 7).at(5)).toBe(draws[5]); // reproducible per step
    const g = Array.from({ length: 2000 }, (_, i) => scalars.gaussian(1, 2, 3).at(i));
    expect(g.reduce((a, b) => a + b, 0) / g.length).toBeCloseTo(1, 0);
    const tri = Array.from({ length: 200 }, (_, i) => scalars.triangular(0, 10, 9, 1).at(i));
    expect(tri.every((v) => v >= 0 && v <= 10)).toBe(true);
    expect(Array.from({ length: 50 }, (_, i) => scalars.logNormal(0, 1, 2).at(i)).every((v) => v > 0)).toBe(true);
    const sw = scalars.stepWise([
      [10, 0.5],
      [20, scalars.linear(20, 0.5, 0.1)],
      [5, 0.05],
    ]);
    vectors.scalars.stepWise!.forEach((v, s) => expect(sw.at(s), `stepWise at ${s}`).toBeCloseTo(v, 10));
  });
});

describe('operators are symbolic objects', () => {
  const algo = () =>
    tournament(10)
      .then(uniformMutator())
      .then(top(1, { key: 'generationId' }))
      .withProbability(scalars.linear(100, 0.9, 0.1));

  it('print, round-trip through JSON and compare with eq', () => {
    const op = algo();
    expect(format(op)).toContain('Top');
    const back = fromJSON(toJSON(op)) as Operator;
    expect(eq(back, op)).toBe(true);
    expect(eq(back, tournament(5).then(uniformMutator()))).toBe(false);
    expect(ids(back.call(pop, ctx()))).toHaveLength(1);
  });

  it('a hyper value inside makes the operator a search space', () => {
    const space = tournament(oneOf([2, 5, 10]))
      .then(uniformMutator())
      .withProbability(floatValue(0.1, 0.9));
    const opSpec = dnaSpec(space);
    expect(opSpec.decisionPoints).toHaveLength(2);
    const concrete = materialize(space, DNA.fromNumbers([1, 0.5], opSpec)) as Operator;
    expect(format(concrete)).toContain('n=5');
    expect(format(concrete)).toContain('0.5');
  });

  it('selector counts are checked and schedules evaluated per step', () => {
    expect(() => top(-1)).toThrow(SearchError);
    expect(() => top(1.5)).toThrow(SearchError);
    expect(ids(top(scalars.add(scalars.STEP, 1)).call(pop, ctx(2)))).toEqual([1, 5, 3]);
    const drawn = randomSelect(20, { replacement: true }).call(pop, ctx());
    expect(drawn).toHaveLength(20);
    expect(new Set(drawn).size).toBeLessThan(20);
  });
});

describe('k-point crossover', () => {
  it('makes two complementary children, cutting unconstrained k-of-n sub-choices', () => {
    const s = dnaSpec({ a: oneOf([0, 1, 2]), m: manyOf(4, [0, 1, 2, 3, 4], { distinct: false }), z: oneOf([0, 1]) });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 1, max: 5 }), (seed, k) => {
        const a = DNA.fromNumbers([0, 0, 0, 0, 0, 0], s);
        const b = DNA.fromNumbers([2, 4, 4, 4, 4, 1], s);
        const [c1, c2] = kPointCrossover(k).call([a, b], { spec: s, random: seededRandom(seed), step: 0, globalState: {} });
        s.validate(c1!);
        s.validate(c2!);
        const x = c1!.toNumbers();
        const y = c2!.toNumbers();
        x.forEach((v, i) =>
          expect(v === a.toNumbers()[i] ? y[i] === b.toNumbers()[i] : v === b.toNumbers()[i] && y[i] === a.toNumbers()[i]).toBe(true),
        );
        let switches = 0;
        for (let i = 1; i < x.length; i++) if ((x[i] === a.toNumbers()[i]) !== (x[i - 1] === a.toNumbers()[i - 1])) switches++;
        expect(switches).toBe(Math.min(k, 5));
      }),
      { numRuns: 30 },
    );
  });
});

describe('point-wise recombinators (N parents) match PyGlove 0.5', () => {
  const space = { a: oneOf([0, 1, 2]), x: floatValue(0, 1), b: oneOf([0, 1]), y: floatValue(0, 10) };
  const s = dnaSpec(space);
  const parents = [
    [0, 0.1, 1, 2],
    [2, 0.5, 0, 6],
    [2, 0.9, 1, 4],
  ].map((n) => DNA.fromNumbers(n, s));
  const c = (seed = 0): OperatorContext => ({ spec: s, random: seededRandom(seed), step: 0, globalState: {} });
  const sorted = (xs: DNA[]) => xs.map((d) => d.toNumbers()).sort((p, q) => p[0]! - q[0]! || p[2]! - q[2]!);
  const close = (got: number[][], want: number[][]) => {
    expect(got).toHaveLength(want.length);
    got.forEach((g, i) => g.forEach((v, j) => expect(v).toBeCloseTo(want[i]![j]!, 10)));
  };

  it('average and weighted average', () => {
    close(sorted(averageCrossover().call(parents, c())), vectors.pointwise.average!);
    close(sorted(weightedAverageCrossover(() => [1, 3, 0]).call(parents, c())), vectors.pointwise.weighted!);
    const fs = dnaSpec({ x: floatValue(0, 1), y: floatValue(0, 10) });
    const one = averageCrossover().call([DNA.fromNumbers([0.1, 2], fs), DNA.fromNumbers([0.5, 6], fs)], { ...c(), spec: fs });
    close(
      one.map((d) => d.toNumbers()),
      vectors.pointwise.averageFloatsOnly!,
    );
  });

  it('sample crossover draws each decision from a parent by weight; where keeps the rest per parent', () => {
    for (let seed = 0; seed < 20; seed++) {
      const [child, ...rest] = sampleCrossover().call(parents, c(seed));
      expect(rest).toHaveLength(0);
      s.validate(child!);
      child!.toNumbers().forEach((v, i) => expect(parents.some((p) => p.toNumbers()[i] === v)).toBe(true));
      // Weight 0 never contributes.
      const onlyLast = sampleCrossover({ weights: () => [0, 0, 1] }).call(parents, c(seed));
      expect(onlyLast.map((d) => d.toNumbers())).toEqual([[2, 0.9, 1, 4]]);
    }
    const floatsOnly = sampleCrossover({ where: (p) => p.kind === 'float' }).call(parents, c(3));
    expect(floatsOnly).toHaveLength(3);
  });

  it('cycle crossover keeps permutations and takes each cycle from one parent', () => {
    const ps = dnaSpec({ order: permutate([0, 1, 2, 3, 4, 5, 6, 7]) });
    const a = DNA.fromNumbers([0, 1, 2, 3, 4, 5, 6, 7], ps);
    const b = DNA.fromNumbers([1, 2, 0, 4, 3, 6, 7, 5], ps); // cycles {0,1,2}, {3,4}, {5,6,7}
    const seen = new Set<string>();
    for (let seed = 0; seed < 40; seed++) {
      const child = cycleCrossover()
        .call([a, b], { spec: ps, random: seededRandom(seed), step: 0, globalState: {} })[0]!
        .toNumbers();
      expect([...child].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      for (const cycle of [
        [0, 1, 2],
        [3, 4],
        [5, 6, 7],
      ]) {
        const fromA = cycle.every((i) => child[i] === a.toNumbers()[i]);
        const fromB = cycle.every((i) => child[i] === b.toNumbers()[i]);
        expect(fromA || fromB).toBe(true);
      }
      seen.add(child.join());
    }
    expect(seen.size).toBe(8);
  });
});

describe('operator JSON round trip (property over generated operator trees)', () => {
  const leaf = fc.oneof(
    fc.integer({ min: 0, max: 5 }).map((n) => top(n)),
    fc.integer({ min: 0, max: 5 }).map((n) => bottom(n, { cluster: n % 2 === 0 })),
    fc.integer({ min: 0, max: 5 }).map((n) => last(n)),
    fc.integer({ min: 0, max: 5 }).map((n) => first(n)),
    fc.integer({ min: 1, max: 4 }).map((n) => randomSelect(n, { replacement: n > 2 })),
    fc.constant(identity),
    fc.double({ min: 0.05, max: 0.95, noNaN: true }).map((p) => top(p)),
  );
  const { tree } = fc.letrec<{ tree: Operator }>((tie) => ({
    tree: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.tuple(tie('tree'), tie('tree')).map(([a, b]) => a.then(b)),
      fc.tuple(tie('tree'), tie('tree')).map(([a, b]) => a.plus(b)),
      fc.tuple(tie('tree'), tie('tree')).map(([a, b]) => a.or(b)),
      fc.tuple(tie('tree'), tie('tree')).map(([a, b]) => a.minus(b)),
      fc.tuple(tie('tree'), tie('tree')).map(([a, b]) => a.xor(b)),
      fc.tuple(tie('tree'), fc.integer({ min: 0, max: 3 })).map(([a, k]) => a.times(k)),
      fc.tuple(tie('tree'), fc.integer({ min: 0, max: 2 })).map(([a, k]) => a.power(k)),
      fc.tuple(tie('tree'), fc.integer({ min: -3, max: 3 })).map(([a, s]) => a.slice(s)),
      fc.tuple(tie('tree'), fc.double({ min: 0, max: 1, noNaN: true })).map(([a, p]) => a.withProbability(p)),
      tie('tree').map((a) => a.withProbability(scalars.linear(10, 1, 0))),
    ),
  }));

  it('fromJSON(toJSON(op)) equals op, prints the same and selects the same', () => {
    fc.assert(
      fc.property(tree, fc.integer({ min: 0, max: 1000 }), (op, seed) => {
        const back = fromJSON(JSON.parse(JSON.stringify(toJSON(op)))) as Operator;
        expect(eq(back, op)).toBe(true);
        expect(format(back)).toBe(format(op));
        const run = (o: Operator) => ids(o.call(pop, { spec, random: seededRandom(seed), step: 3, globalState: {} }));
        expect(run(back)).toEqual(run(op));
      }),
      { numRuns: 150 },
    );
  });
});
