/**
 * Plain hwsim values (accelerator configs, ops) checked against the symbolic field specs that
 * describe them, so each field's type, bounds and default are written once, in the spec. This
 * module turns a spec's verdict into an {@link HwsimValidationError} naming the field, e.g.
 * `ops[3].stride: expected int >= 1, got 0`; paths are only built when a check fails.
 */
import type { AnySpec, Fields, Infer, Issue, ValueSpec } from '@tsglove/symbolic';
import { expected, HwsimValidationError } from './errors.js';

type Simplify<T> = { [K in keyof T]: T[K] } & {};
type Omittable<F extends Fields> = { [K in keyof F]: F[K] extends ValueSpec<any, any, true> ? K : never }[keyof F];
/** A nested plain object: keys whose value may be undefined become optional. */
type Plain<T> = T extends string | number | boolean | null | undefined | readonly unknown[]
  ? T
  : T extends object
    ? Simplify<
        { [K in keyof T as undefined extends T[K] ? never : K]: Plain<T[K]> } & {
          [K in keyof T as undefined extends T[K] ? K : never]?: Plain<Exclude<T[K], undefined>>;
        }
      >
    : T;

/**
 * The plain object a set of field specs describes, as a user writes it: fields with a default or
 * `.optional()` may be omitted; no hyper values (a search space must be materialized first).
 */
export type PlainOf<F extends Fields> = Simplify<
  { -readonly [K in Exclude<keyof F, Omittable<F>>]: Plain<Infer<F[K]>> } & {
    -readonly [K in Omittable<F>]?: Plain<Exclude<Infer<F[K]>, undefined>>;
  }
>;

const scratch: { issues: Issue[]; allowPartial: boolean } = { issues: [], allowPartial: false };

/** The error for a value that does not fit `spec` (the spec's own message, or why an object is refused). */
export function fieldError(spec: AnySpec, value: unknown, path: string): HwsimValidationError {
  scratch.issues = [];
  if (value === null || typeof value !== 'object') spec.apply(value, null, scratch);
  const issue = scratch.issues[0];
  scratch.issues = [];
  return issue ? fromIssue(issue, path, value) : new HwsimValidationError(expected(spec.describeType(), value), path, value);
}

/** An issue reported at `issue.path` below `prefix`, as an {@link HwsimValidationError}. */
export function fromIssue(issue: Issue, prefix: string, value: unknown): HwsimValidationError {
  const path = issue.path ? `${prefix}.${issue.path}` : prefix;
  return new HwsimValidationError(issue.message, path, value);
}
