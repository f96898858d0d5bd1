/** Command-line flags of the runnable examples: `--name value` pairs and bare `--name` switches. */

const argv = process.argv.slice(2);

/** The value after `--name`, or undefined. */
export function flag(name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
}

/** Whether the bare switch `--name` is given. */
export function hasFlag(name: string): boolean {
  return argv.includes(`--${name}`);
}

/** The positive integer after `--name` (default `fallback`); anything else exits with code 2 and says why. */
export function intOption(name: string, fallback: number): number {
  const raw = flag(name);
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    console.error(`--${name} must be a positive integer, got ${raw}`);
    process.exit(2);
  }
  return value;
}
