import { describe, expect, it } from 'vitest';
import { functor, t, toJSON, fromJSON, rebind, clone, eq, MISSING, ValidationError, SymObject, missingValues } from '@tsglove/symbolic';

const scale = functor('fn.scale', { x: t.float(), factor: t.float({ min: 0 }).default(2) }, ({ x, factor }) => x * factor);

describe('functor', () => {
  it('binds arguments now and calls with the rest later', () => {
    const f = new scale({ x: 3 });
    expect(f).toBeInstanceOf(SymObject);
    expect(f.call()).toBe(6);
    expect(f.call({ factor: 10 })).toBe(30);
    expect(f.x).toBe(3);
    const unbound = new scale();
    expect(unbound.x).toBe(MISSING);
    expect(missingValues(unbound)).toEqual({ x: 'float' });
    expect(unbound.call({ x: 1 })).toBe(2);
  });

  it('validates bound and call-time arguments, naming them', () => {
    expect(() => new scale({ factor: -1 })).toThrow('factor: expected float >= 0, got -1');
    const f = new scale({ x: 1 });
    expect(() => f.call({ factor: -1 })).toThrow(ValidationError);
    expect(() => f.call({ factor: -1 })).toThrow('factor: expected float >= 0, got -1');
    expect(() => new scale().call()).toThrow('x: missing required value (float)');
    expect(() => f.call({ y: 1 } as never)).toThrow('y: fn.scale has no argument "y"');
  });

  it('is a symbolic object: rebind, clone, eq and JSON work on its arguments', () => {
    const f = new scale({ x: 1 });
    rebind(f, { factor: 5 });
    expect(f.call()).toBe(5);
    expect(() => rebind(f, { factor: -5 })).toThrow('factor: expected float >= 0, got -5');
    expect(f.call()).toBe(5);
    expect(eq(clone(f), f)).toBe(true);
    expect(toJSON(f)).toEqual({ _type: 'fn.scale', x: 1, factor: 5 });
    const back = fromJSON(toJSON(f)) as typeof f;
    expect(back.call()).toBe(5);
    const partial = fromJSON(toJSON(new scale())) as typeof f;
    expect(partial.call({ x: 4 })).toBe(8);
  });

  it('call overrides do not change the bound arguments', () => {
    const f = new scale({ x: 2 });
    f.call({ x: 100 });
    expect(f.x).toBe(2);
  });
});
