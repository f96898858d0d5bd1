/** Random search: every proposal is an independent uniform random DNA. Rewards are ignored. */
import type { DNA, Random } from '@tsglove/symbolic';
import { GeneratorBase, type Seed } from '../generator.js';

/** Options of {@link random}. */
export interface RandomOptions {
  seed?: Seed;
}

/** Random search (see the module comment). */
export class RandomSearch extends GeneratorBase {
  readonly name = 'random';
  override readonly multiObjective = true;
  constructor(options: RandomOptions = {}) {
    super(options.seed);
  }
  protected onSetup(): void {}
  protected onPropose(random: Random): DNA {
    return this.spec.randomDNA(random);
  }
  protected onFeedback(): void {}
}

/** Random search (see the module comment). */
export function random(options: RandomOptions = {}): RandomSearch {
  return new RandomSearch(options);
}
