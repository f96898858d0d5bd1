/**
 * Errors of the TensorFlow.js runtime. Messages name the offending field or path, say what was
 * expected and what came.
 */

/** Base error of `@tsglove/models/tf`. `path` names the offending field, when there is one. */
export class ModelsError extends Error {
  override name = 'ModelsError';
  constructor(
    message: string,
    /** Dotted path of the offending field or file, e.g. `optimizer.momentum`. */
    readonly path?: string,
  ) {
    super(path ? `${path}: ${message}` : message);
  }
}

/** A data file is missing, truncated or malformed. */
export class DataError extends ModelsError {
  override name = 'DataError';
}

/** Throws a {@link ModelsError} naming `path` unless `ok`. */
export function check(ok: boolean, path: string, message: string): asserts ok {
  if (!ok) throw new ModelsError(message, path);
}
