/**
 * Hill climbing, as PyGlove's `hill_climb`: the population is the best DNA so far; each
 * generation proposes `batchSize` mutations of it (batched hill climbing helps with noisy
 * rewards), and a child replaces it only if strictly better. Starts from `initPopulationSize`
 * random DNA.
 */
import type { Seed } from '../generator.js';
import { type OperatorLike, toOperator } from '../evolution/operator.js';
import { top } from '../evolution/selectors.js';
import { uniformMutator } from '../evolution/mutators.js';
import { Evolution } from './evolution.js';
import { checkOptionNames } from '../options.js';

/** Options of {@link hillClimb}. */
export interface HillClimbOptions {
  /** Mutation operator (default `uniformMutator()`). */
  mutator?: OperatorLike;
  /** Mutations of the current best per generation (default 1). */
  batchSize?: number;
  /** Random DNA evaluated before climbing (default 1). */
  initPopulationSize?: number;
  /** Retry a proposal that repeats an evaluated DNA up to this many times (default 10). */
  dedupRetries?: number;
  seed?: Seed;
}

/** The option names {@link hillClimb} takes (checked: an unknown one is an error). */
const HILL_CLIMB_OPTION_NAMES: ReadonlyArray<keyof HillClimbOptions> = [
  'mutator',
  'batchSize',
  'initPopulationSize',
  'dedupRetries',
  'seed',
];

/** Hill climbing (see the module comment). */
export function hillClimb(options: HillClimbOptions = {}): Evolution {
  checkOptionNames('hillClimb', options, HILL_CLIMB_OPTION_NAMES);
  return new Evolution({
    name: 'hillClimb',
    populationSize: options.initPopulationSize ?? 1,
    reproduction: top(1).then(toOperator(options.mutator ?? uniformMutator()).times(options.batchSize ?? 1)),
    populationUpdate: top(1),
    dedupRetries: options.dedupRetries ?? 10,
    seed: options.seed,
  });
}
