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
 *
 * **Failures.** A bad reward (NaN, ±Infinity, a string, a wrongly shaped tuple) fails its trial with
 * the reason and the loop goes on (see `Study.tell`); in `run`, so does a throwing `evaluate`
 * unless `raise` selects the error. A loop never ends or stalls silently with trials running: when
 * the `for await` form ends with trials not reported, a warning names them; when it waits for a
 * trial to end (`workers`) and nothing is left that could end it, it throws an error naming them.
 */
import type { Concrete, DNA, DNASpec } from '@tsglove/symbolic';
import { MaterializeError, SearchError, SearchExhaustedError, StaleTrialError } from './errors.js';
import { checkOptionNames } from './options.js';
import type { DNAGenerator } from './generator.js';
import { STUDY_OPTION_NAMES, Study, type StudyOptions } from './study.js';
import { matchesErrors, type Feedback, type SkippedErrors, type TrialResult } from './feedback.js';

/** Trials in a row whose DNA the space cannot run before `sample()` gives up (the space is broken). */
const MAX_MATERIALIZE_FAILURES = 10;

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

const SAMPLE_OPTION_NAMES: ReadonlyArray<keyof SampleOptions> = [...STUDY_OPTION_NAMES, 'numExamples', 'workers', 'timeout'];

/** What `run` calls per trial: returns the result to report (or ends the trial itself through `feedback`). */
export type Evaluate<T> = (example: T, feedback: Feedback<T>) => TrialResult | Promise<TrialResult>;

/** Error classes, or a test, selecting errors (see {@link RunOptions.raise}). */
export type ErrorSelector = ReadonlyArray<abstract new (...args: never[]) => unknown> | ((error: unknown) => boolean);

/** Options of {@link Sampling.run}. */
export interface RunOptions {
  /**
   * When `evaluate` throws (or rejects), the trial is stored as failed (with the error's message as
   * the reason, and a warning), then: `'fail'` (default) goes on with the next trial; `'throw'`
   * stops proposing, waits for the trials in flight and rethrows the first error.
   */
  onError?: 'throw' | 'fail';
  /** Errors that skip the trial (infeasible) instead of failing it; the loop goes on (PyGlove's `skip_on_exceptions`). */
  skipOnExceptions?: SkippedErrors;
  /**
   * Errors that stop the loop as `onError: 'throw'` does, while the others fail only their trial —
   * e.g. `raise: [RangeError]`, or `(e) => e instanceof MyBug` (Optuna's `catch`, from the other side).
   */
  raise?: ErrorSelector;
}

const RUN_OPTION_NAMES: ReadonlyArray<keyof RunOptions> = ['onError', 'skipOnExceptions', 'raise'];

function selects(selector: ErrorSelector, error: unknown): boolean {
  return typeof selector === 'function' ? selector(error) : selector.some((cls) => error instanceof cls);
}

/** The ids of trials as text: `trial 3`, `trials 1, 2 and 5`. */
function trialIds(ids: readonly number[]): string {
  if (ids.length === 1) return `trial ${ids[0]}`;
  return `trials ${ids.slice(0, -1).join(', ')} and ${ids[ids.length - 1]}`;
}

/**
 * Waits for `wait` unless the process runs out of work first (Node's `beforeExit`: nothing else can
 * end the trials), in which case it rejects with an error naming the trials still running.
 */
async function unlessStalled(wait: Promise<unknown>, study: Study<unknown>): Promise<void> {
  let onIdle: (() => void) | undefined;
  const stalled = new Promise<never>((_, reject) => {
    onIdle = () => {
      const ids = study.openTrials;
      reject(
        new SearchError(
          `sample: the loop waits for ${trialIds(ids)} to end, but nothing is left that could end ${ids.length === 1 ? 'it' : 'them'}: ` +
            'call `await feedback.report(reward)` (or `feedback.fail(reason)` / `feedback.skip()`) for every trial in the loop body',
          'workers',
        ),
      );
    };
    process.once('beforeExit', onIdle);
  });
  try {
    await Promise.race([wait, stalled]);
  } finally {
    process.removeListener('beforeExit', onIdle!);
  }
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
  checkOptionNames('sample', options, SAMPLE_OPTION_NAMES);
  const limit = options.numExamples ?? Infinity;
  if (typeof limit !== 'number' || !(limit === Infinity || (Number.isInteger(limit) && limit >= 0))) {
    throw new SearchError(
      `sample: numExamples must be a whole number of trials >= 0 (or Infinity), got ${typeof limit === 'string' ? JSON.stringify(limit) : limit}`,
      'numExamples',
    );
  }
  const workers = options.workers;
  if (workers !== undefined && !(Number.isInteger(workers) && workers >= 1)) {
    throw new SearchError(`sample: workers must be an integer >= 1, got ${workers}`, 'workers');
  }
  const timeout = options.timeout;
  if (timeout !== undefined && !(timeout >= 0))
    throw new SearchError(`sample: timeout must be a number of seconds >= 0, got ${timeout}`, 'timeout');
  let deadline: number | undefined;
  let opened: Promise<Study<unknown>> | undefined;
  const open = (): Promise<Study<unknown>> =>
    (opened ??= Study.create<unknown>(space, algorithm, { maxTrials: options.numExamples, ...options }) as Promise<Study<unknown>>);
  let materializeFailures = 0;
  /**
   * The next trial, or undefined when the loop is done. The storage counts the study's trials
   * (`maxTrials` = `numExamples`): it stops making new ones at the budget, and the study waits while a
   * trial of another worker may still come back (see `Study.ask`).
   */
  const next = async (study: Study<unknown>): Promise<Feedback<unknown> | undefined> => {
    if (study.loopEnded) return undefined;
    if (timeout !== undefined) {
      deadline ??= performance.now() + timeout * 1000;
      if (performance.now() >= deadline) return undefined;
    }
    try {
      const feedback = await study.ask();
      materializeFailures = 0;
      return feedback;
    } catch (error) {
      if (error instanceof SearchExhaustedError) return undefined;
      // A DNA the space cannot run fails its trial (stored), and the loop goes on, unless every
      // trial of a row fails so: then the space itself is broken.
      if (error instanceof MaterializeError && ++materializeFailures < MAX_MATERIALIZE_FAILURES) {
        study.warn(error.message);
        return next(study);
      }
      throw error;
    }
  };
  return {
    get study() {
      return open();
    },
    async *[Symbol.asyncIterator]() {
      const study = await open();
      const inFlight = new Set<Promise<void>>();
      const asked: number[] = [];
      let finished = false;
      try {
        for (;;) {
          while (workers !== undefined && inFlight.size >= workers) await unlessStalled(Promise.race(inFlight), study);
          const feedback = await next(study);
          if (!feedback) break;
          asked.push(feedback.id);
          if (workers !== undefined) {
            const ended: Promise<void> = study.whenEnded(feedback.id).then(() => void inFlight.delete(ended));
            inFlight.add(ended);
          }
          yield [feedback.example, feedback];
        }
        await unlessStalled(Promise.all(inFlight), study);
        finished = true;
      } finally {
        await study.idle(); // reports called without await apply first
        const running = asked.filter((id) => study.isOpen(id));
        if (running.length > 0 && (finished || workers === undefined)) {
          study.warn(
            `sample: the loop ${finished ? 'ended' : 'stopped'} with ${trialIds(running)} still running (never reported); ` +
              'report each trial in the loop body with `await feedback.report(reward)`, or end it with `feedback.fail()` / `feedback.skip()`',
          );
        }
      }
    },
    async run(evaluate, runOptions = {}) {
      checkOptionNames('run', runOptions, RUN_OPTION_NAMES);
      const study = await open();
      const onError = runOptions.onError ?? 'fail';
      if (onError !== 'fail' && onError !== 'throw')
        throw new SearchError(`run: onError must be 'fail' or 'throw', got ${JSON.stringify(onError)}`, 'onError');
      const raise = runOptions.raise;
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
                await feedback
                  .skip(`skipped on ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`)
                  .catch((e) => {
                    if (!(e instanceof StaleTrialError)) throw e;
                  });
              }
              continue;
            }
            const reason = `evaluate: ${error instanceof Error ? error.message : String(error)}`;
            if (!feedback.ended) {
              await feedback.fail(reason).catch((e) => {
                if (!(e instanceof StaleTrialError)) throw e;
              });
            }
            if (onError === 'throw' || (raise !== undefined && selects(raise, error))) firstError ??= { error };
            else study.warn(`study ${JSON.stringify(study.name)}: trial ${feedback.id} failed: ${reason}`);
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
