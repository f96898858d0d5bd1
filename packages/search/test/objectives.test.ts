/** Objectives: MnasNet and TuNAS rewards, Pareto utilities. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SearchError, crowdingDistance, dominates, mnasnetReward, nonDominatedSort, paretoFront, tunasReward } from '../src/index.js';

describe('rewards', () => {
  it('MnasNet soft constraint: acc · (lat/target)^w', () => {
    expect(mnasnetReward(0.75, 80, { target: 80 })).toBeCloseTo(0.75, 12);
    expect(mnasnetReward(0.75, 160, { target: 80 })).toBeCloseTo(0.75 * 2 ** -0.07, 12);
    expect(mnasnetReward(0.75, 40, { target: 80 })).toBeCloseTo(0.75 * 0.5 ** -0.07, 12);
    // Hard constraint: no bonus below target, a steep penalty above.
    expect(mnasnetReward(0.75, 40, { target: 80, alpha: 0, beta: -1 })).toBe(0.75);
    expect(mnasnetReward(0.75, 160, { target: 80, alpha: 0, beta: -1 })).toBeCloseTo(0.375, 12);
    expect(() => mnasnetReward(0.75, 10, { target: 0 })).toThrow(SearchError);
  });
  it('TuNAS absolute reward: acc + β·|lat/target − 1|', () => {
    expect(tunasReward(0.75, 80, { target: 80 })).toBe(0.75);
    expect(tunasReward(0.75, 120, { target: 80, beta: -0.5 })).toBeCloseTo(0.75 - 0.25, 12);
    expect(tunasReward(0.75, 40, { target: 80, beta: -0.5 })).toBeCloseTo(0.75 - 0.25, 12);
  });
});

describe('Pareto utilities', () => {
  const pts = [
    [1, 5],
    [2, 4],
    [2, 2],
    [3, 1],
    [0, 0],
    [2, 4],
  ];
  it('dominates, fronts and the Pareto front', () => {
    expect(dominates([2, 4], [2, 2])).toBe(true);
    expect(dominates([2, 4], [2, 4])).toBe(false);
    expect(dominates([1, 5], [2, 4])).toBe(false);
    expect(nonDominatedSort(pts)).toEqual([[0, 1, 3, 5], [2], [4]]);
    expect(paretoFront(pts, (p) => p)).toEqual([
      [1, 5],
      [2, 4],
      [3, 1],
      [2, 4],
    ]);
    expect(() => dominates([1], [1, 2])).toThrow(SearchError);
  });
  it('crowding distance: extremes infinite, inner by neighbour spread', () => {
    const d = crowdingDistance([
      [0, 4],
      [1, 3],
      [3, 1],
      [4, 0],
    ]);
    expect(d[0]).toBe(Infinity);
    expect(d[3]).toBe(Infinity);
    expect(d[1]).toBeCloseTo(3 / 4 + 3 / 4, 12);
    expect(d[2]).toBeCloseTo(3 / 4 + 3 / 4, 12);
  });
  it('no front member is dominated; every other point is (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 9 })), { minLength: 1, maxLength: 30 }),
        (raw) => {
          const front = paretoFront(raw, (p) => p);
          for (const f of front) expect(raw.some((p) => dominates(p, f))).toBe(false);
          for (const p of raw) if (!front.includes(p)) expect(front.some((f) => dominates(f, p))).toBe(true);
          expect(
            nonDominatedSort(raw)
              .flat()
              .sort((a, b) => a - b),
          ).toEqual(raw.map((_, i) => i));
        },
      ),
      { numRuns: 100 },
    );
  });
});
