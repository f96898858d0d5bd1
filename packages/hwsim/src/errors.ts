/**
 * Errors of `@tsglove/hwsim`. Every error the package throws is a {@link HwsimError}; messages name
 * the offending field, e.g. `accelerator.rows: expected int >= 1, got 0` or
 * `ops[3].filterH: expected <= ifmapH (3) with valid padding, got 5`.
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

/** An accelerator config or an op did not validate. `value` is the offending value. */
export class HwsimValidationError extends HwsimError {
  readonly value: unknown;
  constructor(path: string, expected: string, value: unknown) {
    super(`${path}: ${expected}, got ${describe(value)}`, path);
    this.value = value;
  }
}

/** A SCALE-Sim file (topology/results CSV or .cfg) could not be parsed. */
export class ScaleSimFormatError extends HwsimError {}

/** Short rendering of a value for error messages. */
export function describe(value: unknown): string {
  if (isHyper(value)) return `a hyper value (${value.constructor.name}); materialize the search space first`;
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return `array(${value.length})`;
  return typeof value;
}

/** Throws unless `value` is an integer >= `min`. */
export function checkInt(value: unknown, path: string, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new HwsimValidationError(path, `expected int >= ${min}`, value);
  }
  return value;
}

/** Throws unless `value` is a finite number > 0 (or >= 0 when `allowZero`). */
export function checkPositive(value: unknown, path: string, allowZero = false): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new HwsimValidationError(path, `expected a finite number ${allowZero ? '>= 0' : '> 0'}`, value);
  }
  return value;
}

/** Throws unless `value` is one of `allowed`. */
export function checkEnum<T extends string>(value: unknown, path: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new HwsimValidationError(path, `expected one of ${allowed.map((a) => `'${a}'`).join(', ')}`, value);
  }
  return value as T;
}
