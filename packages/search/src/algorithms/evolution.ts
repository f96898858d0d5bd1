/**
 * `evolution(...)`: an evolutionary algorithm assembled from operators, with PyGlove's semantics.
 *
 * - **Initial population.** Proposals come from `populationInit` — a generator and a size, default
 *   random search and `populationSize` — until that many rewards came back (or the generator is
 *   exhausted); their rewards are also fed to that generator.
 * - **Reproduction.** Afterwards, when no child is waiting, `reproduction` runs on the population
 *   and *every* child it returns is queued; proposals take children from the queue in order.
 * - **Population update.** Each feedback appends the evaluated DNA (reward in `metadata.reward`) to
 *   the population and applies `populationUpdate` (`null`: the population only grows).
 * - **Global state.** Operators share `globalState` (`numGenerations` is the engine's count).
 * - **Lineage.** Each proposal's `dna.metadata` carries `proposalId` (1-based), `generationId`,
 *   `initialPopulation`, `parentIds` (from mutators and recombinators) and, once evaluated,
 *   `feedbackSequenceNumber` and `reward`; `Study` stores them in the trial's metadata (`lineage`).
 * - **Multi-objective** (`multiObjective: true`): rewards are tuples; selectors compare them
 *   lexicographically unless given a `key`.
 *
 * The algorithm's configuration is a symbolic {@link EvolutionConfig}: `algorithm.config` prints,
 * serializes and compares, and a study stores it to check a resume against.
 */
import { DNA, dnaSpec, symbolic, t, type DNASpec, type Random } from '@tsglove/symbolic';
import { SearchError, SearchExhaustedError } from '../errors.js';
import {
  GeneratorBase,
  lazyRandom,
  type DNAGenerator,
  type HistoryEntry,
  type RecoverOptions,
  type Reward,
  type Seed,
} from '../generator.js';
import { Operator, toOperator, type GlobalState, type OperatorLike } from '../evolution/operator.js';
import { last } from '../evolution/selectors.js';
import { RandomSearch } from './random.js';
import { checkOptionNames } from '../options.js';

/** Options of {@link evolution}. */
export interface EvolutionOptions {
  /** Population → children; all of them are proposed, in order. */
  reproduction: OperatorLike;
  /** Size of the initial population, and of the default `populationUpdate` (default 100). */
  populationSize?: number;
  /** Generator (and size) of the initial population (default: random search, `populationSize`). */
  populationInit?: DNAGenerator | [DNAGenerator, number];
  /** Population after each feedback (default `last(populationSize)`; `null` keeps everyone). */
  populationUpdate?: OperatorLike | null;
  /** Rewards are tuples of objectives (default false). */
  multiObjective?: boolean;
  /** Skip a child that repeats an evaluated DNA, up to this many times per proposal (default 0). */
  dedupRetries?: number;
  /** Name stored with studies (default 'evolution'). */
  name?: string;
  seed?: Seed;
}

/** The option names {@link evolution} takes (checked: an unknown one is an error). */
const EVOLUTION_OPTION_NAMES: ReadonlyArray<keyof EvolutionOptions> = [
  'reproduction',
  'populationSize',
  'populationInit',
  'populationUpdate',
  'multiObjective',
  'dedupRetries',
  'name',
  'seed',
];

/** The symbolic configuration of an {@link Evolution} (what a study stores and compares). */
export class EvolutionConfig extends symbolic('tsglove.search.evolution.Evolution', {
  name: t.str(),
  reproduction: t.object(Operator),
  populationUpdate: t.object(Operator).nullable(),
  populationInit: t.any(),
  populationInitSize: t.int({ min: 0 }).optional(),
  multiObjective: t.bool(),
  dedupRetries: t.int({ min: 0 }),
}) {}

interface Batch {
  /** Proposal index (0-based) at which reproduction ran, earlier reproductions in that proposal, children, feedbacks then. */
  start: number;
  attempt: number;
  size: number;
  feedbacks: number;
  /** The child's position in the batch (on a proposal's metadata). */
  index?: number;
}

/** The generic evolutionary algorithm (see the module comment). */
export class Evolution extends GeneratorBase {
  readonly name: string;
  override readonly multiObjective: boolean;
  readonly populationSize: number;
  /** The symbolic configuration (see {@link EvolutionConfig}). */
  readonly config: EvolutionConfig;
  private readonly reproduction: Operator;
  private readonly update: Operator | null;
  private readonly init: DNAGenerator;
  private readonly initSize: number | undefined;
  private readonly dedupRetries: number;
  private population: DNA[] = [];
  private queue: DNA[] = [];
  private initialized = false;
  private state: GlobalState = { numGenerations: 0 };
  private readonly seen = new Set<string>();
  private recovering = false;
  private readonly randomInit: boolean;

  constructor(options: EvolutionOptions) {
    super(options.seed);
    this.name = options.name ?? 'evolution';
    this.populationSize = options.populationSize ?? 100;
    if (!Number.isInteger(this.populationSize) || this.populationSize < 1) {
      throw new SearchError(`${this.name}: populationSize must be an integer >= 1, got ${this.populationSize}`, 'populationSize');
    }
    this.multiObjective = options.multiObjective ?? false;
    this.reproduction = toOperator(options.reproduction);
    this.update = options.populationUpdate === null ? null : toOperator(options.populationUpdate ?? last(this.populationSize));
    const init = options.populationInit;
    [this.init, this.initSize] = Array.isArray(init) ? init : init ? [init, undefined] : [new RandomSearch({}), this.populationSize];
    // The default initial population is random DNA drawn from each proposal's own random source.
    this.randomInit = init === undefined;
    this.dedupRetries = options.dedupRetries ?? 0;
    for (const [field, op] of [
      ['reproduction', this.reproduction],
      ['populationUpdate', this.update],
    ] as const) {
      if (op && dnaSpec(op).decisionPoints.length > 0) {
        throw new SearchError(
          `${this.name}: ${field} holds hyper values (it is a space of operators); pick one first, e.g. ` +
            '`for (const op of iterate(space)) evolution({ reproduction: op, ... })` or `materialize(space, dna)`',
          field,
        );
      }
    }
    this.config = new EvolutionConfig({
      name: this.name,
      reproduction: this.reproduction,
      populationUpdate: this.update,
      populationInit: this.init.name,
      populationInitSize: this.initSize,
      multiObjective: this.multiObjective,
      dedupRetries: this.dedupRetries,
    });
  }

  /** The current population (evaluated DNA, in the order the update keeps). */
  get members(): readonly DNA[] {
    return this.population;
  }
  /** The state shared by the operators. */
  get globalState(): GlobalState {
    return this.state;
  }
  /** Generations so far (the initial population is generation 1). */
  get numGenerations(): number {
    return this.state.numGenerations as number;
  }

  protected onSetup(spec: DNASpec): void {
    this.population = [];
    this.queue = [];
    this.initialized = false;
    this.state = { numGenerations: 0 };
    this.seen.clear();
    this.init.setup(spec, { seed: `${this.seed}/init` });
  }

  protected onPropose(random: Random): DNA {
    const evolves = { count: 0 };
    for (let attempt = 0; ; attempt++) {
      const dna = this.next(random, evolves);
      if (attempt >= this.dedupRetries || !this.seen.has(dna.key())) return dna;
    }
  }

  private next(random: Random, evolves: { count: number }): DNA {
    if (this.queue.length === 0) {
      if (!this.initialized) {
        try {
          const dna = this.randomInit ? this.spec.randomDNA(random) : this.init.propose();
          dna.metadata.proposalId = this.numProposals + 1;
          dna.metadata.generationId = this.numGenerations + 1;
          dna.metadata.initialPopulation = true;
          return dna;
        } catch (error) {
          if (!(error instanceof SearchExhaustedError)) throw error;
          this.initialized = true;
          this.state.numGenerations = 1;
        }
      }
      this.queue = this.evolve({ start: this.numProposals, attempt: evolves.count++, size: 0, feedbacks: this.numFeedbacks }, random);
    }
    return this.queue.shift()!;
  }

  /** Runs reproduction for a batch; returns its children with lineage. */
  private evolve(batch: Batch, random: Random): DNA[] {
    const children = this.reproduction.call(this.population, { spec: this.spec, random, step: batch.start, globalState: this.state });
    if (children.length === 0) {
      throw new SearchError(
        `${this.name}: reproduction returned no child (is the population empty? ${this.population.length} members; ` +
          'give populationInit a size, or wait for rewards before proposing more)',
      );
    }
    batch.size = children.length;
    const generation = this.numGenerations + 1;
    const out = children.map((child, i) => {
      const dna = child.metadata.feedbackSequenceNumber !== undefined ? child.clone() : child;
      if (dna !== child) for (const k of ['reward', 'feedbackSequenceNumber', 'order']) delete dna.metadata[k];
      dna.spec = this.spec;
      dna.metadata.proposalId = batch.start + 1 + i;
      dna.metadata.generationId = generation;
      dna.metadata.initialPopulation = false;
      dna.metadata.batch = { ...batch, index: i };
      return dna;
    });
    this.state.numGenerations = generation;
    return out;
  }

  protected onFeedback(dna: DNA, reward: Reward, random: Random): void {
    const initial = (dna.metadata.initialPopulation as boolean | undefined) ?? !this.initialized;
    // One literal of a fixed shape (an object spread of varied metadata shapes is a slow path),
    // then any other metadata keys the proposal carried.
    const m = dna.metadata;
    const metadata: Record<string, unknown> = {
      proposalId: m.proposalId,
      generationId: m.generationId,
      initialPopulation: initial,
      parentIds: m.parentIds,
      batch: m.batch,
      reward,
      order: this.numFeedbacks,
      feedbackSequenceNumber: this.numFeedbacks + 1,
    };
    for (const key in m) if (!(key in metadata)) metadata[key] = m[key];
    const evaluated = new DNA(dna.value, dna.children, metadata);
    evaluated.spec = this.spec;
    if (initial) this.init.feedback(dna, reward);
    if (!this.initialized && this.initSize !== undefined && this.numFeedbacks >= this.initSize - 1) {
      this.initialized = true;
      this.state.numGenerations = Math.max(1, this.numGenerations);
    }
    if (this.dedupRetries) this.seen.add(dna.key());
    this.population.push(evaluated);
    if (this.update)
      this.population = this.update.call(this.population, { spec: this.spec, random, step: this.numFeedbacks, globalState: this.state });
    // Replaying a history: the generation count is the largest generation seen (as PyGlove's recover).
    const generation = evaluated.metadata.generationId;
    if (this.recovering && typeof generation === 'number' && generation > this.numGenerations) this.state.numGenerations = generation;
  }

  /**
   * Replays the history; on a resume (a recover right after setup), when the history's lineage
   * shows that the last reproduction batch is still being proposed, rebuilds that batch (same
   * population, same random source) so the next proposals are the children a straight run would
   * propose. (With several workers on one study, the batch rebuilt is the latest one, whichever
   * worker started it.)
   */
  override recover(history: Iterable<HistoryEntry>, options: RecoverOptions = {}): void {
    const entries = [...history];
    const numProposals = options.numProposals ?? Math.max(this.numProposals, this.numFeedbacks + entries.length);
    let open: Batch | undefined;
    let taken = -1; // the last child of the open batch that was proposed (others may have been dropped as duplicates)
    for (const { dna } of entries) {
      const b = dna.metadata.batch as Batch | undefined;
      if (!b) continue;
      if (!open || b.start > open.start || (b.start === open.start && b.attempt > open.attempt)) {
        open = b;
        taken = b.index ?? numProposals - b.start - 1;
      } else if (b.start === open.start && b.attempt === open.attempt) taken = Math.max(taken, b.index ?? taken);
    }
    // Only a recover right after setup (a resume) rebuilds: a live generator that catches up with
    // other workers' results (a shared study) keeps its own queue and must not adopt their batches.
    const fresh = this.numProposals === 0 && this.numFeedbacks === 0;
    if (open && (!fresh || taken + 1 >= open.size)) open = undefined;
    const rebuild = (): void => {
      if (open && this.numFeedbacks === open.feedbacks) {
        const generations = this.numGenerations;
        this.initialized = true;
        // The proposal's random source, as consumed by the reproductions it ran before this one.
        const random = lazyRandom(this.seed, 'propose', open.start);
        for (let i = 0; i < open.attempt; i++) this.evolve({ ...open, attempt: i }, random);
        this.queue = this.evolve({ ...open }, random).slice(taken + 1);
        if (this.queue.length === 0) this.state.numGenerations = generations;
        open = undefined;
      }
    };
    rebuild();
    this.recovering = true;
    try {
      for (const entry of entries) {
        this.feedback(entry.dna, entry.reward);
        rebuild();
      }
    } finally {
      this.recovering = false;
    }
    // The initial-population generator proposed every proposal made before initialization.
    if (!this.initialized) this.init.recover([], { numProposals });
    this.setProposals(numProposals);
  }
}

/** A generic evolutionary algorithm (see {@link EvolutionOptions}). */
export function evolution(options: EvolutionOptions): Evolution {
  checkOptionNames('evolution', options, EVOLUTION_OPTION_NAMES);
  return new Evolution(options);
}
