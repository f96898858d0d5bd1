// Properties over generated spaces (see hyper-arbitrary.ts): DNA round trips, random DNA, and the
// grid (size, order, distinctness) checked against an independent brute-force enumeration.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Choice, DNA, dnaSpec, eq, iterate, makeRandom, materialize, randomDNA, toJSONString, type DNASpec } from '@tsglove/symbolic';
import { Pair, bruteForceDNA, buildSpace, hasSymbolic, isConcrete, isPlainTree, spaceArb } from './hyper-arbitrary.js';

const MAX_GRID = 500;

/** Every DNA of a finite spec via firstDNA/nextDNA. */
function walk(spec: DNASpec): DNA[] {
  const out: DNA[] = [];
  for (let d: DNA | null = spec.firstDNA(); d; d = spec.nextDNA(d)) {
    out.push(d);
    if (out.length > MAX_GRID * 2) throw new Error('grid walk does not end');
  }
  return out;
}

/** Lexicographic comparison of number lists (a prefix sorts first). */
function compareNumbers(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

describe('DNA round trips over random spaces', () => {
  it('fromNumbers(toNumbers(d)) and fromJSON(toJSON(d)) equal d; random DNA validates and materializes concretely', () => {
    fc.assert(
      fc.property(spaceArb({ floats: true }), fc.integer(), (desc, seed) => {
        const space = buildSpace(desc);
        const spec = dnaSpec(space);
        const random = makeRandom(seed);
        for (let i = 0; i < 5; i++) {
          const d = randomDNA(spec, { random });
          spec.validate(d);
          const back = DNA.fromNumbers(d.toNumbers(), spec);
          expect(back.equals(d)).toBe(true);
          expect(back.toNumbers()).toEqual(d.toNumbers());
          const json = JSON.parse(JSON.stringify(d.toJSON()));
          expect(DNA.fromJSON(json, spec).equals(d)).toBe(true);
          const value = materialize(space, d, spec);
          expect(isConcrete(value)).toBe(true);
          // plain spaces come back plain; a symbolic root comes back as a new instance of its class
          if (!hasSymbolic(desc)) expect(isPlainTree(value)).toBe(true);
          if (space instanceof Pair) expect(value).toBeInstanceOf(Pair);
          // materializing the same DNA again gives an equal, separate value
          const again = materialize(space, back, spec);
          expect(eq(again, value)).toBe(true);
          if (value !== null && typeof value === 'object') expect(again).not.toBe(value);
        }
      }),
      { numRuns: 150, seed: 20261125 },
    );
  });

  it('the same seed gives the same random DNA', () => {
    fc.assert(
      fc.property(spaceArb({ floats: true }), fc.integer(), (desc, seed) => {
        const spec = dnaSpec(buildSpace(desc));
        expect(randomDNA(spec, { seed }).equals(randomDNA(dnaSpec(buildSpace(desc)), { seed }))).toBe(true);
      }),
      { numRuns: 60, seed: 7 },
    );
  });

  it('every numbers list of a spec parses only at its exact length', () => {
    fc.assert(
      fc.property(spaceArb({ floats: true }), fc.integer(), (desc, seed) => {
        const spec = dnaSpec(buildSpace(desc));
        const numbers = randomDNA(spec, { seed }).toNumbers();
        expect(() => DNA.fromNumbers([...numbers, 0], spec)).toThrow();
        if (numbers.length) expect(() => DNA.fromNumbers(numbers.slice(0, -1), spec)).toThrow();
      }),
      { numRuns: 80, seed: 11 },
    );
  });
});

/** Whether `d` has a k-of-n choice picking one candidate twice where that candidate has decisions. */
function picksANestedCandidateTwice(spec: DNASpec, d: DNA): boolean {
  return spec.elements.some((point, i) => {
    const node = d.children[i]!;
    if (!(point instanceof Choice)) return false;
    const subs = point.numChoices === 1 ? [node] : node.children;
    const picked = subs.map((s) => s.value as number);
    if (point.numChoices > 1 && picked.some((p, j) => picked.indexOf(p) !== j && point.candidates[p]!.elements.length > 0)) return true;
    return subs.some((s) => picksANestedCandidateTwice(point.candidates[s.value as number]!, new DNA(null, s.children)));
  });
}

describe('DNA.fromDict over random spaces', () => {
  it('fromDict(toDict(d)) equals d, keyed by id with candidate indices, in both key forms (property)', () => {
    fc.assert(
      fc.property(spaceArb({ floats: true }), fc.integer(), (desc, seed) => {
        const spec = dnaSpec(buildSpace(desc));
        const random = makeRandom(seed);
        for (let i = 0; i < 5; i++) {
          const d = randomDNA(spec, { random });
          // PyGlove's keys tell every subchoice apart: always a round trip.
          const pyglove = JSON.parse(JSON.stringify(spec.toDict(d, { key: 'id', value: 'index' })));
          expect(DNA.fromDict(pyglove, spec, { value: 'index' }).equals(d)).toBe(true);
          const record = JSON.parse(JSON.stringify(spec.toDict(d, { key: 'id', value: 'index', form: 'parent' })));
          if (picksANestedCandidateTwice(spec, d)) {
            expect(() => DNA.fromDict(record, spec, { value: 'index' })).toThrow(/is chosen twice and has nested decisions/);
            continue;
          }
          const back = DNA.fromDict(record, spec, { value: 'index' });
          expect(back.equals(d)).toBe(true);
          expect(back.spec).toBe(spec);
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('grid over random finite spaces', () => {
  it('spaceSize = brute-force DNA count; nextDNA walks them all in increasing number order', () => {
    let checked = 0;
    fc.assert(
      fc.property(spaceArb({ floats: false }), (desc) => {
        const space = buildSpace(desc);
        const spec = dnaSpec(space);
        fc.pre(spec.spaceSize <= MAX_GRID);
        const brute = bruteForceDNA(desc).map((j) => JSON.stringify(j));
        expect(spec.spaceSize).toBe(brute.length);
        const walked = walk(spec);
        expect(walked.map((d) => JSON.stringify(d.toJSON()))).toEqual(brute);
        const numbers = walked.map((d) => d.toNumbers());
        for (let i = 1; i < numbers.length; i++) expect(compareNumbers(numbers[i - 1]!, numbers[i]!)).toBeLessThan(0);
        for (const d of walked) spec.validate(d);
        checked++;
      }),
      { numRuns: 120, seed: 3 },
    );
    expect(checked).toBeGreaterThan(60);
  });

  it('iterate yields exactly spaceSize distinct concrete values, in nextDNA order', () => {
    fc.assert(
      fc.property(spaceArb({ floats: false }), (desc) => {
        const space = buildSpace(desc);
        const spec = dnaSpec(space);
        fc.pre(spec.spaceSize <= MAX_GRID);
        const values = [...iterate(space)];
        expect(values).toHaveLength(spec.spaceSize);
        expect(new Set(values.map((v) => toJSONString(v))).size).toBe(spec.spaceSize);
        expect(values.every(isConcrete)).toBe(true);
        const walked = walk(spec).map((d) => materialize(space, d, spec));
        expect(walked.every((v, i) => eq(v, values[i]))).toBe(true);
      }),
      { numRuns: 100, seed: 5 },
    );
  });
});
