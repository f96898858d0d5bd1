/** Generator helpers: deduping (any generator, exact recover), dnaGenerator(fn), iterate(space, { algorithm }). */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DNA, dnaSpec, oneOf } from '@tsglove/symbolic';
import {
  SearchExhaustedError,
  deduping,
  dnaGenerator,
  grid,
  iterate,
  random,
  regularizedEvolution,
  restoreLineage,
  type Reward,
} from '../src/index.js';

const space = [oneOf([0, 1, 2]), oneOf([0, 1])];
const spec = dnaSpec(space);

describe('deduping', () => {
  it('never repeats a DNA of random search, then is exhausted', () => {
    const g = deduping(random({ seed: 1 }), { needsFeedback: false });
    g.setup(spec);
    const keys = Array.from({ length: 6 }, () => g.propose().key());
    expect(new Set(keys).size).toBe(6);
    expect(() => g.propose()).toThrow(SearchExhaustedError);
  });

  it('allows maxDuplicates repeats and dedups on hashFn', () => {
    const g = deduping(random({ seed: 2 }), { needsFeedback: false, hashFn: (d) => d.toNumbers()[0]!, maxDuplicates: 2 });
    g.setup(spec);
    const firsts = Array.from({ length: 6 }, () => g.propose().toNumbers()[0]);
    expect([0, 1, 2].map((v) => firsts.filter((x) => x === v).length)).toEqual([2, 2, 2]);
  });

  it('counts feedback for learning generators and recovers exactly', () => {
    const big = dnaSpec(Array.from({ length: 4 }, () => oneOf([0, 1, 2])));
    const make = (seed: number) => deduping(regularizedEvolution({ populationSize: 4, tournamentSize: 2, seed }));
    const reward = (d: DNA) => d.toNumbers().reduce((a, b) => a + b, 0);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 20 }), (seed, cut) => {
        const run = (g: ReturnType<typeof make>, n: number, h: Array<{ dna: DNA; reward: Reward }>) =>
          Array.from({ length: n }, () => {
            const dna = g.propose();
            g.feedback(dna, reward(dna));
            h.push({ dna, reward: reward(dna) });
            return dna.key();
          });
        const straight = make(seed);
        straight.setup(big);
        const expected = run(straight, 20, []);
        expect(new Set(expected).size).toBe(20);
        const first = make(seed);
        first.setup(big);
        const h: Array<{ dna: DNA; reward: Reward }> = [];
        const before = run(first, cut, h);
        const resumed = make(seed);
        resumed.setup(big);
        resumed.recover(
          h.map((e) => ({ dna: restoreLineage(DNA.fromJSON(e.dna.toJSON(), big), { lineage: { ...e.dna.metadata } }), reward: e.reward })),
        );
        expect([...before, ...run(resumed, 20 - cut, [])]).toEqual(expected);
      }),
      { numRuns: 15 },
    );
  });
});

describe('dnaGenerator(fn)', () => {
  it('proposes what the function yields, is exhausted after it and recovers by skipping', () => {
    const make = () =>
      dnaGenerator('fromList', function* (s) {
        for (const n of [
          [2, 1],
          [0, 0],
          [1, 1],
        ])
          yield DNA.fromNumbers(n, s);
      });
    const g = make();
    g.setup(spec);
    expect([g.propose().toNumbers(), g.propose().toNumbers()]).toEqual([
      [2, 1],
      [0, 0],
    ]);
    const resumed = make();
    resumed.setup(spec);
    resumed.recover([], { numProposals: 2 });
    expect(resumed.propose().toNumbers()).toEqual([1, 1]);
    expect(() => resumed.propose()).toThrow(SearchExhaustedError);
  });
});

describe('iterate(space, { algorithm })', () => {
  it('walks the space with grid by default and stops at numExamples', () => {
    expect([...iterate(space)]).toHaveLength(6);
    expect([...iterate(space, { numExamples: 2 })]).toEqual([
      [0, 0],
      [0, 1],
    ]);
  });

  it('feeds rewards back with feedback: true', () => {
    const algorithm = regularizedEvolution({ populationSize: 3, tournamentSize: 2, seed: 3 });
    let n = 0;
    for (const [x, report] of iterate(space, { algorithm, numExamples: 10, feedback: true })) {
      report((x as number[])[0]! + (x as number[])[1]!);
      n++;
    }
    expect(n).toBe(10);
    expect(algorithm.numFeedbacks).toBe(10);
    expect(() => [...iterate(space, { algorithm: grid(), numExamples: 1, feedback: true })].map(([, r]) => (r(1), r(1)))).toThrow(
      /already reported/,
    );
  });
});
