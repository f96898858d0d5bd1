/**
 * Point-wise recombinators (PyGlove's `PointWise`) over any number of parents: each targeted
 * decision gets one merged value (the same for every child), non-targeted decisions keep each
 * parent's own, so N parents give N children — one when every decision is targeted (duplicates are
 * dropped). Targets are the decisions the recombinator handles (all for `sampleCrossover`, floats
 * for the averages) that the optional `where` filter accepts. A merged choice keeps the sub-space of
 * a parent that made it, mixed further where several did.
 */
import { Choice, DNA, FloatPoint, t, type DNASpec, type DecisionPoint } from '@tsglove/symbolic';
import { rootDNA } from '../dna-walk.js';
import { SearchError } from '../errors.js';
import type { Operator, OperatorContext } from './operator.js';
import { Recombinator } from './recombinators.js';
import { WeightFunction, type Weights } from './selectors.js';
import { subclass } from './subclass.js';
import type { Where } from './mutators.js';

type Merge = (point: DecisionPoint, values: Array<DNA | null>, weights: number[], context: OperatorContext) => DNA;

function weightsFor(fn: unknown, parents: readonly DNA[], context: OperatorContext): number[] {
  if (fn === undefined) return parents.map(() => 1);
  const w = fn instanceof WeightFunction ? fn.of(parents, context) : (fn as Exclude<Weights, WeightFunction>)(parents, context);
  if (w.length !== parents.length || w.some((x) => !(x >= 0)))
    throw new SearchError(`weights must give one number >= 0 per parent, got ${JSON.stringify(w)}`, 'weights');
  return w;
}

/** Picks one of the active nodes with probability proportional to its parent's weight. */
function pick(nodes: Array<DNA | null>, weights: number[], random: () => number): DNA {
  const active = nodes.map((n, i) => (n ? weights[i]! : 0));
  const total = active.reduce((a, b) => a + b, 0);
  if (total <= 0) return nodes.find((n) => n)!;
  let r = random() * total;
  for (let i = 0; i < nodes.length; i++) {
    if (active[i]! > 0 && r < active[i]!) return nodes[i]!;
    r -= active[i]!;
  }
  return nodes.filter((n) => n).pop()!;
}

function pointWise(
  parents: readonly DNA[],
  context: OperatorContext,
  target: (p: DecisionPoint) => boolean,
  weights: number[],
  merge: Merge,
): DNA[] {
  if (parents.length === 0) return [];
  const memo = new Map<string, DNA>();
  const build = (space: DNASpec, own: readonly DNA[], all: Array<readonly DNA[] | null>, prefix: string): DNA[] =>
    space.elements.map((point, i) => {
      const key = `${prefix}/${i}`;
      const mine = own[i]!;
      const nodes = all.map((a) => (a ? a[i]! : null));
      const single = point instanceof Choice && point.numChoices === 1;
      let chosen = mine;
      if (target(point)) {
        if (!memo.has(key)) memo.set(key, merge(point, nodes, weights, context));
        chosen = memo.get(key)!;
      }
      if (!single) return chosen;
      const v = chosen.value as number;
      const same = nodes.map((n) => (n && n.value === v ? n.children : null));
      const base = mine.value === v ? mine.children : same.find((c) => c)!;
      return new DNA(v, build((point as Choice).candidates[v]!, base, same, `${key}:${v}`));
    });
  const children = parents.map((p) =>
    rootDNA(
      context.spec,
      build(
        context.spec,
        p.children,
        parents.map((q) => q.children),
        '',
      ),
    ),
  );
  const seen = new Set<string>();
  return children.filter((c) => !seen.has(c.key()) && seen.add(c.key()));
}

const whereSpec = t.callable().optional();
const accepts = (where: unknown, point: DecisionPoint) => typeof where !== 'function' || (where as Where)(point);

/** Each targeted decision from one parent, drawn by `weights(parents)` (uniform by default). */
export class SampleCrossover extends subclass(Recombinator, 'tsglove.search.evolution.recombinators.Sample', {
  weights: t.union([t.callable(), t.object(WeightFunction)]).optional(),
  where: whereSpec,
}) {
  recombine(parents: readonly DNA[], context: OperatorContext): DNA[] {
    const w = weightsFor(this.weights, parents, context);
    return pointWise(
      parents,
      context,
      (p) => accepts(this.where, p),
      w,
      (_p, nodes, weights, c) => pick(nodes, weights, c.random),
    );
  }
}

/** Float decisions averaged over the parents (others kept per parent). */
export class AverageCrossover extends subclass(Recombinator, 'tsglove.search.evolution.recombinators.Average', { where: whereSpec }) {
  recombine(parents: readonly DNA[], context: OperatorContext): DNA[] {
    return pointWise(
      parents,
      context,
      (p) => p instanceof FloatPoint && accepts(this.where, p),
      parents.map(() => 1),
      weightedMean,
    );
  }
}

/** Float decisions as the `weights(parents)`-weighted mean (others kept per parent). */
export class WeightedAverageCrossover extends subclass(Recombinator, 'tsglove.search.evolution.recombinators.WeightedAverage', {
  weights: t.union([t.callable(), t.object(WeightFunction)]),
  where: whereSpec,
}) {
  recombine(parents: readonly DNA[], context: OperatorContext): DNA[] {
    const w = weightsFor(this.weights, parents, context);
    return pointWise(parents, context, (p) => p instanceof FloatPoint && accepts(this.where, p), w, weightedMean);
  }
}

function weightedMean(_point: DecisionPoint, nodes: Array<DNA | null>, weights: number[]): DNA {
  let sum = 0;
  let total = 0;
  nodes.forEach((n, i) => {
    if (n) {
      sum += weights[i]! * (n.value as number);
      total += weights[i]!;
    }
  });
  return new DNA(total > 0 ? sum / total : (nodes.find((n) => n)!.value as number));
}

/** Point-wise sampling crossover of N parents (see {@link SampleCrossover}). */
export function sampleCrossover(options: { weights?: Weights; where?: Where } = {}): Operator {
  return new SampleCrossover(options);
}
/** Average of float decisions (see {@link AverageCrossover}). */
export function averageCrossover(options: { where?: Where } = {}): Operator {
  return new AverageCrossover(options);
}
/** Weighted average of float decisions (see {@link WeightedAverageCrossover}). */
export function weightedAverageCrossover(weights: Weights, options: { where?: Where } = {}): Operator {
  return new WeightedAverageCrossover({ weights, ...options });
}
