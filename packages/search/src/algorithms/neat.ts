/**
 * A NEAT-like algorithm (Stanley & Miikkulainen, 2002), as PyGlove's `neat` preset, written with
 * the operator algebra: the population is the latest generation, grouped into species by a
 * compatibility distance to each species' representative; each generation allots
 * `populationSize` children to species in proportion to their scaled average fitness (fitness
 * sharing), draws each parent from the top `remainingRatio` of its species and mutates it.
 */
import { type DNA, t } from '@tsglove/symbolic';
import type { Seed } from '../generator.js';
import { Operator, toOperator, type OperatorContext, type OperatorLike } from '../evolution/operator.js';
import { globalState } from '../evolution/global-state.js';
import { proportional, randomSelect, top, WeightFunction } from '../evolution/selectors.js';
import { rewardOf } from '../evolution/fitness.js';
import { uniformMutator } from '../evolution/mutators.js';
import { subclass } from '../evolution/subclass.js';
import { Evolution } from './evolution.js';

/** Counts (decisions, mismatched decisions, disjoint decisions) between two DNA trees. */
function compare(a: DNA, b: DNA): [number, number, number] {
  if (a.value === b.value && a.children.length === b.children.length) {
    let n = a.value === null ? 0 : 1;
    let w = 0;
    let d = 0;
    a.children.forEach((c, i) => {
      const [cn, cw, cd] = compare(c, b.children[i]!);
      n += cn;
      w += cw;
      d += cd;
    });
    return [n, w, d];
  }
  const n = Math.max(a.toNumbers().length, b.toNumbers().length);
  return [n, 1, n - 1];
}

/** NEAT's compatibility distance: (disjoint · d + matching · w) / n. */
export function compatibilityDistance(a: DNA, b: DNA, disjointCoefficient = 1, matchingCoefficient = 3): number {
  const [n, w, d] = compare(a, b);
  return n === 0 ? 0 : (disjointCoefficient * d + matchingCoefficient * w) / n;
}

/**
 * Groups its input into species (kept in `globalState.livingSpecies` as lists of members, with
 * representatives in `globalState.speciesRepresentatives`): each individual joins the first
 * species whose representative is within `threshold`, or founds one. Outputs its input.
 */
export class Speciate extends subclass(Operator, 'tsglove.search.evolution.neat.Speciate', {
  threshold: t.float({ min: 0 }),
  disjointCoefficient: t.float({ min: 0 }).default(1),
  matchingCoefficient: t.float({ min: 0 }).default(3),
}) {
  call(population: readonly DNA[], { globalState: state }: OperatorContext): DNA[] {
    const reps = [...((state.speciesRepresentatives as DNA[] | undefined) ?? [])];
    const members: DNA[][] = reps.map(() => []);
    for (const dna of population) {
      let i = reps.findIndex(
        (r) =>
          compatibilityDistance(r, dna, this.disjointCoefficient as number, this.matchingCoefficient as number) <=
          (this.threshold as number),
      );
      if (i < 0) {
        i = reps.push(dna) - 1;
        members.push([]);
      }
      members[i]!.push(dna);
    }
    const living = members.map((m, i) => ({ m, r: reps[i]! })).filter((s) => s.m.length > 0);
    state.speciesRepresentatives = living.map((s) => s.r);
    state.livingSpecies = living.map((s) => s.m);
    return [...population];
  }
}

/** Per species: its mean fitness above the population's minimum (NEAT's fitness sharing). */
export class ScaledAverageFitness extends subclass(WeightFunction, 'tsglove.search.evolution.neat.ScaledAverageFitness', {}) {
  of(species: readonly DNA[]): number[] {
    const groups = species as unknown as DNA[][];
    const fit = (d: DNA) => {
      const r = rewardOf(d);
      return typeof r === 'number' ? r : r[0]!;
    };
    const min = Math.min(...groups.flat().map(fit));
    return groups.map((g) => g.reduce((a, d) => a + fit(d) - min, 0) / g.length);
  }
}

/** Options of {@link neat}. */
export interface NeatOptions {
  mutator?: OperatorLike;
  /** Children per generation and initial population size (default 100). */
  populationSize?: number;
  disjointCoefficient?: number;
  matchingCoefficient?: number;
  /** Species distance threshold (default 0.4). */
  compatibilityThreshold?: number;
  /** Fraction of each species eligible as parents (default 0.6). */
  remainingRatio?: number;
  seed?: Seed;
}

/** NEAT-like speciated evolution (see the module comment). */
export function neat(options: NeatOptions = {}): Evolution {
  const n = options.populationSize ?? 100;
  return new Evolution({
    name: 'neat',
    populationSize: n,
    reproduction: globalState('livingSpecies')
      .then(proportional(n, new ScaledAverageFitness()))
      .forEach(top(options.remainingRatio ?? 0.6).then(randomSelect(1)))
      .flatten()
      .then(toOperator(options.mutator ?? uniformMutator())),
    populationUpdate: top(1, { cluster: true, key: 'generationId' }).then(
      new Speciate({
        threshold: options.compatibilityThreshold ?? 0.4,
        disjointCoefficient: options.disjointCoefficient ?? 1,
        matchingCoefficient: options.matchingCoefficient ?? 3,
      }),
    ),
    seed: options.seed,
  });
}
