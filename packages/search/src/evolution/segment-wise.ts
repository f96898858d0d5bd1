/**
 * Segment-wise recombinators (PyGlove's `SegmentWise`): two parents are cut at the same positions
 * and the segments alternate between them, giving two children. Positions are the independent
 * decisions: each top-level decision (a conditional sub-tree moves with its choice) and, for a
 * k-of-n choice without `distinct`/`sorted` constraints, each of its k sub-choices; a constrained
 * k-of-n choice is one position.
 *
 * Also the cycle crossover (CX) for orderings.
 */
import { Choice, DNA, t, type DecisionPoint } from '@tsglove/symbolic';
import { rootDNA } from '../dna-walk.js';
import { SearchError } from '../errors.js';
import type { Operator, OperatorContext } from './operator.js';
import { Recombinator } from './recombinators.js';
import { scalarSpec, scalarValue, type ScalarLike } from './scalars.js';
import { subclass } from './subclass.js';

/** One independent position: a top-level element, or one sub-choice of an unconstrained k-of-n choice. */
export interface Position {
  point: DecisionPoint;
  element: number;
  sub?: number;
}

function positions(points: readonly DecisionPoint[]): Position[] {
  const out: Position[] = [];
  points.forEach((point, element) => {
    if (point instanceof Choice && point.numChoices > 1 && !point.distinct && !point.sorted) {
      for (let sub = 0; sub < point.numChoices; sub++) out.push({ point, element, sub });
    } else out.push({ point, element });
  });
  return out;
}

/** Cuts both parents at `cuts` (sorted position indices) and interleaves; two children. */
function interleave(x: DNA, y: DNA, all: readonly Position[], cuts: readonly number[]): [DNA, DNA] {
  const spec = x.spec!;
  const a = x.children.map((c) => (c.children.length && c.value === null ? c.children.slice() : c));
  const b = y.children.map((c) => (c.children.length && c.value === null ? c.children.slice() : c));
  const c1: Array<DNA | DNA[]> = a.map((v) => (Array.isArray(v) ? [...v] : v));
  const c2: Array<DNA | DNA[]> = b.map((v) => (Array.isArray(v) ? [...v] : v));
  let segment = 0;
  let nextCut = 0;
  all.forEach((p, i) => {
    while (nextCut < cuts.length && cuts[nextCut] === i) {
      segment++;
      nextCut++;
    }
    const [from1, from2] = segment % 2 === 0 ? [a, b] : [b, a];
    if (p.sub === undefined) {
      c1[p.element] = from1[p.element]!;
      c2[p.element] = from2[p.element]!;
    } else {
      (c1[p.element] as DNA[])[p.sub] = (from1[p.element] as DNA[])[p.sub]!;
      (c2[p.element] as DNA[])[p.sub] = (from2[p.element] as DNA[])[p.sub]!;
    }
  });
  const wrap = (cs: Array<DNA | DNA[]>) =>
    rootDNA(
      spec,
      cs.map((c) => (Array.isArray(c) ? new DNA(null, [...c]) : c)),
    );
  return [wrap(c1), wrap(c2)];
}

function checkTwo(kind: string, parents: readonly DNA[]): void {
  if (parents.length !== 2) throw new SearchError(`${kind} recombines exactly 2 parents, got ${parents.length}`, 'parents');
}

/**
 * K-point crossover: `k` distinct random cut points (all of them when there are at most `k + 1`
 * positions: alternating-position crossover); two children.
 */
export class KPointCrossover extends subclass(Recombinator, 'tsglove.search.evolution.recombinators.KPoint', {
  k: scalarSpec(t.int({ min: 1 })),
}) {
  recombine(parents: readonly DNA[], { spec, random, step }: OperatorContext): DNA[] {
    checkTwo('kPointCrossover', parents);
    const all = positions(spec.elements);
    const k = scalarValue(this.k as ScalarLike, step);
    let cuts = Array.from({ length: Math.max(0, all.length - 1) }, (_, i) => i + 1);
    if (all.length > k + 1) {
      for (let i = 0; i < k; i++) {
        const j = i + Math.floor(random() * (cuts.length - i));
        [cuts[i], cuts[j]] = [cuts[j]!, cuts[i]!];
      }
      cuts = cuts.slice(0, k).sort((p, q) => p - q);
    }
    return interleave(withSpec(parents[0]!, spec), withSpec(parents[1]!, spec), all, cuts);
  }
}

/** Segmented crossover: the user's `cuttingPoints(positions)` gives the cut indices; two children. */
export class SegmentedCrossover extends subclass(Recombinator, 'tsglove.search.evolution.recombinators.Segmented', {
  cuttingPoints: t.callable(),
}) {
  recombine(parents: readonly DNA[], { spec }: OperatorContext): DNA[] {
    checkTwo('segmentedCrossover', parents);
    const all = positions(spec.elements);
    const cuts = [...(this.cuttingPoints as (p: Position[]) => number[])(all)].sort((p, q) => p - q);
    return interleave(withSpec(parents[0]!, spec), withSpec(parents[1]!, spec), all, cuts);
  }
}

function withSpec(dna: DNA, spec: DNA['spec']): DNA {
  if (dna.spec) return dna;
  const copy = new DNA(dna.value, dna.children);
  copy.spec = spec;
  return copy;
}

/** K-point crossover (see {@link KPointCrossover}); `k` may be a schedule. */
export function kPointCrossover(k: ScalarLike = 1): Operator {
  if (typeof k === 'number' && !(Number.isInteger(k) && k >= 1))
    throw new SearchError(`kPointCrossover: k must be an integer >= 1, got ${k}`, 'k');
  return new KPointCrossover({ k });
}

/** Segmented crossover (see {@link SegmentedCrossover}). */
export function segmentedCrossover(cuttingPoints: (positions: Position[]) => number[]): Operator {
  return new SegmentedCrossover({ cuttingPoints });
}
