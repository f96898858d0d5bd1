import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  t,
  symbolic,
  functor,
  symbolize,
  rebind,
  toJSON,
  fromJSON,
  type Dict,
  List,
  SymbolicError,
  ValidationError,
  PathError,
  type Infer,
  type InferInput,
} from '@tsglove/symbolic';

describe('t.tuple', () => {
  const pair = t.tuple([t.int({ min: 0 }), t.str()]);
  it('checks each position and its length; the positions are typed', () => {
    const v = pair.parse([1, 'a']);
    expect(v).toBeInstanceOf(List);
    expectTypeOf(v[0]).toEqualTypeOf<number>();
    expectTypeOf(v[1]).toEqualTypeOf<string>();
    expect(() => pair.parse([1, 2])).toThrow('[1]: expected str, got 2');
    expect(() => pair.parse([1])).toThrow('expected tuple [int >= 0, str], got 1 items');
    expect(() => t.tuple([])).toThrow('t.tuple needs at least one position');
  });
  it('rebinds per position; elements cannot be added or removed', () => {
    class P extends symbolic('more.P', { xy: t.tuple([t.int(), t.enum(['a', 'b'])]) }) {}
    const p = new P({ xy: [1, 'a'] });
    rebind(p, { 'xy[1]': 'b' });
    expect([...p.xy]).toEqual([1, 'b']);
    expectTypeOf(p.xy[0]).toEqualTypeOf<number>();
    expectTypeOf(p.xy[1]).toEqualTypeOf<'a' | 'b'>();
    expect(() => rebind(p, { 'xy[0]': 'b' } as never)).toThrow('xy[0]: expected int, got "b"');
    expect(() => p.xy.push(3 as never)).toThrow('list is full');
    expect(() => p.xy.pop()).toThrow('cannot shrink');
    expect(toJSON(fromJSON(toJSON(p)))).toEqual({ _type: 'more.P', xy: [1, 'b'] });
  });
});

describe('t.number, t.type, t.functor', () => {
  it('t.number takes integers and floats within bounds', () => {
    const n = t.number({ min: 0, max: 1 });
    expect(n.parse(1)).toBe(1);
    expect(n.parse(0.5)).toBe(0.5);
    expect(() => n.parse(2)).toThrow('expected number in [0, 1], got 2');
    expect(n.kind).toBe('number');
  });
  it('t.type takes the class or a subclass, not an instance', () => {
    class Base {}
    class Sub extends Base {}
    const spec = t.type(Base);
    expect(spec.parse(Sub)).toBe(Sub);
    expectTypeOf<Infer<typeof spec>>().toEqualTypeOf<typeof Base>();
    expect(() => spec.parse(new Base())).toThrow('expected type Base (or a subclass), got Base(...)');
    expect(() => spec.parse(Map)).toThrow('got class Map');
  });
  it('t.functor takes symbolic functions, optionally of one name', () => {
    const double = functor('more.double', { x: t.int() }, ({ x }) => x * 2);
    function triple(x: number): number {
      return x * 3;
    }
    const Triple = symbolize(triple, undefined, { name: 'more.triple' });
    class Holder extends symbolic('more.Holder', { fn: t.functor<number>(), only: t.functor('more.double').optional() }) {}
    const h = new Holder({ fn: new Triple({ x: 2 }), only: new double({ x: 1 }) });
    expect(h.fn.call()).toBe(6);
    expectTypeOf(h.fn.call()).toEqualTypeOf<number>();
    expect(() => new Holder({ fn: (() => 1) as never })).toThrow('fn: expected functor, got function');
    expect(() => new Holder({ fn: new double({ x: 1 }), only: new Triple({ x: 1 }) as never })).toThrow(
      'only: expected functor more.double',
    );
  });
});

describe('freeze, transform, refine', () => {
  it('freeze fixes a value: omittable, and any other value is refused', () => {
    class Conv extends symbolic('more.Conv', { kind: t.str().freeze('conv'), k: t.int() }) {}
    const c = new Conv({ k: 3 });
    expect(c.kind).toBe('conv');
    expect(new Conv({ k: 3, kind: 'conv' }).kind).toBe('conv');
    expect(() => new Conv({ k: 3, kind: 'pool' })).toThrow('kind: this value is frozen at "conv", got "pool"');
    expect(() => rebind(c, { kind: 'x' })).toThrow(ValidationError);
    expect(t.str().freeze('a').frozen).toEqual({ value: 'a' });
  });
  it('transform converts before validation', () => {
    const n = t.int({ min: 0 }).transform((s: string) => Number.parseInt(s, 10));
    expect(n.parse('42')).toBe(42);
    expectTypeOf<string>().toMatchTypeOf<InferInput<typeof n>>();
    expect(() => n.parse('-1')).toThrow('expected int >= 0, got -1');
    const bad = t.int().transform(() => {
      throw new Error('nope');
    });
    expect(() => bad.parse(1)).toThrow('transform failed on 1: nope');
  });
  it('refine adds a user validator (false, or a message)', () => {
    const even = t.int().refine((v) => v % 2 === 0, 'must be even');
    expect(even.parse(4)).toBe(4);
    expect(() => even.parse(3)).toThrow('must be even');
    const sized = t.list(t.int()).refine((l) => (l.length === new Set(l).size ? true : 'items must be distinct'));
    expect(() => sized.parse([1, 1])).toThrow('<root>: items must be distinct');
    class Range extends symbolic('more.Range', { lo: t.int(), hi: t.int().refine((v) => v < 100 || `${v} is too large`) }) {}
    expect(() => new Range({ lo: 1, hi: 200 })).toThrow('hi: 200 is too large');
  });
});

describe('regex keys for t.dict', () => {
  const cfg = t.dict(
    { name: t.str() },
    {
      patterns: [
        [/^lr_/, t.float({ min: 0 })],
        [/^n_/, t.int()],
      ],
    },
  );
  it('accepts keys matching a pattern, typed by it', () => {
    const d = cfg.parse({ name: 'x', lr_head: 0.1, n_layers: 3 }) as unknown as Dict;
    expect(d.symKeys()).toEqual(['name', 'lr_head', 'n_layers']);
    expect(() => cfg.parse({ name: 'x', lr_head: -1 })).toThrow('lr_head: expected float >= 0, got -1');
    expect(() => cfg.parse({ name: 'x', other: 1 })).toThrow(
      'other: unexpected key (allowed: name, keys matching /^lr_/, keys matching /^n_/)',
    );
    rebind(d, { lr_body: 0.5 });
    expect(d.lr_body).toBe(0.5);
    expect(() => rebind(d, { n_x: 0.5 })).toThrow('n_x: expected int, got 0.5');
    expect(() => rebind(d, { zzz: 1 })).toThrow(PathError);
    expect(() => t.dict({}, { patterns: [['x' as never, t.int()]] })).toThrow('patterns[0] must be [RegExp, spec]');
  });
});

describe('contradictory specs fail when made', () => {
  it('names the contradiction and the fix', () => {
    expect(() => t.int({ min: 5, max: 1 })).toThrow('t.int: min 5 is greater than max 1, so no value fits; swap them or widen the range');
    expect(() => t.float({ min: 1, max: 0 })).toThrow(SymbolicError);
    expect(() => t.number({ min: Number.NaN })).toThrow('min must be a number, got NaN');
    expect(() => t.list(t.int(), { minSize: 3, maxSize: 2 })).toThrow('t.list: minSize 3 is greater than maxSize 2');
    expect(() => t.list(t.int(), { minSize: -1 })).toThrow('minSize must be a non-negative integer');
    expect(() => t.int({ min: 1, max: 1 })).not.toThrow();
  });
});
