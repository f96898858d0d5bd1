/**
 * Generational NSGA-II (Deb et al., 2002), as PyGlove's `nsga2` preset, written with the operator
 * algebra. The first `2 · populationSize` proposals are random. Whenever `populationSize` new
 * individuals have come back, they are merged with the current elites, sorted into
 * non-dominated fronts (each front by crowding distance, widest first), and the first
 * `populationSize` become the new elites; each proposal mutates the next elite in turn.
 * Rewards are tuples of objectives, all maximized. See `nsga2()` for the steady-state variant.
 */
import type { DNA } from '@tsglove/symbolic';
import type { Seed } from '../generator.js';
import { crowdingDistance, nonDominatedSort } from '../objectives.js';
import {
  Operator,
  SizeAtLeast,
  concatenation,
  identity,
  toOperator,
  type OperatorContext,
  type OperatorLike,
} from '../evolution/operator.js';
import { globalState, setGlobalState } from '../evolution/global-state.js';
import { first } from '../evolution/selectors.js';
import { rewardOf } from '../evolution/fitness.js';
import { uniformMutator } from '../evolution/mutators.js';
import { subclass } from '../evolution/subclass.js';
import { RandomSearch } from './random.js';
import { Evolution } from './evolution.js';

const objectivesOf = (d: DNA): number[] => {
  const r = rewardOf(d);
  return typeof r === 'number' ? [r] : [...r];
};

/** Splits the input into non-dominated fronts (a list of lists, best front first). */
export class NonDominatedSort extends subclass(Operator, 'tsglove.search.evolution.nsga2.NonDominatedSort', {}) {
  call(population: readonly DNA[]): DNA[] {
    return nonDominatedSort(population.map(objectivesOf)).map((front) => front.map((i) => population[i]!)) as unknown as DNA[];
  }
}

/** Sorts one front by crowding distance, widest first (ties keep order). */
export class CrowdingDistanceSort extends subclass(Operator, 'tsglove.search.evolution.nsga2.CrowdingDistanceSort', {}) {
  call(front: readonly DNA[]): DNA[] {
    const d = crowdingDistance(front.map(objectivesOf));
    return front
      .map((dna, i) => ({ dna, i }))
      .sort((a, b) => d[b.i]! - d[a.i]! || a.i - b.i)
      .map((e) => e.dna);
  }
}

/** Outputs the next elite (`globalState.elites[eliteCursor]`), advancing the cursor. */
export class NextElite extends subclass(Operator, 'tsglove.search.evolution.nsga2.NextElite', {}) {
  call(_population: readonly DNA[], { globalState: state }: OperatorContext): DNA[] {
    const elites = state.elites as DNA[];
    const cursor = (state.eliteCursor as number | undefined) ?? 0;
    state.eliteCursor = (cursor + 1) % elites.length;
    return [elites[cursor]!];
  }
}

/** Options of {@link generationalNSGA2}. */
export interface GenerationalNSGA2Options {
  mutator?: OperatorLike;
  /** Elites kept, and individuals per generation (default 100). */
  populationSize?: number;
  seed?: Seed;
}

/** Generational NSGA-II (see the module comment). */
export function generationalNSGA2(options: GenerationalNSGA2Options = {}): Evolution {
  const n = options.populationSize ?? 100;
  return new Evolution({
    name: 'generationalNSGA2',
    multiObjective: true,
    populationSize: n,
    populationInit: [new RandomSearch({}), 2 * n],
    reproduction: new NextElite().then(toOperator(options.mutator ?? uniformMutator())),
    populationUpdate: concatenation(globalState('elites', []), identity)
      .then(new NonDominatedSort())
      .forEach(new CrowdingDistanceSort())
      .flatten()
      .then(concatenation(first(n).then(setGlobalState('elites')), setGlobalState('eliteCursor', 0)))
      .ifTrue(new SizeAtLeast({ n })),
    seed: options.seed,
  });
}
