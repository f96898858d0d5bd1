/**
 * Objectives: rewards that trade accuracy against a cost (MnasNet's soft constraint, TuNAS's
 * absolute reward) and Pareto-front utilities for multi-objective results. Every objective of a
 * tuple is maximized (negate costs).
 */
import { SearchError } from './errors.js';

/** Options of {@link mnasnetReward}. */
export interface MnasNetRewardOptions {
  /** Target cost (e.g. latency in ms). */
  target: number;
  /** Exponent when cost <= target (default -0.07; 0 makes it a hard constraint below target). */
  alpha?: number;
  /** Exponent when cost > target (default -0.07; -1 for the hard constraint). */
  beta?: number;
}

/** MnasNet's reward (Tan et al., 2019): `acc · (cost/target)^w`, w = alpha below target, beta above. */
export function mnasnetReward(accuracy: number, cost: number, options: MnasNetRewardOptions): number {
  const { target } = options;
  if (!(target > 0) || !(cost > 0))
    throw new SearchError(`mnasnetReward: cost and target must be > 0, got cost ${cost}, target ${target}`, 'target');
  const w = cost <= target ? (options.alpha ?? -0.07) : (options.beta ?? -0.07);
  return accuracy * (cost / target) ** w;
}

/** Options of {@link tunasReward}. */
export interface TunasRewardOptions {
  target: number;
  /** Penalty weight β (< 0; default -0.07). */
  beta?: number;
}

/** TuNAS's absolute reward (Bender et al., 2020): `acc + β·|cost/target − 1|`. */
export function tunasReward(accuracy: number, cost: number, options: TunasRewardOptions): number {
  const { target } = options;
  if (!(target > 0)) throw new SearchError(`tunasReward: target must be > 0, got ${target}`, 'target');
  return accuracy + (options.beta ?? -0.07) * Math.abs(cost / target - 1);
}

/** Whether `a` Pareto-dominates `b` (>= in every objective, > in one; all maximized). */
export function dominates(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) throw new SearchError(`dominates: objective counts differ (${a.length} vs ${b.length})`);
  let better = false;
  for (let i = 0; i < a.length; i++) {
    if (a[i]! < b[i]!) return false;
    if (a[i]! > b[i]!) better = true;
  }
  return better;
}

/** Indices of the points in successive non-dominated fronts (front 0 is the Pareto front). */
export function nonDominatedSort(points: ReadonlyArray<readonly number[]>): number[][] {
  const n = points.length;
  const dominatedBy = new Array<number>(n).fill(0);
  const dominating: number[][] = Array.from({ length: n }, () => []);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (dominates(points[i]!, points[j]!)) {
        dominating[i]!.push(j);
        dominatedBy[j]!++;
      } else if (dominates(points[j]!, points[i]!)) {
        dominating[j]!.push(i);
        dominatedBy[i]!++;
      }
    }
  }
  const fronts: number[][] = [];
  let current = [...Array(n).keys()].filter((i) => dominatedBy[i] === 0);
  while (current.length) {
    fronts.push(current);
    const next: number[] = [];
    for (const i of current) for (const j of dominating[i]!) if (--dominatedBy[j]! === 0) next.push(j);
    current = next.sort((a, b) => a - b);
  }
  return fronts;
}

/** Crowding distance of each point of one front (Infinity at the extremes of each objective). */
export function crowdingDistance(points: ReadonlyArray<readonly number[]>): number[] {
  const n = points.length;
  const d = new Array<number>(n).fill(0);
  if (n === 0) return d;
  const m = points[0]!.length;
  for (let k = 0; k < m; k++) {
    const order = [...Array(n).keys()].sort((a, b) => points[a]![k]! - points[b]![k]! || a - b);
    const lo = points[order[0]!]![k]!;
    const hi = points[order[n - 1]!]![k]!;
    d[order[0]!] = Infinity;
    d[order[n - 1]!] = Infinity;
    if (hi === lo) continue;
    for (let i = 1; i < n - 1; i++) d[order[i]!]! += (points[order[i + 1]!]![k]! - points[order[i - 1]!]![k]!) / (hi - lo);
  }
  return d;
}

/**
 * The Pareto front of `items` (maximizing every objective `objectives(item)` returns), in input
 * order. Items with equal objectives are all kept.
 */
export function paretoFront<T>(items: readonly T[], objectives: (item: T) => readonly number[]): T[] {
  const points = items.map(objectives);
  return items.filter((_, i) => !points.some((p, j) => j !== i && dominates(p, points[i]!)));
}
