/**
 * Weight-sharing loops wired to a study's early stopping (Optuna's pruning integrations, for ENAS
 * and DARTS). Each loop is written once, as a generator that yields a validation measurement after
 * each epoch (ENAS) or every `reportEvery` steps (DARTS) and takes back whether to stop; `runEnas` /
 * `runDarts` drive it straight through, and {@link driveWithTrial} drives it for a trial: each
 * measurement goes to `trial.addMeasurement`, and `trial.shouldStop()` (the study's policy) decides.
 *
 * ```ts
 * await sample(space, tpe(), { numExamples: 20, earlyStopping: medianStopping() }).run(async ({ archLr }, feedback) => {
 *   const r = await searchArchitecture(nas, data, darts({ steps: 200, archLr, trial: feedback }));
 *   if (r.stopped) await feedback.prune(`pruned after ${r.losses.length} steps`);
 *   return -r.validLosses.at(-1)!;
 * });
 * ```
 */
import { ModelsError } from '@tsglove/models';
import type { TrialReporter } from '@tsglove/train';

/** One validation measurement of a loop, as a trial stores it. */
export interface LoopMeasurement {
  /** The epoch (ENAS) or step (DARTS) it was taken after, 1-based. */
  step: number;
  /** Larger is better. */
  reward: number;
  metrics: Record<string, number>;
  /** Whether it is the loop's last measurement (no policy is asked after it). */
  last: boolean;
}

/** A loop: yields measurements, takes whether to stop, returns its result. */
export type MeasuredLoop<R> = Generator<LoopMeasurement, R, boolean>;

/** The option the ENAS and DARTS methods take to report to a trial. */
export interface TrialOption {
  /**
   * A trial of a study (the `feedback` of `@tsglove/search`'s `sample`): gets the loop's validation
   * measurements, and the loop stops when the study's early-stopping policy says so (the result
   * then has `stopped: true`; end the trial with `feedback.prune()`). Only the asynchronous
   * `searchArchitecture(space, data, enas({ trial }))` / `darts({ trial })` take it.
   */
  trial?: TrialReporter;
}

/** Runs `loop` to its end, never stopping it (the synchronous `runEnas` / `runDarts`). */
export function driveToEnd<R>(loop: MeasuredLoop<R>): R {
  let r = loop.next(false);
  while (!r.done) r = loop.next(false);
  return r.value;
}

/** Throws when a synchronous run is given a trial (it could not wait for the policy). */
export function rejectTrial(options: TrialOption, run: string, method: string): void {
  if (options.trial !== undefined) {
    throw new ModelsError(
      `${run} runs synchronously and cannot wait for a trial's early-stopping policy: use \`await searchArchitecture(space, data, ${method}({ trial: feedback, ... }))\``,
      'trial',
    );
  }
}

/**
 * Runs `loop`, reporting each measurement to `trial` (when given) and stopping it when
 * `trial.shouldStop()` says so; a throwing trial ends the loop (its `finally` frees its tensors).
 */
export async function driveWithTrial<R>(loop: MeasuredLoop<R>, trial: TrialReporter | undefined): Promise<R> {
  if (trial === undefined) return driveToEnd(loop);
  if (typeof trial?.addMeasurement !== 'function' || typeof trial?.shouldStop !== 'function') {
    throw new ModelsError(
      `expected a trial with addMeasurement() and shouldStop() (the \`feedback\` of a study), got ${typeof trial}`,
      'trial',
    );
  }
  let r = loop.next(false);
  try {
    while (!r.done) {
      const { step, reward, metrics, last } = r.value;
      await trial.addMeasurement({ step, reward, metrics });
      r = loop.next(!last && (await trial.shouldStop()));
    }
  } catch (error) {
    loop.return(undefined as R);
    throw error;
  }
  return r.value;
}
