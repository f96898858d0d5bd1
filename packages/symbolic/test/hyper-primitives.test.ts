// Each hyper primitive on its own: construction, bad input, its decision point, and its values.
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  Choice,
  FloatPoint,
  FloatValue,
  OneOf,
  SymbolicError,
  ValidationError,
  clone,
  dnaSpec,
  eq,
  floatValue,
  format,
  fromJSON,
  isHyper,
  iterate,
  makeRandom,
  manyOf,
  materialize,
  oneOf,
  permutate,
  randomDNA,
  toJSON,
  type Hyper,
} from '@tsglove/symbolic';
import { Block } from './fixtures.js';

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
}

describe('oneOf', () => {
  it('is a symbolic hyper value with its candidates, name and hints', () => {
    const h = oneOf([3, 5, 7], { name: 'kernel', hints: { weight: 2 } }) as unknown as OneOf;
    expect(h).toBeInstanceOf(OneOf);
    expect(isHyper(h)).toBe(true);
    expect([...h.candidates]).toEqual([3, 5, 7]);
    expect(h.name).toBe('kernel');
    expect(eq(h.hints, { weight: 2 })).toBe(true);
    expect(eq(h, oneOf([3, 5, 7], { name: 'kernel', hints: { weight: 2 } }))).toBe(true);
    expect(eq(h, oneOf([3, 5], { name: 'kernel', hints: { weight: 2 } }))).toBe(false);
    expect(format(h, { compact: true })).toContain('candidates');
  });

  it('is a decision point whose candidates are sub-spaces and literals', () => {
    const spec = dnaSpec({ k: oneOf([3, 5, 7], { name: 'kernel', hints: 'h' }) });
    const [point] = spec.elements as Choice[];
    expect(point).toBeInstanceOf(Choice);
    expect(point!.id).toBe('k');
    expect(point!.name).toBe('kernel');
    expect(point!.hints).toBe('h');
    expect(point!.numChoices).toBe(1);
    expect(point!.literals).toEqual([3, 5, 7]);
    expect(point!.candidates.map((c) => c.elements.length)).toEqual([0, 0, 0]);
    expect(spec.spaceSize).toBe(3);
    expect(spec.get('kernel')).toBe(point);
    expect(spec.get('k')).toBe(point);
  });

  it('is accepted by a t.int() field and typed as the candidates', () => {
    const block = new Block({ kernel: oneOf([3, 5, 7]) });
    expect(block.kernel).toBeInstanceOf(OneOf);
    const k = oneOf([3, 5, 7]);
    expectTypeOf(k).toMatchTypeOf<number & Hyper<number>>();
    expectTypeOf(oneOf(['relu', 'swish'] as const)).toMatchTypeOf<'relu' | 'swish'>();
    expect([...iterate(block)].map((b) => b.kernel)).toEqual([3, 5, 7]);
    expectTypeOf(materialize(block, [1])).toEqualTypeOf<Block>();
    // @ts-expect-error strings do not fit an int field (the type says so before the spec does)
    expect(() => new Block({ kernel: oneOf(['a', 'b']) })).toThrow(ValidationError);
    const plain = { k: oneOf([3, 5]), names: manyOf(2, ['x', 'y', 'z']), lr: floatValue(0, 1) };
    expectTypeOf(materialize(plain, [0, 0, 1, 0.5])).toEqualTypeOf<{ k: 3 | 5; names: Array<'x' | 'y' | 'z'>; lr: number }>();
  });

  it('rejects a candidate that fails the field spec, naming the path and the candidate', () => {
    const error = thrown(() => new Block({ kernel: oneOf([3, 5, 13]) }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toMatch(/kernel: oneOf candidate 2: expected int in \[1, 11\], got 13/);
    expect(thrown(() => new Block({ act: oneOf(['relu', 'gelu']) as never })).message).toMatch(/act: oneOf candidate 1/);
  });

  it('rejects empty and duplicate candidates', () => {
    expect(thrown(() => oneOf([], { name: 'op' })).message).toMatch(/oneOf \(op\): candidates must be a non-empty array/);
    const dup = thrown(() => oneOf([1, 2, 1], { name: 'width' }));
    expect(dup).toBeInstanceOf(SymbolicError);
    expect(dup.message).toMatch(/oneOf \(width\): candidates 0 and 2 are equal/);
    expect(thrown(() => oneOf([{ a: 1 }, { a: 1 }])).message).toMatch(/candidates 0 and 1 are equal/);
  });

  it('clones (deep and shallow), alone and inside a space', () => {
    for (const h of [
      oneOf([1, 2], { name: 'o' }),
      manyOf(1, [1, 2]),
      floatValue(0, 1, { scale: 'linear' }),
      floatValue(1, 2, { scale: 'log' }),
    ]) {
      const copy = clone(h);
      expect(copy).not.toBe(h);
      expect(eq(copy, h)).toBe(true);
      expect(eq(clone(h, { deep: false }), h)).toBe(true);
    }
    const space = new Block({ kernel: oneOf([3, 5], { name: 'k' }), se: floatValue(0, 0.5) });
    const copy = clone(space);
    expect(copy.kernel).toBeInstanceOf(OneOf);
    expect(dnaSpec(copy).spaceSize).toBe(Infinity);
    expect(materialize(copy, [1, 0.25]).kernel).toBe(5);
  });

  it('survives a JSON round trip as a hyper value', () => {
    const space = new Block({ kernel: oneOf([3, 5], { name: 'k' }) });
    const back = fromJSON(toJSON(space)) as Block;
    expect(back.kernel).toBeInstanceOf(OneOf);
    expect(eq(back, space)).toBe(true);
    expect(dnaSpec(back).get('k')?.id).toBe('kernel');
  });
});

describe('manyOf and permutate', () => {
  it('records k, distinct and sorted on its decision point', () => {
    const spec = dnaSpec({ ops: manyOf(2, ['a', 'b', 'c'], { sorted: true, name: 'ops' }) });
    const point = spec.elements[0] as Choice;
    expect(point.numChoices).toBe(2);
    expect(point.distinct).toBe(true);
    expect(point.sorted).toBe(true);
    expect(point.name).toBe('ops');
    expect(spec.spaceSize).toBe(3);
  });

  it('rejects k > candidates when distinct, naming the decision point', () => {
    const error = thrown(() => manyOf(4, [1, 2, 3], { name: 'ops' }));
    expect(error).toBeInstanceOf(SymbolicError);
    expect(error.message).toBe('manyOf (ops): cannot choose 4 distinct values from 3 candidates');
    // with repetition it is fine: 3^4 choices
    expect(dnaSpec({ m: manyOf(4, [1, 2, 3], { distinct: false }) }).spaceSize).toBe(81);
  });

  it('rejects duplicate candidates and checks a list field element by element', () => {
    expect(thrown(() => manyOf(2, ['a', 'b', 'a'])).message).toMatch(/manyOf: candidates 0 and 2 are equal/);
    const Holder = Block; // kernel is an int field: a list of values does not fit
    expect(thrown(() => new Holder({ kernel: manyOf(2, [3, 5]) as never })).message).toMatch(/kernel: expected int.*got manyOf/);
  });

  it('a choice of one has a one-of DNA node (PyGlove) and materializes its sub-space', () => {
    const space = { m: manyOf(1, [{ k: oneOf([3, 5]) }, 'id']) };
    const spec = dnaSpec(space);
    expect(spec.spaceSize).toBe(3);
    expect(spec.fromNumbers([0, 1]).toJSON()).toEqual([null, [0, 1]]);
    expect([...iterate(space)]).toEqual([{ m: [{ k: 3 }] }, { m: [{ k: 5 }] }, { m: ['id'] }]);
  });

  it('choosing zero is a single empty choice', () => {
    const space = { m: manyOf(0, [1, 2]) };
    expect(dnaSpec(space).spaceSize).toBe(1);
    expect([...iterate(space)]).toEqual([{ m: [] }]);
  });

  it('random choices honour distinct and sorted', () => {
    const random = makeRandom(11);
    const distinct = dnaSpec({ m: manyOf(3, [0, 1, 2, 3, 4]) });
    const sorted = dnaSpec({ m: manyOf(3, [0, 1, 2, 3, 4], { sorted: true, distinct: false }) });
    for (let i = 0; i < 200; i++) {
      const d = randomDNA(distinct, { random }).toNumbers();
      expect(new Set(d).size).toBe(3);
      const s = randomDNA(sorted, { random }).toNumbers();
      expect([...s].sort((a, b) => a - b)).toEqual(s);
    }
  });

  it('permutate is every ordering of its candidates', () => {
    const space = { p: permutate([1, 2, 3], { name: 'order' }) };
    const spec = dnaSpec(space);
    expect((spec.elements[0] as Choice).numChoices).toBe(3);
    expect(spec.spaceSize).toBe(6);
    expect([...iterate(space)].map((v) => v.p.join(''))).toEqual(['123', '132', '213', '231', '312', '321']);
    expect(thrown(() => materialize(space, [0, 0, 1])).message).toMatch(/^p: choices must be distinct, got \[0,0,1\]/);
  });
});

describe('floatValue', () => {
  it('is a float decision point with its range and scale', () => {
    const spec = dnaSpec({ lr: floatValue(1e-4, 1e-1, { scale: 'log', name: 'lr' }) });
    const point = spec.elements[0] as FloatPoint;
    expect(point).toBeInstanceOf(FloatPoint);
    expect([point.min, point.max, point.scale, point.name]).toEqual([1e-4, 1e-1, 'log', 'lr']);
    expect(spec.spaceSize).toBe(Infinity);
    expect(dnaSpec({ x: floatValue(2, 2) }).spaceSize).toBe(1);
  });

  it('rejects bad ranges and log scales touching 0', () => {
    expect(thrown(() => floatValue(1, 0, { name: 'lr' })).message).toMatch(/floatValue \(lr\): need finite min <= max, got \[1, 0\]/);
    expect(thrown(() => floatValue(0, Infinity)).message).toMatch(/need finite/);
    expect(thrown(() => floatValue(0, 1, { scale: 'log' })).message).toMatch(/log scale needs min > 0/);
    expect(thrown(() => floatValue(0, 1, { scale: 'rlog' })).message).toMatch(/rlog scale needs min > 0/);
  });

  it('must fit the field: range inside the spec, and a float field', () => {
    expect(thrown(() => new Block({ se: floatValue(0, 2) })).message).toMatch(/se: expected float in \[0, 1\], got floatValue\(0, 2\)/);
    expect(thrown(() => new Block({ kernel: floatValue(1, 2) as never })).message).toMatch(/kernel: expected int/);
    expect(new Block({ se: floatValue(0.1, 0.5) }).se).toBeInstanceOf(FloatValue);
  });

  it('samples inside the range; log is dense near min, rlog near max', () => {
    const random = makeRandom('scales');
    const draw = (scale: 'linear' | 'log' | 'rlog'): number[] => {
      const space = { x: floatValue(0.001, 1, { scale }) };
      const spec = dnaSpec(space);
      return Array.from({ length: 400 }, () => materialize(space, randomDNA(spec, { random }), spec).x);
    };
    const below = (xs: number[], v: number): number => xs.filter((x) => x < v).length / xs.length;
    for (const scale of ['linear', 'log', 'rlog'] as const) {
      for (const x of draw(scale)) expect(x >= 0.001 && x <= 1).toBe(true);
    }
    expect(below(draw('linear'), 0.1)).toBeLessThan(0.2);
    expect(below(draw('log'), 0.1)).toBeGreaterThan(0.5);
    expect(below(draw('rlog'), 0.9)).toBeLessThan(0.5); // mirror of log: ~2/3 above 0.9
  });

  it('rejects an out-of-range or non-number float in DNA, naming the point', () => {
    const space = { a: oneOf([1, 2]), se: floatValue(0, 0.5) };
    expect(materialize(space, [1, 0.5])).toEqual({ a: 2, se: 0.5 });
    const error = thrown(() => materialize(space, [1, 0.75]));
    expect(error).toBeInstanceOf(SymbolicError);
    expect(error.message).toBe('se: float 0.75 out of range [0, 0.5]');
    expect((error as SymbolicError).path).toBe('se');
    expect(thrown(() => materialize(space, [1, NaN])).message).toMatch(/^se: float/);
  });
});
