/** Random search: every proposal is an independent uniform random DNA. Rewards are ignored. */
import type { DNA, Random } from '@tsglove/symbolic';
import { GeneratorBase, type Seed } from '../generator.js';
import { checkOptionNames } from '../options.js';

/** Options of {@link random}. */
export interface RandomOptions {
  seed?: Seed;
}

/** The option names {@link random} takes (checked: an unknown one is an error). */
const RANDOM_OPTION_NAMES: ReadonlyArray<keyof RandomOptions> = ['seed'];

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
  checkOptionNames('random', options, RANDOM_OPTION_NAMES);
  return new RandomSearch(options);
}
