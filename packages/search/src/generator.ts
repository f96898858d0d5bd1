/**
 * The DNA-generator contract every search algorithm implements:
 * `setup(spec)` → `propose()` → `feedback(dna, reward)` ..., and `recover(history)`, which rebuilds
 * the exact state from the spec, the seed and the `(dna, reward)` history.
 *
 * {@link GeneratorBase} makes `recover` exact for free: the randomness of the n-th proposal comes
 * from a generator seeded with `(seed, 'propose', n)` and that of the n-th feedback from
 * `(seed, 'feedback', n)`, so an algorithm's state is a function of the seed, the number of
 * proposals and the feedback history — nothing hides in a shared random stream.
 */
import { seededRandom, type DNA, type DNASpec, type Random, type Seed } from '@tsglove/symbolic';
import { RewardError, SearchError } from './errors.js';

/**
 * Key of `dna.metadata` listing the ids of decisions a trial did not use (a define-by-run space
 * that grows with earlier choices: a trial with 2 layers ignores `width2`). Studies set it before
 * feedback; an algorithm may model each decision only over the trials that used it (TPE does).
 */
export const UNUSED_DECISIONS = 'unusedDecisions';

/** A reward: a number, or a tuple of numbers for multi-objective search (larger is better). */
export type Reward = number | readonly number[];

export type { Seed };

/** One entry of a search history: a DNA and the reward it got. */
export interface HistoryEntry {
  dna: DNA;
  reward: Reward;
}

/** Options of {@link DNAGenerator.setup}. */
export interface SetupOptions {
  /** Seed to use when the algorithm was made without one (e.g. `sample({ seed })`). */
  seed?: Seed;
}

/** Options of {@link DNAGenerator.recover}. */
export interface RecoverOptions {
  /**
   * Proposals made so far (default: the history's length). Larger when proposals are pending or
   * were skipped; the next proposal is then the one after them.
   */
  numProposals?: number;
}

/** The search-algorithm contract (PyGlove's `DNAGenerator`). */
export interface DNAGenerator {
  /** Algorithm name, e.g. `'regularizedEvolution'` (stored with a study). */
  readonly name: string;
  /** Whether rewards may be tuples (multi-objective). */
  readonly multiObjective: boolean;
  /** The seed in use (after setup). */
  readonly seed: Seed;
  /** Proposals made since setup. */
  readonly numProposals: number;
  /** Feedbacks received since setup. */
  readonly numFeedbacks: number;
  /** Starts (or restarts) a search over `spec`; forgets any previous state. */
  setup(spec: DNASpec, options?: SetupOptions): void;
  /** The next DNA to evaluate (valid for the spec); throws `SearchExhaustedError` when done. */
  propose(): DNA;
  /** Reports a DNA's reward (a number, or a tuple when `multiObjective`). */
  feedback(dna: DNA, reward: Reward): void;
  /** Rebuilds the state after setup from a history, as if those feedbacks had just been given. */
  recover(history: Iterable<HistoryEntry>, options?: RecoverOptions): void;
}

/** Checks a reward's shape against what a generator accepts; throws {@link RewardError}. */
export function checkReward(generator: Pick<DNAGenerator, 'name' | 'multiObjective'>, reward: unknown): Reward {
  if (typeof reward === 'number') {
    if (!Number.isFinite(reward)) {
      throw new RewardError(
        `${generator.name}: reward must be a finite number, got ${reward} (report a finite value, or fail or skip the trial)`,
        reward,
      );
    }
    return reward;
  }
  if (Array.isArray(reward)) {
    if (!generator.multiObjective) {
      throw new RewardError(
        `${generator.name}: takes a single number as reward, got a tuple [${reward.join(', ')}] ` +
          '(multi-objective rewards need an algorithm that declares them, such as nsga2())',
        reward,
      );
    }
    if (reward.length === 0 || reward.some((r) => typeof r !== 'number' || !Number.isFinite(r))) {
      throw new RewardError(
        `${generator.name}: a multi-objective reward must be a non-empty tuple of finite numbers, got [${reward.map(String).join(', ')}]`,
        reward,
      );
    }
    return reward as readonly number[];
  }
  throw new RewardError(
    `${generator.name}: reward must be a number${generator.multiObjective ? ' or a tuple of numbers' : ''}, got ${typeof reward === 'string' ? `the string ${JSON.stringify(reward)}` : (JSON.stringify(reward) ?? String(reward))} ` +
      '(return a number, or { reward, metrics })',
    reward,
  );
}

/** Like {@link seededRandom}, but the generator is only built at its first draw (many steps draw nothing). */
export function lazyRandom(seed: Seed, ...parts: Array<string | number>): Random {
  let source: Random | undefined;
  return () => (source ??= seededRandom(seed, ...parts))();
}

/** The reward as a single number (its first objective for tuples). */
export function scalarReward(reward: Reward): number {
  return typeof reward === 'number' ? reward : reward[0]!;
}

/**
 * Base class of the algorithms: bookkeeping, reward checks, per-step random sources and an exact
 * `recover` (see the module comment). Subclasses implement `onSetup`, `onPropose`, `onFeedback`.
 */
export abstract class GeneratorBase implements DNAGenerator {
  abstract readonly name: string;
  readonly multiObjective: boolean = false;
  private configuredSeed: Seed | undefined;
  private activeSeed: Seed = 0;
  private currentSpec: DNASpec | null = null;
  private proposals = 0;
  private feedbacks = 0;

  constructor(seed?: Seed) {
    this.configuredSeed = seed;
  }

  get seed(): Seed {
    return this.activeSeed;
  }
  get numProposals(): number {
    return this.proposals;
  }
  get numFeedbacks(): number {
    return this.feedbacks;
  }
  /** The spec given to `setup`. */
  get spec(): DNASpec {
    if (!this.currentSpec) throw new SearchError(`${this.name}: call setup(spec) before propose/feedback/recover`);
    return this.currentSpec;
  }

  setup(spec: DNASpec, options: SetupOptions = {}): void {
    this.currentSpec = spec;
    this.activeSeed = this.configuredSeed ?? options.seed ?? 0;
    this.proposals = 0;
    this.feedbacks = 0;
    this.onSetup(spec);
  }

  propose(): DNA {
    const spec = this.spec;
    const dna = this.onPropose(lazyRandom(this.activeSeed, 'propose', this.proposals));
    dna.spec = spec;
    this.proposals++;
    return dna;
  }

  feedback(dna: DNA, reward: Reward): void {
    const spec = this.spec;
    const checked = checkReward(this, reward);
    try {
      if (dna.spec !== spec) spec.validate(dna);
    } catch (error) {
      throw new SearchError(`${this.name}: feedback for a DNA that does not fit the spec: ${(error as Error).message}`);
    }
    this.onFeedback(dna, checked, lazyRandom(this.activeSeed, 'feedback', this.feedbacks));
    this.feedbacks++;
  }

  recover(history: Iterable<HistoryEntry>, options: RecoverOptions = {}): void {
    for (const { dna, reward } of history) this.feedback(dna, reward);
    this.proposals = options.numProposals ?? Math.max(this.proposals, this.feedbacks);
  }

  /** Sets the proposal count (for `recover` overrides). */
  protected setProposals(n: number): void {
    this.proposals = n;
  }

  /** Resets algorithm state for a new spec. */
  protected abstract onSetup(spec: DNASpec): void;
  /** Makes the next proposal from this step's random source. */
  protected abstract onPropose(random: Random): DNA;
  /** Takes a (checked) reward; `random` is this feedback's random source. */
  protected abstract onFeedback(dna: DNA, reward: Reward, random: Random): void;
}
