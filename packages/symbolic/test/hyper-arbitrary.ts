/**
 * fast-check arbitraries of random search spaces: nested oneOf / manyOf (distinct and sorted
 * variants) / floatValue / plain objects / arrays, a few levels deep with small candidate counts.
 * A space is generated as a plain descriptor (so failures print readably) and built fresh with
 * {@link buildSpace}; {@link bruteForceDNA} enumerates its DNA independently of src/dna.
 */
import fc from 'fast-check';
import { floatValue, isHyper, manyOf, oneOf, symbolic, t, traverse, type DNAJSON } from '@tsglove/symbolic';

/** A symbolic class to hold sub-spaces (materialize must rebuild it as a new, validated instance). */
export class Pair extends symbolic('test.arbitrary.Pair', { left: t.any(), right: t.any() }) {}

/** A space descriptor. */
export type Desc =
  | { t: 'lit'; v: number | string }
  | { t: 'obj'; fields: Desc[] }
  | { t: 'arr'; items: Desc[] }
  | { t: 'sym'; left: Desc; right: Desc }
  | { t: 'one'; cands: Desc[] }
  | { t: 'many'; k: number; distinct: boolean; sorted: boolean; cands: Desc[] }
  | { t: 'float'; min: number; max: number; scale: 'linear' | 'log' | 'rlog' };

/** Random space descriptors; `floats: false` keeps every space finite. */
export function spaceArb(options: { floats?: boolean; maxDepth?: number } = {}): fc.Arbitrary<Desc> {
  const maxDepth = options.maxDepth ?? 3;
  const lit = fc.oneof(fc.integer({ min: -5, max: 5 }), fc.constantFrom('a', 'b', 'c')).map((v): Desc => ({ t: 'lit', v }));
  const float = fc
    .tuple(
      fc.constantFrom('linear', 'log', 'rlog') as fc.Arbitrary<'linear' | 'log' | 'rlog'>,
      fc.double({ min: 0.01, max: 10, noNaN: true }),
      fc.double({ min: 0, max: 10, noNaN: true }),
    )
    .map(([scale, min, width]): Desc => ({ t: 'float', min, max: min + width, scale }));
  const { node } = fc.letrec<{ node: Desc }>((tie) => {
    const sub = tie('node');
    const cands = fc.array(sub, { minLength: 1, maxLength: 3 });
    const kinds: Array<fc.Arbitrary<Desc>> = [
      lit,
      fc.array(sub, { minLength: 1, maxLength: 3 }).map((fields): Desc => ({ t: 'obj', fields })),
      fc.array(sub, { minLength: 1, maxLength: 2 }).map((items): Desc => ({ t: 'arr', items })),
      fc.tuple(sub, sub).map(([left, right]): Desc => ({ t: 'sym', left, right })),
      cands.map((c): Desc => ({ t: 'one', cands: c })),
      fc.tuple(cands, fc.boolean(), fc.boolean(), fc.nat(3)).map(
        ([c, distinct, sorted, k]): Desc => ({
          t: 'many',
          k: distinct ? Math.min(k, c.length) : Math.min(k, 2),
          distinct,
          sorted,
          cands: c,
        }),
      ),
    ];
    if (options.floats) kinds.push(float);
    return { node: fc.oneof({ maxDepth, depthIdentifier: 'space' }, ...kinds) };
  });
  return node;
}

/** Candidate i of a choice: literals become distinct values, anything else is tagged with i. */
function candidate(d: Desc, i: number): unknown {
  if (d.t === 'lit') return typeof d.v === 'number' ? i : `v${i}`;
  return { c: i, v: buildSpace(d) };
}

/** Builds the space a descriptor stands for (new hyper values every call). */
export function buildSpace(d: Desc): unknown {
  switch (d.t) {
    case 'lit':
      return d.v;
    case 'obj':
      return Object.fromEntries(d.fields.map((f, i) => [`f${i}`, buildSpace(f)]));
    case 'arr':
      return d.items.map(buildSpace);
    case 'sym':
      return new Pair({ left: buildSpace(d.left), right: buildSpace(d.right) });
    case 'one':
      return oneOf(d.cands.map(candidate));
    case 'many':
      return manyOf(d.k, d.cands.map(candidate), { distinct: d.distinct, sorted: d.sorted });
    case 'float':
      return floatValue(d.min, d.max, { scale: d.scale });
  }
}

/** The hyper descriptors of a space, in decision-point order (field order, depth first). */
function points(d: Desc): Desc[] {
  if (d.t === 'obj') return d.fields.flatMap(points);
  if (d.t === 'arr') return d.items.flatMap(points);
  if (d.t === 'sym') return [...points(d.left), ...points(d.right)];
  if (d.t === 'one' || d.t === 'many' || d.t === 'float') return [d];
  return [];
}

/** The sub-space of candidate i (a literal candidate has no decisions). */
function candidateSpace(d: Desc): Desc[] {
  return d.t === 'lit' ? [] : points(d);
}

/** Every children list of a space: one DNA JSON per decision point (grid order). */
function spaceChildren(ps: readonly Desc[]): DNAJSON[][] {
  if (ps.length === 0) return [[]];
  const out: DNAJSON[][] = [];
  for (const head of pointValues(ps[0]!)) for (const rest of spaceChildren(ps.slice(1))) out.push([head, ...rest]);
  return out;
}

/** One sub-choice: index i, then its candidate's children. */
function subChoices(cands: readonly Desc[], i: number): DNAJSON[] {
  return spaceChildren(candidateSpace(cands[i]!)).map((c) => (c.length ? [i, ...c] : i) as DNAJSON);
}

function pointValues(p: Desc): DNAJSON[] {
  if (p.t === 'float') throw new Error('bruteForceDNA: finite spaces only');
  if (p.t === 'one') return p.cands.flatMap((_, i) => subChoices(p.cands, i));
  if (p.t !== 'many') return [];
  const n = p.cands.length;
  const out: DNAJSON[] = [];
  const extend = (chosen: number[], subs: DNAJSON[]): void => {
    if (chosen.length === p.k) {
      // a choice of one is a one-of node (PyGlove's convention)
      out.push(p.k === 1 ? subs[0]! : subs.length ? [null, ...subs] : null);
      return;
    }
    for (let i = 0; i < n; i++) {
      const last = chosen[chosen.length - 1];
      if (p.distinct && chosen.includes(i)) continue;
      if (p.sorted && last !== undefined && (p.distinct ? i <= last : i < last)) continue;
      for (const s of subChoices(p.cands, i)) extend([...chosen, i], [...subs, s]);
    }
  };
  extend([], []);
  return out;
}

/** Every DNA (as JSON) of a finite space, enumerated from its descriptor in grid order. */
export function bruteForceDNA(d: Desc): DNAJSON[] {
  return spaceChildren(points(d)).map((c) => (c.length ? [null, ...c] : null) as DNAJSON);
}

/** True when no hyper value is left anywhere in a materialized value. */
export function isConcrete(value: unknown): boolean {
  let found = false;
  traverse(value, (_path, v) => {
    if (isHyper(v)) found = true;
  });
  return !found;
}

/** True when a descriptor holds a symbolic object somewhere. */
export function hasSymbolic(d: Desc): boolean {
  if (d.t === 'sym') return true;
  if (d.t === 'obj') return d.fields.some(hasSymbolic);
  if (d.t === 'arr') return d.items.some(hasSymbolic);
  if (d.t === 'one' || d.t === 'many') return d.cands.some(hasSymbolic);
  return false;
}

/** True when every object in a value is a plain object or a plain array. */
export function isPlainTree(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== Array.prototype) return false;
  return Object.values(value).every(isPlainTree);
}
