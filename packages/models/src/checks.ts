/**
 * Checks of plain function arguments (layer sizes, option values) for the packages built on
 * models (models, train, nas, methods). A field of a symbolic class is validated by its spec; an
 * argument of a plain function is checked here, by the same kind of spec, so that every message
 * reads alike: `units: expected int >= 1, got 0`. Errors are {@link ModelsError}s naming the path.
 * CONTRIBUTING.md ("Validation") says which to use where. Graph builders call these for every
 * layer, so each spec's compiled test (`spec.tester()`) is made once and kept.
 */
import { t, ValidationError, type AnySpec, type Infer } from '@tsglove/symbolic';
import { ModelsError } from './errors.js';

/** A spec and its compiled test. */
interface Check {
  readonly spec: AnySpec;
  readonly test: (value: unknown) => boolean;
}

function checkOf(spec: AnySpec): Check {
  return { spec, test: spec.tester() };
}

/** The error for a value `spec` refuses: the spec's own message, at `path`. */
function refusal(spec: AnySpec, value: unknown, path: string): ModelsError {
  let message = `expected ${spec.describeType()}`;
  try {
    spec.parse(value);
  } catch (error) {
    if (error instanceof ValidationError) message = error.issues[0]!.message;
  }
  return new ModelsError(message, path);
}

const argChecks = new WeakMap<AnySpec, Check>();

/** Returns `value` if it fits `spec`; throws a {@link ModelsError} at `path` with the spec's message otherwise. */
export function checkArg<S extends AnySpec>(spec: S, value: unknown, path: string): Infer<S> {
  let check = argChecks.get(spec);
  if (check === undefined) argChecks.set(spec, (check = checkOf(spec)));
  if (check.test(value)) return value as Infer<S>;
  throw refusal(spec, value, path);
}

const checks = new Map<string, Check>();
/** The check of `key`, made by `make` on first use. */
function cached(key: string, make: () => AnySpec): Check {
  let check = checks.get(key);
  if (check === undefined) checks.set(key, (check = checkOf(make())));
  return check;
}

/** The most common bound gets its own constant: no lookup on the hot path of graph builders. */
const POSITIVE_INT = checkOf(t.int({ min: 1 }));

/** An integer in `[min, max]` (`max` default unbounded): `expected int >= 1, got 0`, `expected int in [0, 9], got 12`. */
export function checkInt(value: unknown, path: string, min = 1, max = Infinity): number {
  const check =
    min === 1 && max === Infinity
      ? POSITIVE_INT
      : cached(`int ${min} ${max}`, () => t.int({ min, max: max === Infinity ? undefined : max }));
  if (check.test(value)) return value as number;
  throw refusal(check.spec, value, path);
}

/** A number in `[min, max]`, or `[min, max)` when `maxOpen` (a rate, a momentum). */
export function checkNumber(value: unknown, path: string, min: number, max = Infinity, maxOpen = false): number {
  const check = cached(`float ${min} ${max} ${maxOpen}`, () => {
    if (!maxOpen) return t.float({ min, max: max === Infinity ? undefined : max });
    return t.float({ min }).refine((v) => v < max || `expected float in [${min}, ${max}), got ${v}`);
  });
  if (check.test(value)) return value as number;
  throw refusal(check.spec, value, path);
}

/**
 * A number above `min`, in `(min, max]` or `(min, max)` when `maxOpen` (a scale, a step size, a
 * share): `expected float > 0, got 0`, `expected float in (0, 1), got 1`.
 */
export function checkAbove(value: unknown, path: string, min: number, max = Infinity, maxOpen = false): number {
  const check = cached(`above ${min} ${max} ${maxOpen}`, () => {
    const range = max === Infinity ? `> ${min}` : `in (${min}, ${max}${maxOpen ? ')' : ']'}`;
    return t.float().refine((v) => (v > min && (maxOpen ? v < max : v <= max)) || `expected float ${range}, got ${v}`);
  });
  if (check.test(value)) return value as number;
  throw refusal(check.spec, value, path);
}
