/**
 * NSGA-II (Deb et al., 2002), steady-state: until `populationSize` rewards have come back it
 * proposes random DNA; afterwards each proposal is a child of two parents chosen by binary
 * tournaments on (non-domination rank, crowding distance), recombined with probability
 * `crossoverProbability` and then mutated. Each feedback adds the DNA to the population and, when it
 * exceeds `populationSize`, drops the worst by rank then crowding distance. Rewards are tuples of
 * objectives, all maximized (a number is one objective).
 */
import type { DNA, Random } from '@tsglove/symbolic';
import { RewardError, SearchError } from '../errors.js';
import { GeneratorBase, type Reward, type Seed } from '../generator.js';
import { withReward } from '../evolution/fitness.js';
import type { Operator } from '../evolution/operator.js';
import { uniformMutator } from '../evolution/mutators.js';
import { uniformCrossover } from '../evolution/recombinators.js';
import { crowdingDistance, nonDominatedSort } from '../objectives.js';
import { checkOptionNames } from '../options.js';

/** Options of {@link nsga2}. */
export interface NSGA2Options {
  /** Population size (default 50). */
  populationSize?: number;
  /** Recombinator (default `uniformCrossover()`). */
  recombinator?: Operator;
  /** Mutator (default `uniformMutator()`). */
  mutator?: Operator;
  /** Probability of recombining the two parents (default 0.9). */
  crossoverProbability?: number;
  seed?: Seed;
}

/** The option names {@link nsga2} takes (checked: an unknown one is an error). */
const NSGA2_OPTION_NAMES: ReadonlyArray<keyof NSGA2Options> = ['populationSize', 'recombinator', 'mutator', 'crossoverProbability', 'seed'];

function objectives(reward: Reward): readonly number[] {
  return typeof reward === 'number' ? [reward] : reward;
}

/** NSGA-II (see the module comment). */
export class NSGA2 extends GeneratorBase {
  readonly name = 'nsga2';
  override readonly multiObjective = true;
  readonly populationSize: number;
  private population: DNA[] = [];
  private rank: number[] = [];
  private crowding: number[] = [];
  private arity: number | undefined;

  constructor(private readonly options: NSGA2Options = {}) {
    super(options.seed);
    this.populationSize = options.populationSize ?? 50;
    if (!Number.isInteger(this.populationSize) || this.populationSize < 2) {
      throw new SearchError(`nsga2: populationSize must be an integer >= 2, got ${this.populationSize}`, 'populationSize');
    }
  }

  /** The current population (evaluated DNA; rewards in `metadata.reward`). */
  get members(): readonly DNA[] {
    return this.population;
  }

  protected onSetup(): void {
    this.population = [];
    this.rank = [];
    this.crowding = [];
    this.arity = undefined;
  }

  protected onPropose(random: Random): DNA {
    const spec = this.spec;
    if (this.numFeedbacks < this.populationSize) return spec.randomDNA(random);
    const pick = (): DNA => {
      const a = Math.floor(random() * this.population.length);
      const b = Math.floor(random() * this.population.length);
      const better = this.rank[a]! < this.rank[b]! || (this.rank[a] === this.rank[b] && this.crowding[a]! >= this.crowding[b]!);
      return this.population[better ? a : b]!;
    };
    const context = { spec, random, step: this.numProposals, globalState: {} };
    let child = pick();
    if (random() < (this.options.crossoverProbability ?? 0.9)) {
      child = (this.options.recombinator ?? uniformCrossover()).call([child, pick()], context)[0]!;
    }
    return (this.options.mutator ?? uniformMutator()).call([child], context)[0]!;
  }

  protected onFeedback(dna: DNA, reward: Reward): void {
    const obj = objectives(reward);
    if (this.arity === undefined) this.arity = obj.length;
    else if (obj.length !== this.arity) {
      throw new RewardError(`nsga2: expected ${this.arity} objectives (as in earlier rewards), got ${obj.length}`, reward);
    }
    this.population.push(withReward(dna, [...obj], this.numFeedbacks));
    this.rankPopulation();
    if (this.population.length > this.populationSize) {
      const order = [...this.population.keys()].sort(
        (a, b) => this.rank[a]! - this.rank[b]! || this.crowding[b]! - this.crowding[a]! || b - a,
      );
      const keep = new Set(order.slice(0, this.populationSize));
      this.population = this.population.filter((_, i) => keep.has(i));
      this.rankPopulation();
    }
  }

  private rankPopulation(): void {
    const points = this.population.map((d) => d.metadata.reward as number[]);
    this.rank = new Array(points.length).fill(0);
    this.crowding = new Array(points.length).fill(0);
    nonDominatedSort(points).forEach((front, r) => {
      const cd = crowdingDistance(front.map((i) => points[i]!));
      front.forEach((i, k) => {
        this.rank[i] = r;
        this.crowding[i] = cd[k]!;
      });
    });
  }
}

/** NSGA-II (see the module comment). */
export function nsga2(options: NSGA2Options = {}): NSGA2 {
  checkOptionNames('nsga2', options, NSGA2_OPTION_NAMES);
  return new NSGA2(options);
}
