/**
 * `sample(space, algorithm, options)`: the tuning loop as an async iterable of
 * `[example, feedback]` pairs.
 *
 * ```ts
 * for await (const [net, feedback] of sample(space, regularizedEvolution(), { numExamples: 100 })) {
 *   await feedback.report(score(net));
 * }
 * ```
 * The loop runs until the study has `numExamples` trials (resumed trials count), the algorithm is
 * exhausted (grid) or the consumer breaks. A trial not reported by the time the next is asked for
 * stays running (report it later: proposals go on without its reward, as in asynchronous evolution).
 */
import type { Concrete } from '@tsglove/symbolic';
import { SearchError, SearchExhaustedError } from './errors.js';
import type { DNAGenerator } from './generator.js';
import { Study, type StudyOptions } from './study.js';
import type { Feedback } from './feedback.js';

/** Options of {@link sample}. */
export interface SampleOptions extends StudyOptions {
  /** Total trials of the study, resumed ones included (default: unbounded). */
  numExamples?: number;
}

/** The async iterable `sample` returns; `study` resolves once the study is open. */
export interface Sampling<T> extends AsyncIterable<[T, Feedback<T>]> {
  readonly study: Promise<Study<T>>;
}

/** Searches a define-by-run function: each example is the function's result under one DNA. */
export function sample<R>(space: () => R, algorithm: DNAGenerator, options?: SampleOptions): Sampling<R>;
/** Searches a space (a tree holding hyper values): each example is the materialized child. */
export function sample<S>(space: S, algorithm: DNAGenerator, options?: SampleOptions): Sampling<Concrete<S>>;
export function sample(space: unknown, algorithm: DNAGenerator, options: SampleOptions = {}): Sampling<unknown> {
  const limit = options.numExamples ?? Infinity;
  if (!(limit >= 0)) throw new SearchError(`sample: numExamples must be a number >= 0, got ${options.numExamples}`, 'numExamples');
  let opened: Promise<Study<unknown>> | undefined;
  const open = (): Promise<Study<unknown>> => (opened ??= Study.create<unknown>(space, algorithm, { maxTrials: options.numExamples, ...options }) as Promise<Study<unknown>>);
  return {
    get study() {
      return open();
    },
    async *[Symbol.asyncIterator]() {
      const study = await open();
      while (study.numTrials < limit) {
        let feedback: Feedback<unknown>;
        try {
          feedback = await study.ask();
        } catch (error) {
          if (error instanceof SearchExhaustedError) return;
          throw error;
        }
        yield [feedback.example, feedback];
      }
    },
  };
}
