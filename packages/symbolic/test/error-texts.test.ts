/** Errors of the right class whose messages name the value and the fix (issue 16, item 7). */
import { describe, expect, it } from 'vitest';
import {
  JSONError,
  SymbolicError,
  dnaSpec,
  floatValue,
  iterate,
  materialize,
  oneOf,
  randomSample,
  toJSON,
  toJSONString,
} from '@tsglove/symbolic';

const space = () => ({ a: oneOf([1, 2]), b: oneOf([3, 4]), f: floatValue(0, 1) });

describe('error texts', () => {
  it('materialize with NaN names NaN (not "null"); with null it is a SymbolicError, not a TypeError', () => {
    expect(() => materialize(space(), [1, 1, NaN])).toThrow(SymbolicError);
    expect(() => materialize(space(), [1, 1, NaN])).toThrow('f: float NaN out of range [0, 1]');
    expect(() => materialize(space(), null as never)).toThrow(SymbolicError);
    expect(() => materialize(space(), null as never)).toThrow(
      'materialize: expected a DNA or an array of numbers (dna.toNumbers()), got null',
    );
  });

  it('toJSONString and toJSON of a cyclic object are a JSONError naming the cycle (no stack overflow)', () => {
    const cyclic: Record<string, unknown> = { a: 1, inner: { list: [0] } };
    ((cyclic.inner as Record<string, unknown>).list as unknown[]).push(cyclic);
    for (const write of [toJSONString, toJSON]) {
      expect(() => write(cyclic)).toThrow(JSONError);
      expect(() => write(cyclic)).toThrow('inner.list[1]: a cyclic reference (back to <root>)');
    }
  });

  it('iterate over a float says it cannot be enumerated, with or without a limit, and what to do instead', () => {
    for (const options of [{}, { limit: 3 }]) {
      expect(() => [...iterate(space(), options)]).toThrow(
        /^iterate: the space is infinite: f is a float in \[0, 1\], which cannot be enumerated \(with or without a limit\); draw examples with randomSample/,
      );
    }
    expect([...iterate({ a: oneOf([1, 2]) }, { limit: 1 })]).toEqual([{ a: 1 }]);
  });

  it('randomSample rejects a count that is not a whole number >= 0', () => {
    for (const count of [-1, 2.5, '3'])
      expect(() => randomSample(space(), { count: count as never })).toThrow(/randomSample: count must be a whole number of examples >= 0/);
    expect(randomSample(space(), { count: 0 })).toEqual([]);
  });
});

describe('duplicate decision names', () => {
  it('are an error at dnaSpec time, naming both decisions', () => {
    const dup = { a: oneOf([1, 2], { name: 'k' }), b: oneOf([3, 4], { name: 'k' }) };
    expect(() => dnaSpec(dup)).toThrow(SymbolicError);
    expect(() => dnaSpec(dup)).toThrow(
      'b: decision name "k" is also the name of a; decisions that can be chosen together need distinct names',
    );
    // nested: a decision inside a candidate and a sibling decision
    expect(() => dnaSpec({ a: oneOf([{ x: oneOf([1, 2], { name: 'k' }) }, 3]), b: floatValue(0, 1, { name: 'k' }) })).toThrow(
      /b: decision name "k" is also the name of a\[=0\/2\]\.x/,
    );
  });

  it('are allowed in different candidates of one choice (never chosen together)', () => {
    const spec = dnaSpec({ op: oneOf([{ k: oneOf([1, 3], { name: 'kernel' }) }, { k: oneOf([5, 7], { name: 'kernel' }) }]) });
    expect(spec.decisionPoints.filter((p) => p.name === 'kernel')).toHaveLength(2);
  });
});
