/**
 * `evolution(...)`: a generic evolutionary algorithm assembled from operators. Until
 * `populationSize` rewards have come back it proposes random DNA; afterwards each proposal runs the
 * `reproduction` operator on the population and proposes its first output. Each feedback appends
 * the evaluated DNA (reward in `metadata.reward`) to the population and applies `populationUpdate`.
 * Regularized evolution and hill climbing are presets of it.
 */
import type { DNA, DNASpec, Random } from '@tsglove/symbolic';
import { SearchError } from '../errors.js';
import { GeneratorBase, type Reward, type Seed } from '../generator.js';
import { withReward } from '../evolution/fitness.js';
import { last } from '../evolution/selectors.js';
import type { Operator } from '../evolution/operator.js';

/** Options of {@link evolution}. */
export interface EvolutionOptions {
  /** Random proposals before reproduction starts, and the population's size (default 100). */
  populationSize?: number;
  /** Population → children; the first child is proposed. */
  reproduction: Operator;
  /** Population after each feedback (default `last(populationSize)`: the youngest survive). */
  populationUpdate?: Operator;
  /**
   * Avoid proposing a DNA already evaluated: retry reproduction (or random sampling) up to this
   * many times (default 0: duplicates allowed, as in PyGlove).
   */
  dedupRetries?: number;
  /** Name stored with studies (default 'evolution'). */
  name?: string;
  seed?: Seed;
}

/** The generic evolutionary algorithm (see the module comment). */
export class Evolution extends GeneratorBase {
  readonly name: string;
  readonly populationSize: number;
  private population: DNA[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly options: EvolutionOptions) {
    super(options.seed);
    this.name = options.name ?? 'evolution';
    this.populationSize = options.populationSize ?? 100;
    if (!Number.isInteger(this.populationSize) || this.populationSize < 1) {
      throw new SearchError(`${this.name}: populationSize must be an integer >= 1, got ${this.populationSize}`, 'populationSize');
    }
  }

  /** The current population (evaluated DNA, oldest first). */
  get members(): readonly DNA[] {
    return this.population;
  }

  protected onSetup(): void {
    this.population = [];
    this.seen.clear();
  }

  protected onPropose(random: Random): DNA {
    const spec = this.spec;
    const retries = this.options.dedupRetries ?? 0;
    let dna = this.makeOne(spec, random);
    for (let i = 0; i < retries && this.seen.has(dna.key()); i++) dna = this.makeOne(spec, random);
    return dna;
  }

  private makeOne(spec: DNASpec, random: Random): DNA {
    if (this.numFeedbacks < this.populationSize || this.population.length === 0) return spec.randomDNA(random);
    const children = this.options.reproduction(this.population, { spec, random, step: this.numProposals });
    if (children.length === 0) throw new SearchError(`${this.name}: the reproduction operator returned no child`);
    return children[0]!;
  }

  protected onFeedback(dna: DNA, reward: Reward, random: Random): void {
    this.population.push(withReward(dna, reward, this.numFeedbacks));
    if (this.options.dedupRetries) this.seen.add(dna.key());
    const update = this.options.populationUpdate ?? last(this.populationSize);
    this.population = update(this.population, { spec: this.spec, random, step: this.numFeedbacks });
  }
}

/** A generic evolutionary algorithm (see {@link EvolutionOptions}). */
export function evolution(options: EvolutionOptions): Evolution {
  return new Evolution(options);
}
