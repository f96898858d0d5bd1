/**
 * Recombinators: operators that make children from pairs of parents. The input list is read as
 * consecutive pairs `(p0, p1), (p1, p2), ..., (pn-1, p0)` (one pair for two parents); each pair gives
 * one child. Children are always valid DNA:
 * - where both parents chose the same candidate of a choice, the choice's sub-space is mixed
 *   further; where they differ, the whole branch comes from one parent;
 * - k-of-n choices are taken whole from one parent, except by the order-preserving recombinators,
 *   which mix orderings (`permutate` and other distinct, unsorted choices) position by position.
 */
import { Choice, DNA, type DNASpec, type DecisionPoint, type Random } from '@tsglove/symbolic';
import { rootDNA } from '../dna-walk.js';
import { SearchError } from '../errors.js';
import type { Operator } from './operator.js';

/** Decides, per decision point, how to combine two parents' nodes. */
type Combine = (point: DecisionPoint, a: DNA, b: DNA, random: Random) => DNA;

/** Walks two parents' DNA together; `leaf` combines nodes where the structure allows no deeper mix. */
function zip(space: DNASpec, a: readonly DNA[], b: readonly DNA[], random: Random, leaf: Combine): DNA[] {
  return space.elements.map((point, i) => {
    const x = a[i]!;
    const y = b[i]!;
    if (point instanceof Choice && point.numChoices === 1 && x.value === y.value) {
      return new DNA(x.value, zip(point.candidates[x.value as number]!, x.children, y.children, random, leaf));
    }
    return leaf(point, x, y, random);
  });
}

/** Turns a pairwise child-maker into an operator (see the module comment). */
function pairwise(make: (spec: DNASpec, a: DNA, b: DNA, random: Random) => DNA): Operator {
  return (population, { spec, random }) => {
    const n = population.length;
    if (n < 2) return [...population];
    const pairs = n === 2 ? 1 : n;
    const out: DNA[] = [];
    for (let i = 0; i < pairs; i++) out.push(make(spec, population[i]!, population[(i + 1) % n]!, random));
    return out;
  };
}

/** Uniform crossover: each decision (or whole differing branch) from either parent with probability 1/2. */
export function uniformCrossover(): Operator {
  return pairwise((spec, a, b, random) => rootDNA(spec, zip(spec, a.children, b.children, random, (_p, x, y, r) => (r() < 0.5 ? x : y))));
}

/**
 * K-point crossover over the top-level decisions: `k` cut points split the list of top-level
 * decision points; segments alternate between the parents.
 */
export function kPointCrossover(k = 1): Operator {
  if (!Number.isInteger(k) || k < 1) throw new SearchError(`kPointCrossover: k must be an integer >= 1, got ${k}`, 'k');
  return pairwise((spec, a, b, random) => {
    const n = spec.elements.length;
    const cuts = new Set<number>();
    const maxCuts = Math.min(k, Math.max(0, n - 1));
    while (cuts.size < maxCuts) cuts.add(1 + Math.floor(random() * (n - 1)));
    let fromA = true;
    const children = spec.elements.map((_, i) => {
      if (cuts.has(i)) fromA = !fromA;
      return fromA ? a.children[i]! : b.children[i]!;
    });
    return rootDNA(spec, children);
  });
}

/** Whether a point is an ordering that order-preserving recombination can mix. */
function isOrdering(point: DecisionPoint): point is Choice {
  return point instanceof Choice && point.numChoices >= 2 && point.distinct && !point.sorted;
}

/** Applies an order crossover to every ordering both parents share; other points mix uniformly. */
function orderPreserving(cross: (x: number[], y: number[], random: Random) => number[]): Operator {
  return pairwise((spec, a, b, random) =>
    rootDNA(
      spec,
      zip(spec, a.children, b.children, random, (point, x, y, r) => {
        if (!isOrdering(point)) return r() < 0.5 ? x : y;
        const ix = x.children.map((s) => s.value as number);
        const iy = y.children.map((s) => s.value as number);
        const order = cross(ix, iy, r);
        // Each index keeps the sub-space it had in the parent it came from (x when both hold it).
        const sub = (idx: number): DNA => x.children.find((s) => s.value === idx) ?? y.children.find((s) => s.value === idx)!;
        return new DNA(null, order.map(sub));
      }),
    ),
  );
}

/** Two distinct cut points 0 <= i < j <= n. */
function segment(n: number, random: Random): [number, number] {
  const i = Math.floor(random() * n);
  const j = i + 1 + Math.floor(random() * (n - i));
  return [i, j];
}

/**
 * Order crossover (OX1) for orderings: a random segment is copied from the first parent; the
 * remaining positions take the second parent's values in its order, skipping those already used.
 * With k < n (a partial ordering) values missing from the segment come from the second parent first,
 * then the first.
 */
export function orderCrossover(): Operator {
  return orderPreserving((x, y, random) => {
    const n = x.length;
    const [i, j] = segment(n, random);
    const child: Array<number | undefined> = new Array(n).fill(undefined);
    const used = new Set<number>();
    for (let p = i; p < j; p++) {
      child[p] = x[p]!;
      used.add(x[p]!);
    }
    const rest: number[] = [];
    for (const v of [...y.slice(j), ...y.slice(0, j), ...x.slice(j), ...x.slice(0, j)]) {
      if (!used.has(v)) {
        used.add(v);
        rest.push(v);
      }
    }
    let q = 0;
    for (let s = 0; s < n; s++) {
      const p = (j + s) % n;
      if (child[p] === undefined) child[p] = rest[q++]!;
    }
    return child as number[];
  });
}

/**
 * Partially mapped crossover (PMX) for orderings: a random segment comes from the first parent;
 * other positions keep the second parent's value, following the segment's mapping when that value
 * is already used.
 */
export function partiallyMappedCrossover(): Operator {
  return orderPreserving((x, y, random) => {
    const n = x.length;
    const [i, j] = segment(n, random);
    const child = y.slice();
    const inSegment = new Map<number, number>();
    for (let p = i; p < j; p++) {
      child[p] = x[p]!;
      inSegment.set(x[p]!, y[p]!);
    }
    const fromX = new Set(x.slice(i, j));
    const used = new Set(child.slice(i, j));
    for (let p = 0; p < n; p++) {
      if (p >= i && p < j) continue;
      let v = y[p]!;
      let guard = 0;
      while (fromX.has(v) && inSegment.has(v) && guard++ <= n) v = inSegment.get(v)!;
      if (used.has(v)) {
        // Partial orderings can leave no mapped value: take any unused one of either parent.
        v = [...y, ...x].find((c) => !used.has(c))!;
      }
      child[p] = v;
      used.add(v);
    }
    return child;
  });
}
