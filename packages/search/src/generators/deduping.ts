/**
 * `deduping(generator, options)`: wraps any generator so it proposes a DNA (by its key, or by
 * `hashFn`) at most `maxDuplicates` times (default 1: no repeats), as PyGlove's `pg.geno.Deduping`.
 * A proposal that would exceed the limit is dropped and the inner generator asked again, up to
 * `maxProposalAttempts` times; then the search is exhausted. For generators that take feedback,
 * duplicates are counted over DNA fed back, as in PyGlove; others count proposals.
 *
 * The inner generator's proposal count is kept on each proposal (`metadata.innerProposals`, part of
 * the lineage a study stores), so `recover` puts the inner generator back exactly.
 */
import type { DNA, DNASpec } from '@tsglove/symbolic';
import { SearchError, SearchExhaustedError } from '../errors.js';
import type { DNAGenerator, HistoryEntry, RecoverOptions, Reward, Seed, SetupOptions } from '../generator.js';

/** Options of {@link deduping}. */
export interface DedupingOptions {
  /** The key duplicates share (default `dna.key()`). */
  hashFn?: (dna: DNA) => string | number;
  /** Times the same key may be proposed (default 1). */
  maxDuplicates?: number;
  /** Proposals asked of the inner generator per proposal before giving up (default 100). */
  maxProposalAttempts?: number;
  /** Whether the inner generator learns from feedback (default true; false for random/grid-like). */
  needsFeedback?: boolean;
}

/** A deduping wrapper (see the module comment). */
export class Deduping implements DNAGenerator {
  readonly name: string;
  private readonly cache = new Map<string | number, number>();
  private proposals = 0;
  private feedbacks = 0;

  constructor(
    readonly generator: DNAGenerator,
    private readonly options: DedupingOptions = {},
  ) {
    this.name = `deduping(${generator.name})`;
    const max = options.maxDuplicates ?? 1;
    if (!Number.isInteger(max) || max < 1)
      throw new SearchError(`deduping: maxDuplicates must be an integer >= 1, got ${max}`, 'maxDuplicates');
  }

  get multiObjective(): boolean {
    return this.generator.multiObjective;
  }
  get seed(): Seed {
    return this.generator.seed;
  }
  get numProposals(): number {
    return this.proposals;
  }
  get numFeedbacks(): number {
    return this.feedbacks;
  }
  /** The wrapped generator's configuration, when it has one. */
  get config(): unknown {
    return (this.generator as { config?: unknown }).config;
  }

  private key(dna: DNA): string | number {
    return this.options.hashFn ? this.options.hashFn(dna) : dna.key();
  }
  private get countsFeedback(): boolean {
    return this.options.needsFeedback ?? true;
  }

  setup(spec: DNASpec, options?: SetupOptions): void {
    this.generator.setup(spec, options);
    this.cache.clear();
    this.proposals = 0;
    this.feedbacks = 0;
  }

  propose(): DNA {
    const attempts = this.options.maxProposalAttempts ?? 100;
    const max = this.options.maxDuplicates ?? 1;
    for (let i = 0; i < attempts; i++) {
      const dna = this.generator.propose();
      const key = this.key(dna);
      if ((this.cache.get(key) ?? 0) < max) {
        dna.metadata.innerProposals = this.generator.numProposals;
        if (!this.countsFeedback) this.cache.set(key, (this.cache.get(key) ?? 0) + 1);
        this.proposals++;
        return dna;
      }
    }
    throw new SearchExhaustedError(`${this.name}: ${attempts} proposals in a row were duplicates`);
  }

  feedback(dna: DNA, reward: Reward): void {
    this.generator.feedback(dna, reward);
    if (this.countsFeedback) this.cache.set(this.key(dna), (this.cache.get(this.key(dna)) ?? 0) + 1);
    this.feedbacks++;
  }

  recover(history: Iterable<HistoryEntry>, options: RecoverOptions = {}): void {
    const entries = [...history];
    let inner = 0;
    for (const { dna } of entries) inner = Math.max(inner, (dna.metadata.innerProposals as number | undefined) ?? 0);
    this.generator.recover(entries, { numProposals: Math.max(inner, options.numProposals ?? entries.length) });
    for (const { dna } of entries) {
      if (this.countsFeedback) this.cache.set(this.key(dna), (this.cache.get(this.key(dna)) ?? 0) + 1);
    }
    this.feedbacks += entries.length;
    this.proposals = options.numProposals ?? Math.max(this.proposals, this.feedbacks);
  }
}

/** Wraps `generator` so it does not repeat itself (see {@link Deduping}). */
export function deduping(generator: DNAGenerator, options?: DedupingOptions): Deduping {
  return new Deduping(generator, options);
}
