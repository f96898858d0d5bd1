/**
 * Regularized (aging) evolution (Real et al., 2019), as PyGlove's `regularized_evolution`: the
 * population is the last `populationSize` evaluated DNA; each proposal mutates the winner of a
 * tournament among `tournamentSize` random members.
 */
import type { Seed } from '../generator.js';
import { pipeline, type OperatorLike } from '../evolution/operator.js';
import { last, tournament } from '../evolution/selectors.js';
import { uniformMutator } from '../evolution/mutators.js';
import { Evolution } from './evolution.js';
import { checkOptionNames } from '../options.js';

/** Options of {@link regularizedEvolution}. */
export interface RegularizedEvolutionOptions {
  /** Population size (default 100). */
  populationSize?: number;
  /** Tournament size (default 10). */
  tournamentSize?: number;
  /** Mutation operator (default `uniformMutator()`); a pipeline with a recombinator works too. */
  mutator?: OperatorLike;
  /** Retry a proposal that repeats an evaluated DNA up to this many times (default 0). */
  dedupRetries?: number;
  seed?: Seed;
}

/** The option names {@link regularizedEvolution} takes (checked: an unknown one is an error). */
const REGULARIZED_EVOLUTION_OPTION_NAMES: ReadonlyArray<keyof RegularizedEvolutionOptions> = [
  'populationSize',
  'tournamentSize',
  'mutator',
  'dedupRetries',
  'seed',
];

/** Regularized evolution (see the module comment). */
export function regularizedEvolution(options: RegularizedEvolutionOptions = {}): Evolution {
  checkOptionNames('regularizedEvolution', options, REGULARIZED_EVOLUTION_OPTION_NAMES);
  const populationSize = options.populationSize ?? 100;
  const tournamentSize = options.tournamentSize ?? 10;
  return new Evolution({
    name: 'regularizedEvolution',
    populationSize,
    reproduction: pipeline(last(populationSize), tournament(tournamentSize), options.mutator ?? uniformMutator()),
    populationUpdate: last(populationSize),
    dedupRetries: options.dedupRetries,
    seed: options.seed,
  });
}
