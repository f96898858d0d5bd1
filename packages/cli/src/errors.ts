/**
 * CLI errors and exit codes (see the package README):
 * 0 success · 1 a run failed (storage, space module, algorithm) · 2 usage (bad flag, argument or
 * name) · 130 interrupted (Ctrl-C).
 */

/** Exit codes of `tsglove`. */
export const EXIT = { ok: 0, failure: 1, usage: 2, interrupted: 130 } as const;

/** An error the CLI reports as one line (no stack) with an exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    /** Exit code (default 1). */
    readonly exitCode: number = EXIT.failure,
    /** Print the command's usage after the message. */
    readonly showUsage = false,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** A usage error (exit 2, with the usage). */
export function usageError(message: string): CliError {
  return new CliError(message, EXIT.usage, true);
}

/** Parses a positive integer option or throws a usage error naming it. */
export function positiveInt(flag: string, value: string, min = 1, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw usageError(
      `${flag} must be an integer ${max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `in [${min}, ${max}]`}, got ${JSON.stringify(value)}`,
    );
  }
  return n;
}
