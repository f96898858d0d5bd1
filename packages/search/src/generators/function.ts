/**
 * `dnaGenerator(name, fn)`: a generator written as a function (PyGlove's `pg.geno.dna_generator`):
 * `fn(spec)` returns an iterator of DNA — a generator function is the natural way — and each
 * proposal is its next value; when it ends the search is exhausted. Such a generator takes no
 * feedback; `recover` skips the proposals already made.
 *
 * ```ts
 * const fromList = dnaGenerator('fromList', function* (spec) {
 *   for (const numbers of saved) yield DNA.fromNumbers(numbers, spec);
 * });
 * ```
 */
import type { DNA, DNASpec } from '@tsglove/symbolic';
import { SearchExhaustedError } from '../errors.js';
import { GeneratorBase, type HistoryEntry, type RecoverOptions, type Seed } from '../generator.js';

/** A DNA-producing function (see the module comment). */
export type DNAFunction = (spec: DNASpec, context: { seed: Seed }) => Iterator<DNA>;

/** A generator made from a function (see the module comment). */
export class FunctionGenerator extends GeneratorBase {
  private iterator: Iterator<DNA> | null = null;
  private made = 0;

  constructor(
    readonly name: string,
    private readonly fn: DNAFunction,
    seed?: Seed,
  ) {
    super(seed);
  }

  protected onSetup(spec: DNASpec): void {
    this.iterator = this.fn(spec, { seed: this.seed });
    this.made = 0;
  }

  protected onPropose(): DNA {
    const next = this.iterator!.next();
    if (next.done) throw new SearchExhaustedError(`${this.name}: the function has no more DNA`);
    this.made++;
    return next.value;
  }

  protected onFeedback(): void {}

  override recover(history: Iterable<HistoryEntry>, options: RecoverOptions = {}): void {
    super.recover(history, options);
    // Skip what the function already gave.
    while (this.made < this.numProposals && !this.iterator!.next().done) this.made++;
  }
}

/** A generator from a function of the spec returning an iterator of DNA (see the module comment). */
export function dnaGenerator(name: string, fn: DNAFunction, options: { seed?: Seed } = {}): FunctionGenerator {
  return new FunctionGenerator(name, fn, options.seed);
}
