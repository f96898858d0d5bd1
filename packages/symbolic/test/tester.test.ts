/** `spec.tester()` is a compiled `spec.accepts`: the two agree on every value. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { oneOf, t, type AnySpec } from '@tsglove/symbolic';

const bound = fc.option(fc.constantFrom(-3, -0.5, 0, 1, 2.5, 10), { nil: undefined });
/** Bounds in order (either may be absent). */
const bounds = fc
  .tuple(bound, bound)
  .map(([a, b]) => (a !== undefined && b !== undefined ? { min: Math.min(a, b), max: Math.max(a, b) } : { min: a, max: b }));
const base: fc.Arbitrary<AnySpec> = fc.oneof(
  fc.constant(t.bool()),
  bounds.map((r) => t.int(r)),
  bounds.map((r) => t.float(r)),
  fc.constant(t.number({ min: 0 })),
  fc.constant(t.str()),
  fc.constant(t.str({ regex: /^a/ })),
  fc.constant(t.enum(['x', 'y'] as const)),
  fc.constant(t.enum([1, null, true] as const)),
  fc.constant(t.list(t.int())),
);
const spec: fc.Arbitrary<AnySpec> = fc
  .tuple(base, fc.constantFrom('plain', 'optional', 'nullable', 'refined', 'transformed'))
  .map(([s, how]) => {
    switch (how) {
      case 'optional':
        return s.optional();
      case 'nullable':
        return s.nullable();
      case 'refined':
        return s.refine((v: unknown) => v !== 2);
      case 'transformed':
        return s.transform((v: unknown) => (v === 'two' ? 2 : v) as never);
      default:
        return s;
    }
  });
const value = fc.oneof(
  fc.constantFrom<unknown>(
    undefined,
    null,
    NaN,
    Infinity,
    -Infinity,
    0,
    -0,
    1,
    2,
    2.5,
    -3,
    11,
    'x',
    'y',
    'a1',
    'two',
    true,
    false,
    [],
    [1],
    {},
  ),
  fc.double(),
  fc.integer(),
  fc.string({ maxLength: 3 }),
);

describe('tester', () => {
  it('agrees with accepts on random specs and values', () => {
    fc.assert(
      fc.property(spec, value, (s, v) => {
        expect(s.tester()(v)).toBe(s.accepts(v));
      }),
      { numRuns: 3000 },
    );
  });

  it('sees defaults and hyper values as accepts does', () => {
    const s = t.int({ min: 1 }).default(3);
    expect(s.tester()(undefined)).toBe(true);
    expect(t.int({ min: 1 }).tester()(oneOf([1, 2]))).toBe(true);
    expect(t.int({ min: 1 }).tester()(oneOf([0, 2]))).toBe(false);
  });
});
