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
import { Operator, type OperatorContext } from './operator.js';
import { parentIds } from './mutators.js';
import { subclass } from './subclass.js';

/** Base of the recombinators: parents → children; each child's `metadata.parentIds` lists its parents' `proposalId`s. */
export abstract class Recombinator extends Operator {
  /** Children of `parents`. */
  abstract recombine(parents: readonly DNA[], context: OperatorContext): DNA[];
  call(population: readonly DNA[], context: OperatorContext): DNA[] {
    const children = this.recombine(population, context);
    const ids = parentIds(population);
    for (const child of children) if (!population.includes(child)) child.metadata.parentIds = ids;
    return children;
  }
}

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

/** Children of consecutive pairs (see the module comment). */
function pairwise(
  population: readonly DNA[],
  { spec, random }: OperatorContext,
  make: (spec: DNASpec, a: DNA, b: DNA, random: Random) => DNA,
): DNA[] {
  const n = population.length;
  if (n < 2) return [...population];
  const pairs = n === 2 ? 1 : n;
  const out: DNA[] = [];
  for (let i = 0; i < pairs; i++) out.push(make(spec, population[i]!, population[(i + 1) % n]!, random));
  return out;
}

/** Uniform crossover: each decision (or whole differing branch) from either parent with probability 1/2. */
export class UniformCrossover extends subclass(Recombinator, 'tsglove.search.evolution.recombinators.UniformCrossover', {}) {
  recombine(parents: readonly DNA[], context: OperatorContext): DNA[] {
    return pairwise(parents, context, (spec, a, b, random) =>
      rootDNA(
        spec,
        zip(spec, a.children, b.children, random, (_p, x, y, r) => (r() < 0.5 ? x : y)),
      ),
    );
  }
}

/** Uniform crossover (see {@link UniformCrossover}). */
export function uniformCrossover(): Operator {
  return new UniformCrossover();
}

/** Whether a point is an ordering that order-preserving recombination can mix. */
function isOrdering(point: DecisionPoint): point is Choice {
  return point instanceof Choice && point.numChoices >= 2 && point.distinct && !point.sorted;
}

/** Applies an order crossover to every ordering both parents share; other points mix uniformly. */
function orderPreserving(
  parents: readonly DNA[],
  context: OperatorContext,
  cross: (x: number[], y: number[], random: Random) => number[],
): DNA[] {
  return pairwise(parents, context, (spec, a, b, random) =>
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
export class OrderCrossover extends subclass(Recombinator, 'tsglove.search.evolution.recombinators.Order', {}) {
  recombine(parents: readonly DNA[], context: OperatorContext): DNA[] {
    return orderPreserving(parents, context, oxCross);
  }
}

/** Order crossover (see {@link OrderCrossover}). */
export function orderCrossover(): Operator {
  return new OrderCrossover();
}

function oxCross(x: number[], y: number[], random: Random): number[] {
  {
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
  }
}

/**
 * Partially mapped crossover (PMX) for orderings: a random segment comes from the first parent;
 * other positions keep the second parent's value, following the segment's mapping when that value
 * is already used.
 */
export class PartiallyMappedCrossover extends subclass(Recombinator, 'tsglove.search.evolution.recombinators.PartiallyMapped', {}) {
  recombine(parents: readonly DNA[], context: OperatorContext): DNA[] {
    return orderPreserving(parents, context, pmxCross);
  }
}

/** Partially mapped crossover (see {@link PartiallyMappedCrossover}). */
export function partiallyMappedCrossover(): Operator {
  return new PartiallyMappedCrossover();
}

function pmxCross(x: number[], y: number[], random: Random): number[] {
  {
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
  }
}

/**
 * Cycle crossover (CX) for orderings: positions split into cycles (follow a position's value in
 * the second parent to its position in the first); each cycle comes whole from one parent, chosen
 * at random. Every position keeps a value one of the parents has there.
 */
export class CycleCrossover extends subclass(Recombinator, 'tsglove.search.evolution.recombinators.Cycle', {}) {
  recombine(parents: readonly DNA[], context: OperatorContext): DNA[] {
    return orderPreserving(parents, context, cxCross);
  }
}

/** Cycle crossover (see {@link CycleCrossover}). */
export function cycleCrossover(): Operator {
  return new CycleCrossover();
}

function cxCross(x: number[], y: number[], random: Random): number[] {
  const where = new Map(x.map((v, i) => [v, i]));
  const child: Array<number | undefined> = new Array(x.length).fill(undefined);
  for (let start = 0; start < x.length; start++) {
    if (child[start] !== undefined) continue;
    const cycle: number[] = [];
    for (let i: number | undefined = start; i !== undefined && !cycle.includes(i); i = where.get(y[i]!)) cycle.push(i);
    const fromX = random() < 0.5;
    // A partial ordering may not close its cycle: positions whose value the other parent lacks take x's.
    const ys = new Set(cycle.map((i) => y[i]!));
    const ok = !fromX && cycle.every((i) => ys.has(x[i]!));
    for (const i of cycle) child[i] = ok ? y[i]! : x[i]!;
  }
  return child as number[];
}
