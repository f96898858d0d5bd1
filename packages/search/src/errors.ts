/**
 * Errors of `@tsglove/search`: one base class, {@link SearchError}, with subclasses that carry
 * data. Messages say what was expected, what came, and where (algorithm, trial id or decision point).
 */

/** Base class of every error thrown by `@tsglove/search`. */
export class SearchError extends Error {
  constructor(
    message: string,
    /** The decision point id, trial field or option the error is about, if any. */
    readonly path?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A reward of the wrong shape: a tuple given to a single-objective algorithm, NaN, a wrong arity... */
export class RewardError extends SearchError {
  constructor(
    message: string,
    /** The offending reward. */
    readonly reward: unknown,
  ) {
    super(message, 'reward');
  }
}

/** The algorithm has nothing left to propose (e.g. grid search after the last point). */
export class SearchExhaustedError extends SearchError {}

/** An operation on a trial that its state does not allow (reporting twice, unknown id...). */
export class TrialError extends SearchError {
  constructor(
    message: string,
    /** The trial's id. */
    readonly trialId: number,
  ) {
    super(message, `trials[${trialId}]`);
  }
}

/**
 * A write from a worker that no longer holds the trial's lease: the trial was handed to another
 * worker (its lease expired), or it has ended. The write was refused and nothing was merged; the
 * worker should drop the trial and move on (`sample().run()` does).
 */
export class StaleTrialError extends TrialError {
  constructor(
    study: string,
    trialId: number,
    /** The lease the refused write carried. */
    readonly lease: number,
    /** The trial as stored now: its status and current lease. */
    readonly current: { status: string; lease: number },
  ) {
    const now = current.status === 'running' ? `running under lease ${current.lease}` : `${current.status} (lease ${current.lease})`;
    super(
      `trial ${trialId} of study ${JSON.stringify(study)}: this worker's lease ${lease} was lost; the trial is now ${now}. ` +
        'The write was refused (nothing stored); drop this trial and take the next',
      trialId,
    );
  }
}

/**
 * A trial whose DNA could not be turned into an example (the space threw while materializing or
 * running it). The trial is stored as `failed`; `sample()` warns and goes on with the next one.
 */
export class MaterializeError extends TrialError {
  constructor(
    message: string,
    trialId: number,
    /** What the space threw. */
    override readonly cause: unknown,
  ) {
    super(message, trialId);
  }
}

/**
 * A storage problem: unknown study, conflicting study settings, or a database that stayed
 * unreachable after the documented retries (`cause` holds the driver's error).
 */
export class StorageError extends SearchError {
  constructor(message: string, path?: string, options?: { cause?: unknown }) {
    super(message, path);
    if (options && 'cause' in options) (this as { cause?: unknown }).cause = options.cause;
  }
}
