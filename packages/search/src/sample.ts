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
 *
 * **Concurrent trials.** `workers: N` keeps up to N trials of the loop in flight at once:
 * `sampling.run(evaluate)` runs N evaluations concurrently (Optuna's `n_jobs`), and in the
 * `for await` form the next example waits until fewer than N trials are running, so a loop body
 * that starts an evaluation without awaiting it gets back-pressure, and the loop ends only when its
 * last trial has ended. Concurrency in one process pays off when evaluation is asynchronous work
 * (worker threads, child processes, remote trainers); for CPU-bound JavaScript use several
 * processes on one SQLite or PostgreSQL study (`storage` + `name`), e.g. `tsglove search --workers N`.
 *
 * **Lost leases.** On a shared storage a trial's lease expires when its worker stops beating for
 * `staleMs` (see `storage/shared-store.ts`); the trial is handed to another worker, and a late
 * `report` from the first throws `StaleTrialError` (nothing is stored). `run()` drops such a trial
 * and goes on; in the `for await` form, catch it around `feedback.report`.
 *
 * **Time budget.** `timeout` (seconds) starts no trial after that time; running ones finish.
 */
import type { Concrete, DNA, DNASpec } from '@tsglove/symbolic';
import { SearchError, SearchExhaustedError, StaleTrialError } from './errors.js';
import { isSharedStorage } from './storage/shared-store.js';
import type { DNAGenerator } from './generator.js';
import { Study, type StudyOptions } from './study.js';
import { matchesErrors, type Feedback, type SkippedErrors, type TrialResult } from './feedback.js';

/** Options of {@link sample}. */
export interface SampleOptions extends StudyOptions {
  /** Total trials of the study, resumed ones included (default: unbounded). */
  numExamples?: number;
  /**
   * Trials of this loop in flight at once (see the module comment). Default: 1 for `run()`;
   * unlimited for the `for await` form (each trial is expected to be reported in the loop body).
   */
  workers?: number;
  /**
   * Seconds after which no new trial is started (Optuna's `timeout`); trials already running
   * finish and are reported as usual. Counted from the first example asked for.
   */
  timeout?: number;
}

/** What `run` calls per trial: returns the result to report (or ends the trial itself through `feedback`). */
export type Evaluate<T> = (example: T, feedback: Feedback<T>) => TrialResult | Promise<TrialResult>;

/** Options of {@link Sampling.run}. */
export interface RunOptions {
  /**
   * When `evaluate` throws (or rejects), the trial is stored as failed, then: `'throw'` (default, as
   * Optuna) stops proposing, waits for the trials in flight and rethrows the first error; `'fail'`
   * goes on with the next trial.
   */
  onError?: 'throw' | 'fail';
  /** Errors that skip the trial (infeasible) instead of failing it; the loop goes on (PyGlove's `skip_on_exceptions`). */
  skipOnExceptions?: SkippedErrors;
}

/** The async iterable `sample` returns; `study` resolves once the study is open. */
export interface Sampling<T> extends AsyncIterable<[T, Feedback<T>]> {
  readonly study: Promise<Study<T>>;
  /**
   * Evaluates examples with `evaluate`, `workers` at a time, until the study has `numExamples`
   * trials or the algorithm is exhausted; resolves with the study once every trial it started ended.
   */
  run(evaluate: Evaluate<T>, options?: RunOptions): Promise<Study<T>>;
}

/** Searches a define-by-run function: each example is the function's result under one DNA. */
export function sample<R>(space: () => R, algorithm: DNAGenerator, options?: SampleOptions): Sampling<R>;
/** Searches a bare DNASpec: each example is a DNA of it (PyGlove's `pg.sample(dna_spec, ...)`). */
export function sample(space: DNASpec, algorithm: DNAGenerator, options?: SampleOptions): Sampling<DNA>;
/** Searches a space (a tree holding hyper values): each example is the materialized child. */
export function sample<S>(space: S, algorithm: DNAGenerator, options?: SampleOptions): Sampling<Concrete<S>>;
export function sample(space: unknown, algorithm: DNAGenerator, options: SampleOptions = {}): Sampling<unknown> {
  const limit = options.numExamples ?? Infinity;
  if (!(limit >= 0)) throw new SearchError(`sample: numExamples must be a number >= 0, got ${options.numExamples}`, 'numExamples');
  const workers = options.workers;
  if (workers !== undefined && !(Number.isInteger(workers) && workers >= 1)) {
    throw new SearchError(`sample: workers must be an integer >= 1, got ${workers}`, 'workers');
  }
  const timeout = options.timeout;
  if (timeout !== undefined && !(timeout >= 0)) throw new SearchError(`sample: timeout must be a number of seconds >= 0, got ${timeout}`, 'timeout');
  let deadline: number | undefined;
  let opened: Promise<Study<unknown>> | undefined;
  const open = (): Promise<Study<unknown>> => (opened ??= Study.create<unknown>(space, algorithm, { maxTrials: options.numExamples, ...options }) as Promise<Study<unknown>>);
  /** Asks for the next trial unless the budget is spent (counting asks still under way); undefined when done. */
  let asking = 0;
  const next = async (study: Study<unknown>): Promise<Feedback<unknown> | undefined> => {
    // A shared study counts its trials in the storage (acquire stops at maxTrials, and waits for
    // trials other workers still run); a local count would stop before a dead worker's trial returns.
    const counted = isSharedStorage(study.storage) && options.numExamples !== undefined;
    if (study.loopEnded || (!counted && study.numTrials + asking >= limit)) return undefined;
    if (timeout !== undefined) {
      deadline ??= performance.now() + timeout * 1000;
      if (performance.now() >= deadline) return undefined;
    }
    asking++;
    try {
      return await study.ask();
    } catch (error) {
      if (error instanceof SearchExhaustedError) return undefined;
      throw error;
    } finally {
      asking--;
    }
  };
  return {
    get study() {
      return open();
    },
    async *[Symbol.asyncIterator]() {
      const study = await open();
      const inFlight = new Set<Promise<void>>();
      for (;;) {
        while (workers !== undefined && inFlight.size >= workers) await Promise.race(inFlight);
        const feedback = await next(study);
        if (!feedback) break;
        if (workers !== undefined) {
          const ended: Promise<void> = study.whenEnded(feedback.id).then(() => void inFlight.delete(ended));
          inFlight.add(ended);
        }
        yield [feedback.example, feedback];
      }
      await Promise.all(inFlight);
    },
    async run(evaluate, runOptions = {}) {
      const study = await open();
      const onError = runOptions.onError ?? 'throw';
      let firstError: { error: unknown } | undefined;
      const worker = async (): Promise<void> => {
        while (!firstError) {
          const feedback = await next(study);
          if (!feedback) return;
          try {
            const result = await evaluate(feedback.example, feedback);
            if (!feedback.ended) await feedback.report(result);
          } catch (error) {
            // This worker lost the trial's lease (it was handed to another worker): nothing was stored; move on.
            if (error instanceof StaleTrialError) continue;
            if (runOptions.skipOnExceptions && matchesErrors(runOptions.skipOnExceptions, error)) {
              if (!feedback.ended) {
                await feedback.skip(`skipped on ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`).catch((e) => {
                  if (!(e instanceof StaleTrialError)) throw e;
                });
              }
              continue;
            }
            if (!feedback.ended) {
              await feedback.fail(`evaluate: ${error instanceof Error ? error.message : String(error)}`).catch((e) => {
                if (!(e instanceof StaleTrialError)) throw e;
              });
            }
            if (onError === 'throw') firstError ??= { error };
          }
        }
      };
      const outcomes = await Promise.allSettled(Array.from({ length: workers ?? 1 }, worker));
      if (firstError) throw firstError.error;
      const rejected = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
      if (rejected) throw rejected.reason;
      return study;
    },
  };
}
