import { describe, expect, expectTypeOf, it } from 'vitest';
import fc from 'fast-check';
import {
  symbolize,
  compound,
  inferParameters,
  t,
  oneOf,
  dnaSpec,
  materialize,
  rebind,
  toJSON,
  fromJSON,
  clone,
  eq,
  symbolic,
  ValidationError,
  SymObject,
} from '@tsglove/symbolic';

// A "third-party" class and functions: nothing symbolic about them.
class Dense {
  constructor(readonly args: { units: number; activation?: string }) {}
}
class Point {
  constructor(
    readonly x: number,
    readonly y = 0,
  ) {}
}
function scale(x: number, factor = 2, label = 'scaled'): string {
  return `${label}:${x * factor}`;
}
const layerFn = ({ units, act = 'relu' }: { units: number; act?: string }): string => `${units}/${act}`;

describe('inferParameters', () => {
  it('reads names, literal defaults, rest and object patterns from the source', () => {
    expect(inferParameters(scale)).toEqual([
      { name: 'x', hasDefault: false },
      { name: 'factor', hasDefault: true, literalDefault: 2 },
      { name: 'label', hasDefault: true, literalDefault: 'scaled' },
    ]);
    expect(inferParameters(Point)!.map((p) => p.name)).toEqual(['x', 'y']);
    const pattern = inferParameters(layerFn)!;
    expect(pattern).toHaveLength(1);
    expect(pattern[0]!.properties!.map((p) => [p.name, p.literalDefault])).toEqual([
      ['units', undefined],
      ['act', 'relu'],
    ]);
    expect(inferParameters((a: number, ...rest: number[]) => a + rest.length)!.map((p) => [p.name, !!p.rest])).toEqual([
      ['a', false],
      ['rest', true],
    ]);
    expect(inferParameters((x: unknown) => x)).toEqual([{ name: 'x', hasDefault: false }]);
    expect(inferParameters(Math.max)).toBeNull();
    // A computed default (not a literal) is noted, not evaluated; strings with commas and parens are skipped.
    const tricky = (a = 'x, (y)', b = [1, 2].length, c = { d: 1 }) => [a, b, c];
    expect(inferParameters(tricky)!.map((p) => [p.name, p.hasDefault, p.literalDefault])).toEqual([
      ['a', true, 'x, (y)'],
      ['b', true, undefined],
      ['c', true, undefined],
    ]);
  });

  it('finds a class constructor, or the parent constructor when a class has none', () => {
    class Child extends Point {
      norm(): number {
        return Math.hypot(this.x, this.y);
      }
    }
    expect(inferParameters(Child)!.map((p) => p.name)).toEqual(['x', 'y']);
    class Empty {}
    expect(inferParameters(Empty)).toEqual([]);
  });

  it('never throws on any function source (fast-check over generated parameter lists)', () => {
    const ident = fc.constantFrom('a', 'b', 'units', 'x1', '$k', '_y');
    const literal = fc.oneof(fc.integer(), fc.constantFrom('true', 'false', 'null', "'s,(t)'", '"q"', '[1, 2]', '{ a: 1 }', '() => 1'));
    const param = fc.tuple(ident, fc.option(literal, { nil: undefined }));
    fc.assert(
      fc.property(fc.uniqueArray(param, { selector: (p) => p[0], maxLength: 5 }), (params) => {
        const list = params.map(([n, d]) => (d === undefined ? n : `${n} = ${d}`)).join(', ');
        const fn = new Function(`return function f(${list}) { return 0; }`)() as (...args: unknown[]) => unknown;
        const got = inferParameters(fn)!;
        expect(got.map((p) => p.name)).toEqual(params.map((p) => p[0]));
        got.forEach((p, i) => expect(p.hasDefault).toBe(params[i]![1] !== undefined));
      }),
    );
  });
});

describe('symbolize a function', () => {
  const Scale = symbolize(scale);

  it('infers positional arguments and literal defaults; call passes them in order', () => {
    const f = new Scale({ x: 3 });
    expect(f).toBeInstanceOf(SymObject);
    expect(f.call()).toBe('scaled:6');
    expect(f.call({ factor: 10 })).toBe('scaled:30');
    expect(f.factor).toBe(2); // the literal default is a field default
    expect(Scale.argsMode).toBe('positional');
    expect(Scale.target).toBe(scale);
    expect(symbolize(scale)).toBe(Scale); // one class per function and name
  });

  it('is a symbolic object: rebind, JSON, clone and search over its arguments', () => {
    const f = new Scale({ x: oneOf([1, 2, 3]) });
    expect(dnaSpec(f).decisionPoints.map((p) => p.id)).toEqual(['x']);
    const child = materialize(f, [2]);
    expect(child.call()).toBe('scaled:6');
    rebind(child, { label: 'y' });
    expect(child.call()).toBe('y:6');
    const back = fromJSON(toJSON(child)) as typeof child;
    expect(back.call()).toBe('y:6');
    expect(eq(clone(child), child)).toBe(true);
  });

  it('an object pattern parameter gives one field per property and one object argument', () => {
    const Layer = symbolize(layerFn, undefined, { name: 'sym.layerFn' });
    expect(Layer.argsMode).toBe('object');
    expect(new Layer({ units: 8 }).call()).toBe('8/relu');
    expect(new Layer({ units: 8, act: 'gelu' }).call()).toBe('8/gelu');
  });

  it('explicit fields type and validate the arguments', () => {
    const Typed = symbolize(scale, { x: t.float({ min: 0 }), factor: t.float().default(2) }, { name: 'sym.scaleTyped' });
    const f = new Typed({ x: 1 });
    expectTypeOf(f.x).toEqualTypeOf<number>();
    expectTypeOf(f.call()).toEqualTypeOf<string>();
    expect(f.call({ factor: 3 })).toBe('scaled:3');
    expect(() => new Typed({ x: -1 })).toThrow('x: expected float >= 0, got -1');
    expect(() => f.call({ nope: 1 } as never)).toThrow('nope: sym.scaleTyped has no argument "nope" (arguments: x, factor)');
    expect(() => new Typed().call()).toThrow(ValidationError);
  });

  it('refuses what it cannot read with a message that says what to do', () => {
    expect(() => symbolize(Math.max)).toThrow('symbolize(max): cannot read its parameters (native or bound code); give the fields');
    expect(() =>
      symbolize(
        (
          () => (x: number) =>
            x
        )(),
      ),
    ).toThrow('an anonymous function needs a name');
  });
});

describe('symbolize a class', () => {
  it('a factory: bound constructor arguments, create() builds the real object', () => {
    const SymPoint = symbolize(Point);
    const p = new SymPoint({ x: 3 });
    const made = p.create();
    expect(made).toBeInstanceOf(Point);
    expect([made.x, made.y]).toEqual([3, 0]);
    expectTypeOf(made).toEqualTypeOf<Point>();
  });

  it('puts oneOf into the arguments of a class it did not write (one args object, like TF.js layers)', () => {
    const SymDense = symbolize(Dense, { units: t.int({ min: 1 }), activation: t.enum(['relu', 'tanh']).optional() });
    expect(SymDense.argsMode).toBe('object'); // constructor(args): `args` is not a field
    const space = new SymDense({ units: oneOf([16, 32, 64]), activation: oneOf(['relu', 'tanh']) });
    expect(dnaSpec(space).spaceSize).toBe(6);
    const layer = materialize(space, [2, 1]).create();
    expect(layer).toBeInstanceOf(Dense);
    expect(layer.args).toEqual({ units: 64, activation: 'tanh' });
    expect(() => new SymDense({ units: 0 })).toThrow('units: expected int >= 1, got 0');
  });

  it('creates nested factories first and passes plain arrays and objects', () => {
    class Sequential {
      constructor(
        readonly layers: unknown[],
        readonly meta: Record<string, unknown> = {},
      ) {}
    }
    const SymSeq = symbolize(Sequential, undefined, { name: 'sym.Sequential' });
    const SymPoint = symbolize(Point);
    const seq = new SymSeq({ layers: [new SymPoint({ x: 1 }), new SymPoint({ x: 2, y: 5 })], meta: { a: [1] } }).create();
    expect(seq.layers.every((l) => l instanceof Point)).toBe(true);
    expect(Array.isArray(seq.layers) && seq.layers.constructor).toBe(Array);
    expect(Object.getPrototypeOf(seq.meta)).toBe(Object.prototype);
    expect(seq.meta).toEqual({ a: [1] });
  });
});

describe('compound', () => {
  class Conv extends symbolic('sym.Conv', { filters: t.int(), kernel: t.int().default(3) }) {}
  class Seq extends symbolic('sym.Seq', { layers: t.list(t.object(Conv)) }) {}
  const ResBlock = compound(
    'sym.ResBlock',
    { filters: t.int({ min: 1 }), kernel: t.int().default(3) },
    ({ filters, kernel }) => new Seq({ layers: [new Conv({ filters, kernel }), new Conv({ filters, kernel: 1 })] }),
  );

  it('is defined by an expression over other symbolic classes and rebuilt after a change', () => {
    const block = new ResBlock({ filters: 16 });
    expectTypeOf(block.decomposed).toEqualTypeOf<Seq>();
    expect(block.decomposed.layers.map((l) => l.filters)).toEqual([16, 16]);
    expect(block.decomposed).toBe(block.decomposed); // cached
    rebind(block, { kernel: 5 });
    expect(block.decomposed.layers[0]!.kernel).toBe(5);
    expect(() => new ResBlock({ filters: 0 })).toThrow('filters: expected int >= 1, got 0');
  });

  it('with { base }, the base class fields read through to the decomposed value', () => {
    const Wide = compound('sym.Wide', { filters: t.int() }, ({ filters }) => new Seq({ layers: [new Conv({ filters: filters * 2 })] }), {
      base: Seq,
    });
    const w = new Wide({ filters: 4 });
    expectTypeOf(w.layers).toEqualTypeOf<Seq['layers']>();
    expect(w.layers[0]!.filters).toBe(8);
    rebind(w, { filters: 5 });
    expect(w.layers[0]!.filters).toBe(10);
    const Wrong = compound('sym.Wrong', { x: t.int() }, () => new Conv({ filters: 1 }) as unknown as Seq, { base: Seq });
    expect(() => new Wrong({ x: 1 }).decomposed).toThrow('sym.Wrong: build returned a Conv, not a Seq');
    expect(() => compound('sym.Bad', {}, () => 1, { base: Map as never })).toThrow('base must be a symbolic class');
  });

  it('is a search space over the compound parameters', () => {
    const space = new ResBlock({ filters: oneOf([8, 16]), kernel: oneOf([3, 5]) });
    const child = materialize(space, [1, 1]);
    expect(child.decomposed.layers.map((l) => [l.filters, l.kernel])).toEqual([
      [16, 5],
      [16, 1],
    ]);
    expect((fromJSON(toJSON(child)) as typeof child).decomposed.layers[0]!.filters).toBe(16);
  });
});
