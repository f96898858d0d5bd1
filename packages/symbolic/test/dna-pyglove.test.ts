// PyGlove 0.5.0 compatibility: for the same space, spaceSize, grid order and flat numbers match
// PyGlove's exactly (the figures below are PyGlove's own outputs).
import { describe, expect, it } from 'vitest';
import { DNA, dnaSpec, iterate, manyOf, materialize, oneOf, permutate, type DNASpec } from '@tsglove/symbolic';

/** Every DNA of a finite spec in grid order, via firstDNA/nextDNA. */
function gridNumbers(spec: DNASpec): number[][] {
  const out: number[][] = [];
  for (let d: DNA | null = spec.firstDNA(); d; d = spec.nextDNA(d)) out.push(d.toNumbers());
  return out;
}

describe('PyGlove example: a, b = manyOf(2), conditional d', () => {
  const space = () => ({
    a: oneOf([1, 2, 3]),
    b: manyOf(2, ['x', 'y', 'z']),
    d: oneOf([{ e: oneOf([4, 5]) }, 6]),
  });

  it('has size 54 and PyGlove ids', () => {
    const spec = dnaSpec(space());
    expect(spec.spaceSize).toBe(54);
    expect(spec.decisionPoints.map((p) => p.id)).toEqual(['a', 'b', 'd', 'd[=0/2].e']);
  });

  it('starts its grid like PyGlove', () => {
    const first = [...iterate(space(), { limit: 4 })];
    expect(first).toEqual([
      { a: 1, b: ['x', 'y'], d: { e: 4 } },
      { a: 1, b: ['x', 'y'], d: { e: 5 } },
      { a: 1, b: ['x', 'y'], d: 6 },
      { a: 1, b: ['x', 'z'], d: { e: 4 } },
    ]);
  });

  it('reads numbers [0, 2, 1, 0, 1] as {a: 1, b: [z, y], d: {e: 5}}', () => {
    const s = space();
    expect(materialize(s, [0, 2, 1, 0, 1])).toEqual({ a: 1, b: ['z', 'y'], d: { e: 5 } });
    const dna = DNA.fromNumbers([0, 2, 1, 0, 1], dnaSpec(s));
    expect(dna.toJSON()).toEqual([null, 0, [null, 2, 1], [0, 1]]);
    expect(dna.toNumbers()).toEqual([0, 2, 1, 0, 1]);
    // d = 6 has no sub-decision: its numbers stop at its index
    expect(materialize(s, [2, 1, 0, 1])).toEqual({ a: 3, b: ['y', 'x'], d: 6 });
  });

  it('enumerates 54 distinct values; b runs through the 6 ordered pairs', () => {
    const all = [...iterate(space())];
    expect(all).toHaveLength(54);
    expect(new Set(all.map((v) => JSON.stringify(v))).size).toBe(54);
    const pairs = all.filter((v) => v.a === 1 && v.d === 6).map((v) => v.b.join(''));
    expect(pairs).toEqual(['xy', 'xz', 'yx', 'yz', 'zx', 'zy']);
    expect(all[53]).toEqual({ a: 3, b: ['z', 'y'], d: 6 });
  });
});

describe('PyGlove example: permutate', () => {
  it('has size 24; [2, 3, 1, 0] is [c, d, b, a]', () => {
    const space = { p: permutate(['a', 'b', 'c', 'd']) };
    expect(dnaSpec(space).spaceSize).toBe(24);
    expect(materialize(space, [2, 3, 1, 0])).toEqual({ p: ['c', 'd', 'b', 'a'] });
    const all = [...iterate(space)].map((v) => v.p.join(''));
    expect(all).toHaveLength(24);
    expect(all.slice(0, 3)).toEqual(['abcd', 'abdc', 'acbd']);
    expect(all[23]).toBe('dcba');
  });
});

describe('PyGlove example: manyOf sizes', () => {
  it('sorted 3 of 4 has size 4', () => {
    const space = { m: manyOf(3, [1, 2, 3, 4], { sorted: true }) };
    expect(dnaSpec(space).spaceSize).toBe(4);
    expect([...iterate(space)].map((v) => v.m)).toEqual([
      [1, 2, 3],
      [1, 2, 4],
      [1, 3, 4],
      [2, 3, 4],
    ]);
  });

  it('2 of 3 with repetition has size 9; sorted as well, 6', () => {
    const rep = { m: manyOf(2, [1, 2, 3], { distinct: false }) };
    expect(dnaSpec(rep).spaceSize).toBe(9);
    expect([...iterate(rep)].map((v) => v.m.join(''))).toEqual(['11', '12', '13', '21', '22', '23', '31', '32', '33']);
    const sorted = { m: manyOf(2, [1, 2, 3], { distinct: false, sorted: true }) };
    expect(dnaSpec(sorted).spaceSize).toBe(6);
    expect([...iterate(sorted)].map((v) => v.m.join(''))).toEqual(['11', '12', '13', '22', '23', '33']);
  });

  it('distinct unsorted 2 of 4 has 12 (ordered pairs); sorted, 6', () => {
    expect(dnaSpec({ m: manyOf(2, [1, 2, 3, 4]) }).spaceSize).toBe(12);
    expect(dnaSpec({ m: manyOf(2, [1, 2, 3, 4], { sorted: true }) }).spaceSize).toBe(6);
  });
});

describe('PyGlove example: conditional three levels deep', () => {
  const space = () => ({ x: oneOf([{ y: oneOf([{ z: oneOf([1, 2]) }, 3]) }, 4]) });

  it('has size 4 and its grid numbers are [0,0,0], [0,0,1], [0,1], [1]', () => {
    const spec = dnaSpec(space());
    expect(spec.spaceSize).toBe(4);
    expect(gridNumbers(spec)).toEqual([[0, 0, 0], [0, 0, 1], [0, 1], [1]]);
    expect(spec.decisionPoints.map((p) => p.id)).toEqual(['x', 'x[=0/2].y', 'x[=0/2].y[=0/2].z']);
  });

  it('materializes each grid point', () => {
    expect([...iterate(space())]).toEqual([{ x: { y: { z: 1 } } }, { x: { y: { z: 2 } } }, { x: { y: 3 } }, { x: 4 }]);
  });
});

describe('sizes of conditional k-of-n choices', () => {
  it('a manyOf over candidates with sub-spaces counts each choice with its sub-space', () => {
    // candidates: {v: oneOf([1,2])} (2 values), 'b' (1), 'c' (1). Ordered distinct pairs:
    // (A,b) (A,c) (b,A) (c,A) → 2 each = 8, plus (b,c) (c,b) = 2 → 10
    const space = { m: manyOf(2, [{ v: oneOf([1, 2]) }, 'b', 'c']) };
    const spec = dnaSpec(space);
    expect(spec.spaceSize).toBe(10);
    const all = [...iterate(space)].map((v) => JSON.stringify(v.m));
    expect(all).toHaveLength(10);
    expect(new Set(all).size).toBe(10);
    expect(all.slice(0, 4)).toEqual(['[{"v":1},"b"]', '[{"v":1},"c"]', '[{"v":2},"b"]', '[{"v":2},"c"]']);
    expect(materialize(space, [2, 0, 1])).toEqual({ m: ['c', { v: 2 }] });
  });
});
