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

/** A storage problem (unknown study, conflicting study settings). */
export class StorageError extends SearchError {}
