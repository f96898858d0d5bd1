/**
 * Errors of `@tsglove/hwsim`. Every error the package throws is a {@link HwsimError}; messages name
 * the offending field, e.g. `accelerator.rows: expected int >= 1, got 0` or
 * `ops[3].filterH: expected <= ifmapH (3) with valid padding, got 5`. Constructors take
 * `(message, path)` first, as every error of the project does.
 */

import { isHyper } from '@tsglove/symbolic';

/** Base class of every error thrown by `@tsglove/hwsim`. */
export class HwsimError extends Error {
  /** Path of the offending field, e.g. `ops[3].filterH` ('' when not about one field). */
  readonly path: string;
  constructor(message: string, path = '') {
    super(message);
    this.name = new.target.name;
    this.path = path;
  }
}

/**
 * An accelerator config or an op did not validate: the message is `path: message`, where
 * `message` says what was expected and what came. `value` is the offending value.
 */
export class HwsimValidationError extends HwsimError {
  readonly value: unknown;
  constructor(message: string, path: string, value: unknown) {
    super(`${path}: ${message}`, path);
    this.value = value;
  }
}

/** A SCALE-Sim file (topology/results CSV or .cfg) could not be parsed. */
export class ScaleSimFormatError extends HwsimError {}

/** `expected <what>, got <value>`, the body of a validation message. */
export function expected(what: string, value: unknown): string {
  return `expected ${what}, got ${describe(value)}`;
}

/** Short rendering of a value for error messages. */
export function describe(value: unknown): string {
  if (isHyper(value)) return `a hyper value (${value.constructor.name}); materialize the search space first`;
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return `array(${value.length})`;
  return typeof value;
}
