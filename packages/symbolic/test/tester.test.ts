/**
 * `spec.tester()` is a compiled `spec.accepts`: the two agree on every value; `fieldsTester(fields)`
 * fuses the testers of many fields and agrees with them field by field.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fieldsTester, oneOf, t, type AnySpec, type Fields } from '@tsglove/symbolic';

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
  fc.constant(t.enum([-0, "it's", '"q"\u2028'] as const)),
  fc.constant(t.float({ min: -Infinity, max: 0 }).default(-1)),
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
    "it's",
    '"q"\u2028',
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

/** What `fieldsTester` must return: the first field whose tester refuses its value. */
function firstRefused(fields: Fields, object: Record<string, unknown>, plainOnly: boolean): string | undefined {
  for (const [key, s] of Object.entries(fields)) {
    const v = object[key];
    if ((plainOnly && v !== null && typeof v === 'object') || !s.tester()(v)) return key;
  }
  return undefined;
}

const keys = ['a', 'b c', '0', 'd"e'];
const fieldsArb = fc
  .uniqueArray(fc.tuple(fc.constantFrom(...keys), spec), { maxLength: 4, selector: ([k]) => k })
  .map((entries) => Object.fromEntries(entries) as Fields);
const objectArb = fc.dictionary(fc.constantFrom(...keys, 'other'), fc.oneof(value, fc.constant(oneOf([1, 2]))), { maxKeys: 5 });

describe('fieldsTester', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("returns the first field whose spec refuses its value, as the fields' testers say", () => {
    fc.assert(
      fc.property(fieldsArb, objectArb, fc.boolean(), (fields, object, plainOnly) => {
        expect(fieldsTester(fields, { plainOnly })(object)).toBe(firstRefused(fields, object, plainOnly));
      }),
      { numRuns: 3000 },
    );
  });

  it('fills nothing and ignores keys that are not fields', () => {
    const test = fieldsTester({ rows: t.int({ min: 1 }), mode: t.enum(['os', 'ws'] as const).default('os') });
    expect(test({ rows: 2, extra: 'anything' })).toBeUndefined();
    expect(test({ rows: 0 })).toBe('rows');
    expect(test({ rows: 2, mode: 'is' })).toBe('mode');
    expect(test({})).toBe('rows');
  });

  it('refuses what is not an object of specs, naming the field', () => {
    expect(() => fieldsTester({ rows: t.int(), cols: 3 } as never)).toThrow(/^fieldsTester: fields\.cols: expected a value spec/);
    expect(() => fieldsTester(null as never)).toThrow(/expected an object of field specs/);
  });

  it('refuses hyper values only when asked for plain values', () => {
    const fields = { k: t.int() };
    expect(fieldsTester(fields)({ k: oneOf([1, 3]) })).toBeUndefined();
    expect(fieldsTester(fields, { plainOnly: true })({ k: oneOf([1, 3]) })).toBe('k');
  });

  it('works without code generation (a strict Content Security Policy), with the same answers', () => {
    vi.stubGlobal('Function', function refuse() {
      throw new EvalError('Code generation from strings disallowed for this context');
    });
    fc.assert(
      fc.property(fieldsArb, objectArb, fc.boolean(), (fields, object, plainOnly) => {
        expect(fieldsTester(fields, { plainOnly })(object)).toBe(firstRefused(fields, object, plainOnly));
      }),
      { numRuns: 500 },
    );
  });
});
