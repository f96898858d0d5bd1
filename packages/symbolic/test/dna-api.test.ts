// DNA and DNASpec: numbers, JSON, toDict, metadata, grid walking, and DNA that does not fit.
import { describe, expect, it } from 'vitest';
import { DNA, SymbolicError, dnaSpec, floatValue, manyOf, materialize, oneOf } from '@tsglove/symbolic';

function space() {
  return {
    a: oneOf([1, 2, 3], { name: 'width' }),
    b: manyOf(2, ['x', 'y', 'z'], { name: 'ops' }),
    d: oneOf([{ e: oneOf([4, 5], { name: 'inner' }) }, 6]),
    lr: floatValue(0.1, 1, { name: 'lr' }),
  };
}

function thrown(fn: () => unknown): SymbolicError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SymbolicError);
    return error as SymbolicError;
  }
  throw new Error('expected a throw');
}

describe('DNA', () => {
  const spec = dnaSpec(space());
  const numbers = [2, 1, 0, 0, 1, 0.5];

  it('round-trips flat numbers and knows its spec', () => {
    const dna = DNA.fromNumbers(numbers, spec);
    expect(dna.spec).toBe(spec);
    expect(dna.toNumbers()).toEqual(numbers);
    expect(dna.toJSON()).toEqual([null, 2, [null, 1, 0], [0, 1], 0.5]);
    expect(dna.toString()).toBe('DNA([null,2,[null,1,0],[0,1],0.5])');
  });

  it('round-trips JSON (with and without a spec)', () => {
    const dna = DNA.fromNumbers(numbers, spec);
    const json = JSON.parse(JSON.stringify(dna.toJSON()));
    expect(DNA.fromJSON(json).equals(dna)).toBe(true);
    const checked = DNA.fromJSON(json, spec);
    expect(checked.spec).toBe(spec);
    expect(checked.key()).toBe(dna.key());
    expect(() => DNA.fromJSON({ value: 1 })).toThrow(/DNA.fromJSON: <root> is not a DNA node/);
    expect(() => DNA.fromJSON([null, [{}, 1]])).toThrow(/DNA.fromJSON: \[1\]\[0\] must be a number, string or null/);
    expect(() => DNA.fromJSON([null, 7, [null, 1, 0], [0, 1], 0.5], spec)).toThrow(/^a: candidate index 7 out of range \[0, 3\)/);
  });

  it('toDict keys by id or name, values as indices or literals', () => {
    const dna = DNA.fromNumbers(numbers, spec);
    // PyGlove's keys by default: one per manyOf subchoice.
    expect(dna.toDict()).toEqual({ a: 2, 'b[0]': 1, 'b[1]': 0, d: 0, 'd[=0/2].e': 1, lr: 0.5 });
    expect(dna.toDict({ form: 'parent' })).toEqual({ a: 2, b: [1, 0], d: 0, 'd[=0/2].e': 1, lr: 0.5 });
    const literal = dna.toDict({ key: 'name', value: 'literal' });
    // a non-primitive candidate's literal is its compact formatting
    expect(literal).toEqual({ width: 3, ops: ['y', 'x'], d: expect.stringMatching(/^\{e: OneOf\(candidates=\[4, 5\]/), inner: 5, lr: 0.5 });
    // an inactive branch contributes nothing
    expect(DNA.fromNumbers([0, 0, 1, 1, 0.2], spec).toDict({ key: 'name' })).toEqual({ width: 0, ops: [0, 1], d: 1, lr: 0.2 });
    expect(() => new DNA(null, []).toDict()).toThrow(/has no spec/);
  });

  it('fromDict inverts toDict: by name or id, literals or indices; errors name the decision', () => {
    const dna = DNA.fromNumbers(numbers, spec);
    for (const key of ['id', 'name'] as const) {
      for (const form of ['pyglove', 'parent'] as const) {
        expect(DNA.fromDict(dna.toDict({ key, form, value: 'index' }), spec, { value: 'index' }).equals(dna)).toBe(true);
        expect(DNA.fromDict(dna.toDict({ key, form, value: 'literal' }), spec).equals(dna)).toBe(true);
      }
    }
    // Optuna-style: the chosen values by name; an inactive branch needs nothing.
    const picked = DNA.fromDict({ width: 1, ops: ['z', 'x'], d: 6, lr: 0.3 }, spec);
    expect(picked.toNumbers()).toEqual([0, 2, 0, 1, 0.3]);
    expect(materialize(space(), picked)).toEqual({ a: 1, b: ['z', 'x'], d: 6, lr: 0.3 });
    expect(thrown(() => DNA.fromDict({ width: 4, ops: ['x', 'y'], d: 6, lr: 0.3 }, spec)).message).toBe(
      'DNA.fromDict: width: 4 is not one of the candidates [1, 2, 3]',
    );
    expect(thrown(() => DNA.fromDict({ width: 1, ops: ['x', 'y'], d: 6 }, spec)).message).toBe(
      'DNA.fromDict: lr: missing (every active decision needs a value)',
    );
    expect(thrown(() => DNA.fromDict({ widht: 1, width: 1, ops: ['x', 'y'], d: 6, lr: 0.3 }, spec)).message).toMatch(
      /^DNA.fromDict: no decision point named "widht" \(decision points: width, ops, d, inner, lr\)$/,
    );
    expect(thrown(() => DNA.fromDict({ width: 1, ops: ['x', 'x'], d: 6, lr: 0.3 }, spec)).message).toMatch(/distinct/);
    expect(thrown(() => DNA.fromDict({ width: 1, ops: ['x', 'y'], d: 6, lr: 2 }, spec)).message).toMatch(
      /^lr: float 2 out of range \[0.1, 1\]/,
    );
    expect(thrown(() => DNA.fromDict({ width: 3, ops: [0, 1], d: 0, inner: 0, lr: 0.5 }, spec, { value: 'index' })).message).toMatch(
      /width: expected a candidate index in \[0, 2\], got 3/,
    );
  });

  it('equality ignores metadata; clone copies metadata and spec', () => {
    const dna = DNA.fromNumbers(numbers, spec);
    dna.metadata.generation = 3;
    const copy = dna.clone();
    expect(copy.metadata).toEqual({ generation: 3 });
    copy.metadata.generation = 4;
    expect(dna.metadata.generation).toBe(3);
    expect(copy.spec).toBe(spec);
    expect(copy.equals(DNA.fromNumbers(numbers, spec))).toBe(true);
    expect(copy.equals(DNA.fromNumbers([2, 1, 0, 0, 1, 0.25], spec))).toBe(false);
  });

  it('toNumbers keeps a custom string value in its place', () => {
    expect(new DNA(null, [new DNA(1), new DNA('abc'), new DNA(0.5)]).toNumbers<number | string>()).toEqual([1, 'abc', 0.5]);
  });
});

describe('DNASpec', () => {
  it('lists decision points depth first with ids, names and kinds', () => {
    const spec = dnaSpec(space());
    expect(spec.decisionPoints.map((p) => [p.id, p.name ?? null, p.kind])).toEqual([
      ['a', 'width', 'choice'],
      ['b', 'ops', 'choice'],
      ['d', null, 'choice'],
      ['d[=0/2].e', 'inner', 'choice'],
      ['lr', 'lr', 'float'],
    ]);
    expect(spec.get('inner')?.id).toBe('d[=0/2].e');
    expect(spec.get('nope')).toBeUndefined();
    expect(spec.spaceSize).toBe(Infinity);
  });

  it('firstDNA/nextDNA walk the grid and end with null', () => {
    const spec = dnaSpec({ a: oneOf([1, 2]), b: oneOf([{ c: oneOf([3, 4]) }, 5]) });
    const seen: number[][] = [];
    for (let d: DNA | null = spec.firstDNA(); d; d = spec.nextDNA(d)) {
      expect(d.spec).toBe(spec);
      seen.push(d.toNumbers());
    }
    expect(seen).toEqual([
      [0, 0, 0],
      [0, 0, 1],
      [0, 1],
      [1, 0, 0],
      [1, 0, 1],
      [1, 1],
    ]);
    expect(spec.nextDNA(spec.fromNumbers([1, 1]))).toBeNull();
  });

  it('nextDNA on a float decision is an error naming it (unless min = max)', () => {
    const spec = dnaSpec({ a: oneOf([1, 2]), lr: floatValue(0, 1) });
    expect(thrown(() => spec.nextDNA(spec.firstDNA())).message).toMatch(/^lr: a float in \[0, 1\] cannot be enumerated/);
    const point = dnaSpec({ a: oneOf([1, 2]), lr: floatValue(0.5, 0.5) });
    expect(point.nextDNA(point.firstDNA())?.toNumbers()).toEqual([1, 0.5]);
  });
});

describe('DNA that does not fit its spec', () => {
  const spec = dnaSpec(space());

  it('a wrong number count names the decision point or the extra numbers', () => {
    const short = thrown(() => DNA.fromNumbers([2, 1, 0, 0], spec));
    expect(short.message).toMatch(/^d\[=0\/2\]\.e: numbers end before this choice/);
    expect(short.path).toBe('d[=0/2].e');
    expect(thrown(() => DNA.fromNumbers([2, 1, 0, 1], spec)).message).toMatch(/^lr: numbers end before this float/);
    const long = thrown(() => DNA.fromNumbers([2, 1, 0, 1, 0.5, 9], spec));
    expect(long.message).toBe('fromNumbers: 1 extra number(s) after the last decision point (lr): these decisions take 5 numbers, got 6');
    expect(long.path).toBe('lr');
    expect(thrown(() => DNA.fromNumbers([1], dnaSpec({ a: 1 }))).message).toMatch(/the space has no decision points/);
    expect(thrown(() => DNA.fromNumbers('1,2' as never, spec)).message).toMatch(/expected an array of numbers/);
  });

  it('indices out of range, non-integers, repeated or unsorted choices', () => {
    expect(thrown(() => DNA.fromNumbers([3, 1, 0, 1, 0.5], spec)).message).toBe('a: candidate index 3 out of range [0, 3)');
    expect(thrown(() => DNA.fromNumbers([0.5, 1, 0, 1, 0.5], spec)).message).toMatch(/^a: candidate index 0.5/);
    expect(thrown(() => DNA.fromNumbers([0, 1, 1, 1, 0.5], spec)).message).toBe('b: choices must be distinct, got [1,1]');
    const sorted = dnaSpec({ s: manyOf(2, [1, 2, 3], { sorted: true }) });
    expect(thrown(() => DNA.fromNumbers([2, 0], sorted)).message).toBe('s: choices must be sorted, got [2,0]');
    expect(thrown(() => DNA.fromNumbers([0, 1, 0, 0, 2, 0.5], spec)).message).toMatch(/^d\[=0\/2\]\.e: candidate index 2/);
  });

  it('floats out of range', () => {
    expect(thrown(() => DNA.fromNumbers([0, 1, 0, 1, 1.5], spec)).message).toBe('lr: float 1.5 out of range [0.1, 1]');
    expect(thrown(() => DNA.fromNumbers([0, 1, 0, 1, 0.05], spec)).message).toBe('lr: float 0.05 out of range [0.1, 1]');
  });

  it('validate checks DNA trees shape by shape', () => {
    const s = space();
    const wrongCount = new DNA(null, [new DNA(0), new DNA(null, [new DNA(0), new DNA(1)])]);
    expect(thrown(() => spec.validate(wrongCount)).message).toMatch(/^<root>: expected DNA for 4 decision points \(a, b, d, lr\), got 2/);
    expect(thrown(() => spec.validate(new DNA(1))).message).toMatch(/^<root>: a space's DNA has value null, got 1/);
    const single = DNA.fromJSON([null, 0, 1, 1, 0.5]);
    expect(thrown(() => materialize(s, single)).message).toBe('b: expected 2 choices, got a single value');
    const childless = DNA.fromJSON([null, 0, [null, 0, 1], 0, 0.5]);
    expect(thrown(() => materialize(s, childless)).message).toMatch(
      /^d\[=0\/2\]: expected DNA for 1 decision points \(d\[=0\/2\]\.e\), got 0/,
    );
    const floatKids = DNA.fromJSON([null, 0, [null, 0, 1], 1, [0.5, 1]]);
    expect(thrown(() => materialize(s, floatKids)).message).toBe('lr: a float decision has no children');
  });
});
