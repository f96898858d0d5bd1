// evolve, user-defined decision points, and dynamic evaluation (define-by-run spaces).
import { describe, expect, it } from 'vitest';
import {
  CustomHyper,
  CustomPoint,
  DNA,
  DynamicEvaluationContext,
  Evolvable,
  SymbolicError,
  ValidationError,
  custom,
  dnaSpec,
  evolve,
  floatValue,
  iterate,
  makeRandom,
  manyOf,
  materialize,
  oneOf,
  randomDNA,
  trace,
  type CustomDNAValue,
  type Random,
} from '@tsglove/symbolic';
import { Block, Stage } from './fixtures.js';

/** A custom decision point: an even number 0, 2, ..., 2(n-1); the DNA holds the half. */
class EvenInt extends CustomHyper<number> {
  constructor(
    readonly n: number,
    options = {},
  ) {
    super(options);
  }
  decode(value: CustomDNAValue): number {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value >= this.n) {
      throw new SymbolicError(`EvenInt: bad DNA value ${value}`);
    }
    return 2 * value;
  }
  random(random: Random): CustomDNAValue {
    return Math.floor(random() * this.n);
  }
  override first(): CustomDNAValue {
    return 0;
  }
  override next(value: CustomDNAValue): CustomDNAValue | null {
    return (value as number) + 1 < this.n ? (value as number) + 1 : null;
  }
  override get spaceSize(): number {
    return this.n;
  }
}

/** A custom point that cannot be enumerated (only random/decode). */
class Word extends CustomHyper<string> {
  decode(value: CustomDNAValue): string {
    return String(value);
  }
  random(random: Random): CustomDNAValue {
    return random() < 0.5 ? 'yes' : 'no';
  }
}

describe('custom decision points', () => {
  it('take part in spaceSize, grid order, numbers and materialize', () => {
    const space = { a: oneOf(['x', 'y']), e: custom(new EvenInt(3, { name: 'even' })) };
    const spec = dnaSpec(space);
    const point = spec.elements[1] as CustomPoint;
    expect(point).toBeInstanceOf(CustomPoint);
    expect([point.kind, point.id, point.name]).toEqual(['custom', 'e', 'even']);
    expect(spec.spaceSize).toBe(6);
    expect([...iterate(space)].map((v) => `${v.a}${v.e}`)).toEqual(['x0', 'x2', 'x4', 'y0', 'y2', 'y4']);
    expect(materialize(space, [1, 2])).toEqual({ a: 'y', e: 4 });
    expect(spec.fromNumbers([1, 2]).toDict({ key: 'name', value: 'literal' })).toEqual({ a: 'y', even: 4 });
    expect(() => materialize(space, [1, 7])).toThrow(/EvenInt: bad DNA value 7/);
    for (let i = 0; i < 20; i++) expect([0, 2, 4]).toContain(materialize(space, randomDNA(spec, { seed: i })).e);
  });

  it('a decoded value the field rejects fails materialize with the full path', () => {
    const stage = new Stage({ blocks: [new Block({ kernel: 3 }), new Block({ kernel: custom(new EvenInt(10)) })] });
    expect(materialize(stage, [4]).blocks[1]!.kernel).toBe(8);
    let error: unknown;
    try {
      materialize(stage, [9]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(/blocks\[1\]\.kernel: expected int in \[1, 11\], got 18/);
  });

  it('a non-enumerable one has infinite size and says so when iterated', () => {
    const space = { w: custom(new Word()) };
    expect(dnaSpec(space).spaceSize).toBe(Infinity);
    expect(() => [...iterate(space, { limit: 3 })]).toThrow(/Word: this custom decision point cannot be enumerated/);
    const dna = randomDNA(dnaSpec(space), { seed: 1 });
    expect(['yes', 'no']).toContain(materialize(space, dna).w);
    expect(dna.toJSON()).toEqual([null, expect.any(String)]);
    // A string custom value keeps its place in the flat numbers (as PyGlove's to_numbers) and reads back.
    const numbers = dna.toNumbers<number | string>();
    expect(numbers).toEqual([dna.children[0]!.value]);
    expect(DNA.fromNumbers(numbers, dnaSpec(space)).equals(dna)).toBe(true);
    expect(() => dnaSpec(space).validate(DNA.fromJSON([null, null]))).toThrow(/^w: custom decision needs a number or string, got null/);
  });
});

describe('evolve', () => {
  const grow = (v: number[], random: Random): number[] => [...v, Math.floor(random() * 10)];

  it('starts at the initial value; mutate changes it step by step', () => {
    const space = { layers: evolve([1], grow, { name: 'layers' }), k: oneOf([3, 5]) };
    const spec = dnaSpec(space);
    expect(spec.spaceSize).toBe(Infinity);
    const first = spec.firstDNA();
    expect(materialize(space, first)).toEqual({ layers: [1], k: 3 });
    const point = spec.elements[0] as CustomPoint;
    expect(point.hyper).toBeInstanceOf(Evolvable);
    const random = makeRandom(5);
    let value = first.children[0]!.value!;
    for (let i = 0; i < 3; i++) value = point.hyper.mutate(value, random);
    const grown = materialize(space, new DNA(null, [new DNA(value), new DNA(1)]));
    expect(grown.layers).toHaveLength(4);
    expect(grown.layers[0]).toBe(1);
    expect(grown.k).toBe(5);
    expect(() => materialize(space, new DNA(null, [new DNA(3), new DNA(0)]))).toThrow(/evolve \(layers\): DNA value must be a JSON string/);
  });

  it('comes back as plain values in a plain space', () => {
    const space = { layers: evolve([1, { w: 2 }], (v) => v) };
    const out = materialize(space, dnaSpec(space).firstDNA());
    expect(Array.isArray(out.layers)).toBe(true);
    expect(Object.getPrototypeOf(out.layers)).toBe(Array.prototype);
    expect(Object.getPrototypeOf(out.layers[1])).toBe(Object.prototype);
    expect(out).toEqual({ layers: [1, { w: 2 }] });
  });

  it('evolves symbolic objects, keeping their class', () => {
    const space = { block: evolve(new Block({ kernel: 3 }), (b) => new Block({ kernel: b.kernel + 2 })) };
    const point = dnaSpec(space).elements[0] as CustomPoint;
    const mutated = point.hyper.mutate(point.hyper.first(), Math.random);
    const out = materialize(space, new DNA(null, [new DNA(mutated)]));
    expect(out.block).toBeInstanceOf(Block);
    expect(out.block.kernel).toBe(5);
    expect(out.block.area()).toBe(25);
  });
});

describe('dynamic evaluation', () => {
  const program = (): string => {
    const width = oneOf([16, 32, 64], { name: 'width' });
    const ops = manyOf(2, ['conv', 'pool', 'id'], { name: 'ops' });
    const drop = floatValue(0, 0.5, { name: 'drop' });
    const again = oneOf([16, 32, 64], { name: 'width' }); // the same named decision: shared
    return `${width}/${again} ${ops.join('+')} ${drop}`;
  };

  it('collect runs the program with first choices and records each decision once', () => {
    const ctx = new DynamicEvaluationContext();
    expect(ctx.collect(program)).toBe('16/16 conv+pool 0');
    expect(Object.keys(ctx.decisions)).toEqual(['width', 'ops', 'drop']);
    const spec = ctx.dnaSpec;
    expect(spec.decisionPoints.map((p) => [p.id, p.kind])).toEqual([
      ['width', 'choice'],
      ['ops', 'choice'],
      ['drop', 'float'],
    ]);
  });

  it('apply runs it with the decisions of a DNA, numbers or decided values', () => {
    const ctx = trace(program);
    expect(ctx.apply([2, 2, 0, 0.25], program)).toBe('64/64 id+conv 0.25');
    const dna = DNA.fromNumbers([1, 1, 2, 0.5], ctx.dnaSpec);
    expect(ctx.apply(dna, program)).toBe('32/32 pool+id 0.5');
    expect(ctx.decide(dna)).toEqual({ width: 32, ops: ['pool', 'id'], drop: 0.5 });
    expect(ctx.apply({ width: 16, ops: ['id', 'pool'], drop: 0.1 }, program)).toBe('16/16 id+pool 0.1');
    expect(() => ctx.apply([3, 0, 1, 0.1], program)).toThrow(/^width: candidate index 3 out of range/);
  });

  it('unnamed decisions are numbered in call order', () => {
    const fn = (): number => oneOf([1, 2]) * 10 + oneOf([3, 4, 5]);
    const ctx = trace(fn);
    expect(Object.keys(ctx.decisions)).toEqual(['decision_0', 'decision_1']);
    expect(ctx.dnaSpec.spaceSize).toBe(6);
    expect(ctx.apply([1, 2], fn)).toBe(25);
    // calls outside any context build hyper values again
    expect(typeof oneOf([1, 2])).toBe('object');
  });

  it('a decision apply never saw in collect is an error naming it', () => {
    const ctx = trace(program);
    const other = (): number => oneOf([1, 2], { name: 'depth' });
    expect(() => ctx.apply([0, 0, 1, 0], other)).toThrow(/dynamic evaluation: decision "depth" was not seen when the space was traced/);
  });

  it('a name reused for a different decision is an error', () => {
    const clash = (): void => {
      oneOf([1, 2], { name: 'w' });
      oneOf([1, 2, 3], { name: 'w' });
    };
    expect(() => trace(clash)).toThrow(/decision "w" was defined twice differently/);
  });

  it('custom decision points and evolve work inside a context', () => {
    const fn = (): string => `${custom(new EvenInt(4, { name: 'e' }))}`;
    const ctx = trace(fn);
    expect(ctx.dnaSpec.spaceSize).toBe(4);
    expect(ctx.apply([3], fn)).toBe('6');
  });
});
