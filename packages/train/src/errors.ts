/**
 * Errors of the TensorFlow.js runtime: the package's {@link ModelsError} (messages start with the
 * offending field or file) and {@link DataError} for missing or malformed data files.
 */
import { ModelsError } from '@tsglove/models';

export { ModelsError };

/** A data file is missing, truncated or malformed; `path` is the file (or field) at fault. */
export class DataError extends ModelsError {}
