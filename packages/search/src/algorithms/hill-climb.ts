/**
 * Hill climbing: keep the best DNA so far and propose mutations of it; a child replaces it only if
 * strictly better. Starts from one random DNA.
 */
import type { Seed } from '../generator.js';
import { pipeline, type Operator } from '../evolution/operator.js';
import { top } from '../evolution/selectors.js';
import { uniformMutator } from '../evolution/mutators.js';
import { Evolution } from './evolution.js';

/** Options of {@link hillClimb}. */
export interface HillClimbOptions {
  /** Mutation operator (default `uniformMutator()`). */
  mutator?: Operator;
  /** Retry a proposal that repeats an evaluated DNA up to this many times (default 10). */
  dedupRetries?: number;
  seed?: Seed;
}

/** Hill climbing (see the module comment). */
export function hillClimb(options: HillClimbOptions = {}): Evolution {
  return new Evolution({
    name: 'hillClimb',
    populationSize: 1,
    reproduction: pipeline(top(1), options.mutator ?? uniformMutator()),
    populationUpdate: top(1),
    dedupRetries: options.dedupRetries ?? 10,
    seed: options.seed,
  });
}
