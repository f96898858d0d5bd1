/**
 * Checks of plain function arguments (layer sizes, option values) for the packages built on
 * models (models, train, nas, methods). A field of a symbolic class is validated by its spec; an
 * argument of a plain function is checked here, by the same kind of spec, so that every message
 * reads alike: `units: expected int >= 1, got 0`. Errors are {@link ModelsError}s naming the path.
 * CONTRIBUTING.md ("Validation") says which to use where.
 */
import { t, ValidationError, type AnySpec, type Infer } from '@tsglove/symbolic';
import { ModelsError } from './errors.js';

/** Returns `value` if it fits `spec`; throws a {@link ModelsError} at `path` with the spec's message otherwise. */
export function checkArg<S extends AnySpec>(spec: S, value: unknown, path: string): Infer<S> {
  if (spec.accepts(value)) return value as Infer<S>;
  let message = `expected ${spec.describeType()}`;
  try {
    spec.parse(value);
  } catch (error) {
    if (error instanceof ValidationError) message = error.issues[0]!.message;
  }
  throw new ModelsError(message, path);
}

const specs = new Map<string, AnySpec>();
function cached(key: string, make: () => AnySpec): AnySpec {
  let spec = specs.get(key);
  if (spec === undefined) specs.set(key, (spec = make()));
  return spec;
}

/** An integer in `[min, max]` (`max` default unbounded): `expected int >= 1, got 0`, `expected int in [0, 9], got 12`. */
export function checkInt(value: unknown, path: string, min = 1, max = Infinity): number {
  return checkArg(
    cached(`int ${min} ${max}`, () => t.int({ min, max: max === Infinity ? undefined : max })),
    value,
    path,
  ) as number;
}

/** A number in `[min, max]`, or `[min, max)` when `maxOpen` (a rate, a momentum). */
export function checkNumber(value: unknown, path: string, min: number, max = Infinity, maxOpen = false): number {
  const spec = cached(`float ${min} ${max} ${maxOpen}`, () => {
    if (!maxOpen) return t.float({ min, max: max === Infinity ? undefined : max });
    return t.float({ min }).refine((v) => v < max || `expected float in [${min}, ${max}), got ${v}`);
  });
  return checkArg(spec, value, path) as number;
}

/**
 * A number above `min`, in `(min, max]` or `(min, max)` when `maxOpen` (a scale, a step size, a
 * share): `expected float > 0, got 0`, `expected float in (0, 1), got 1`.
 */
export function checkAbove(value: unknown, path: string, min: number, max = Infinity, maxOpen = false): number {
  const spec = cached(`above ${min} ${max} ${maxOpen}`, () => {
    const range = max === Infinity ? `> ${min}` : `in (${min}, ${max}${maxOpen ? ')' : ']'}`;
    return t.float().refine((v) => (v > min && (maxOpen ? v < max : v <= max)) || `expected float ${range}, got ${v}`);
  });
  return checkArg(spec, value, path) as number;
}
