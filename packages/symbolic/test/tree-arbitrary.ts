/**
 * A fast-check arbitrary of random symbolic trees for the property tests. It generates plain
 * descriptions (pure data, safe to reuse while shrinking); `build` turns one into a fresh tree of
 * three fixed symbolic classes (Leaf, Pair, Bag) plus Dict/List and plain objects/arrays/values.
 */
import fc from 'fast-check';
import { symbolic, t, Dict, List, type SymbolicNode } from '@tsglove/symbolic';

export class Leaf extends symbolic('prop.Leaf', {
  i: t.int({ min: -100, max: 100 }),
  s: t.str(),
  f: t.float().optional(),
  b: t.bool().default(false),
}) {}

export class Pair extends symbolic('prop.Pair', {
  left: t.any(),
  right: t.any().nullable(),
  tag: t.enum(['a', 'b', 'c']),
}) {}

export class Bag extends symbolic('prop.Bag', {
  items: t.list(t.any()),
  props: t.record(t.any()).default({}),
}) {}

/** A tree description. */
export type Desc =
  | { k: 'prim'; v: number | string | boolean | null }
  | { k: 'leaf'; i: number; s: string; f: number | undefined; b: boolean }
  | { k: 'pair'; left: Desc; right: Desc; tag: 'a' | 'b' | 'c' }
  | { k: 'bag'; items: Desc[]; props: Array<[string, Desc]> }
  | { k: 'list'; items: Desc[]; symbolic: boolean }
  | { k: 'dict'; entries: Array<[string, Desc]>; symbolic: boolean };

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype', '_type']);

/** Dict keys, including ones that need quoting in paths (`a b`, `x.y`, `0`, `"`, `\`). */
export const keyArb = fc
  .oneof(
    fc.constantFrom('a', 'b', 'kernel', 'x1', '_y', '$z', 'symSpec', 'symPath', 'length'),
    fc.string({ unit: fc.constantFrom('a', 'b', '0', '.', '[', ']', '"', '\\', ' ', 'é'), maxLength: 4 }),
  )
  .filter((k) => !FORBIDDEN.has(k));

const primArb: fc.Arbitrary<Desc> = fc
  .oneof(
    fc.integer({ min: -1000, max: 1000 }),
    fc.double({ noDefaultInfinity: false }),
    fc.string({ maxLength: 6 }),
    fc.boolean(),
    fc.constant(null),
  )
  .map((v) => ({ k: 'prim', v }));

const leafArb: fc.Arbitrary<Desc> = fc.record({
  k: fc.constant('leaf' as const),
  i: fc.integer({ min: -100, max: 100 }),
  s: fc.string({ maxLength: 5 }),
  f: fc.option(fc.double({ noNaN: true }), { nil: undefined }),
  b: fc.boolean(),
});

const entriesArb = (d: fc.Arbitrary<Desc>): fc.Arbitrary<Array<[string, Desc]>> =>
  fc.uniqueArray(fc.tuple(keyArb, d), { maxLength: 4, selector: ([k]) => k });

/** Random tree descriptions; the root is always a node (symbolic object, Dict or List). */
export const descArb: fc.Arbitrary<Desc> = fc.letrec<{ any: Desc; node: Desc }>((tie) => ({
  any: fc.oneof({ depthSize: 'small', withCrossShrink: true }, primArb, leafArb, tie('node')),
  node: fc.oneof(
    { depthSize: 'small' },
    leafArb,
    fc.record({
      k: fc.constant('pair' as const),
      left: tie('any'),
      right: tie('any'),
      tag: fc.constantFrom('a', 'b', 'c') as fc.Arbitrary<'a' | 'b' | 'c'>,
    }),
    fc.record({ k: fc.constant('bag' as const), items: fc.array(tie('any'), { maxLength: 4 }), props: entriesArb(tie('any')) }),
    fc.record({ k: fc.constant('list' as const), items: fc.array(tie('any'), { maxLength: 4 }), symbolic: fc.boolean() }),
    fc.record({ k: fc.constant('dict' as const), entries: entriesArb(tie('any')), symbolic: fc.boolean() }),
  ),
})).node;

function plainObject(entries: Array<[string, unknown]>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  return out;
}

/** Builds a fresh value from a description (inner plain objects/arrays become Dict/List when stored). */
export function buildValue(d: Desc): unknown {
  switch (d.k) {
    case 'prim':
      return d.v;
    case 'leaf':
      return new Leaf(d.f === undefined ? { i: d.i, s: d.s, b: d.b } : { i: d.i, s: d.s, f: d.f, b: d.b });
    case 'pair':
      return new Pair({ left: buildValue(d.left), right: buildValue(d.right), tag: d.tag });
    case 'bag':
      return new Bag({ items: d.items.map(buildValue), props: plainObject(d.props.map(([k, v]) => [k, buildValue(v)])) });
    case 'list':
      return d.symbolic ? List.make(d.items.map(buildValue)) : d.items.map(buildValue);
    case 'dict': {
      const obj = plainObject(d.entries.map(([k, v]) => [k, buildValue(v)]));
      return d.symbolic ? new Dict(obj) : obj;
    }
  }
}

/** Builds a root node: plain roots are wrapped as Dict/List. */
export function build(d: Desc): SymbolicNode {
  const v = buildValue(d);
  if (Array.isArray(v) && !(v instanceof List)) return List.make(v) as unknown as SymbolicNode;
  if (v && typeof v === 'object' && !(v instanceof List) && Object.getPrototypeOf(v) === Object.prototype)
    return new Dict(v as Record<string, unknown>) as unknown as SymbolicNode;
  return v as SymbolicNode;
}
