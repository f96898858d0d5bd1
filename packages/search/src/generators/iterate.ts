/**
 * `iterate(space, { algorithm, numExamples })`: the examples an algorithm proposes for a space,
 * without a study (PyGlove's `pg.iter(space, num_examples, algorithm)`). With the default
 * algorithm (grid) it walks the space in order. With `feedback: true` each step yields
 * `[example, report]`, and `report(reward)` feeds the algorithm before the next proposal.
 */
import type { Concrete } from '@tsglove/symbolic';
import { SearchError, SearchExhaustedError } from '../errors.js';
import type { DNAGenerator, Reward } from '../generator.js';
import { GridSearch } from '../algorithms/grid.js';
import { prepareSpace } from '../space.js';

/** Options of {@link iterate}. */
export interface IterateOptions {
  /** The generator (default: grid). */
  algorithm?: DNAGenerator;
  /** Examples to yield at most (default: until the algorithm is exhausted). */
  numExamples?: number;
}

/** Yields the examples `algorithm` proposes for `space` (see the module comment). */
export function iterate<S>(space: S, options?: IterateOptions & { feedback?: false }): Generator<Concrete<S>>;
/** Yields `[example, report]`; call `report(reward)` before the next step. */
export function iterate<S>(space: S, options: IterateOptions & { feedback: true }): Generator<[Concrete<S>, (reward: Reward) => void]>;
export function* iterate(space: unknown, options: IterateOptions & { feedback?: boolean } = {}): Generator<unknown> {
  const prepared = prepareSpace<unknown>(space);
  const algorithm = options.algorithm ?? new GridSearch();
  algorithm.setup(prepared.spec);
  const limit = options.numExamples ?? Infinity;
  for (let i = 0; i < limit; i++) {
    let dna;
    try {
      dna = algorithm.propose();
    } catch (error) {
      if (error instanceof SearchExhaustedError) return;
      throw error;
    }
    const example = prepared.make(dna);
    if (!options.feedback) {
      yield example;
      continue;
    }
    let reported = false;
    yield [
      example,
      (reward: Reward) => {
        if (reported) throw new SearchError(`iterate: example ${i} was already reported`);
        reported = true;
        algorithm.feedback(dna, reward);
      },
    ];
  }
}
