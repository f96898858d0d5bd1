/**
 * Errors of `@tsglove/symbolic`. Every error the package throws is a {@link SymbolicError}; subclasses
 * carry data (`path`, `issues`). Messages name the symbolic path of the offending value.
 */

/** One problem found while validating a value. */
export interface Issue {
  /** A word for the kind of problem, e.g. `type`, `range`, `required`, `unknown-key`. */
  code: string;
  /** Symbolic path of the offending value, e.g. `stages[3].blocks[1].kernel` ('' for the root). */
  path: string;
  /** What was expected and what came. */
  message: string;
}

/** Base class of every error thrown by `@tsglove/symbolic`. */
export class SymbolicError extends Error {
  /** Symbolic path the error is about ('' for the root or when unknown). */
  readonly path: string;
  constructor(message: string, path = '') {
    super(message);
    this.name = new.target.name;
    this.path = path;
  }
}

/** A value did not fit its spec; `issues` lists every problem found (all-or-nothing operations). */
export class ValidationError extends SymbolicError {
  readonly issues: readonly Issue[];
  constructor(issues: readonly Issue[]) {
    super(formatIssues(issues), issues[0]?.path ?? '');
    this.issues = issues;
  }
}

/** A key path could not be parsed or does not lead to a value. */
export class PathError extends SymbolicError {}

/** JSON could not be turned into symbolic values (malformed, unknown `_type`, forbidden key...). */
export class JSONError extends SymbolicError {}

/** An operation was attempted on a sealed object. */
export class SealedError extends SymbolicError {}

/** Renders issues as `path: message` lines (the root path renders as `<root>`). */
export function formatIssues(issues: readonly Issue[]): string {
  return issues.map((i) => `${i.path || '<root>'}: ${i.message}`).join('\n');
}
