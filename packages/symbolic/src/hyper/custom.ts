/**
 * Custom decision points: subclass {@link CustomHyper} to define a decision that is neither a choice
 * nor a float — the DNA holds an opaque value (number or string) that the hyper value decodes.
 * `evolve(initial, mutate)` is one: an open-ended value that evolution changes by `mutate`.
 */
import type { Hyper, Loc, ValidationContext, ValueSpec } from '../value-spec.js';
import { markHyper, type HyperOptions } from './base.js';
import type { Random } from '../random.js';
import { dynamicDecide } from './dynamic-hook.js';
import { toJSONString, fromJSONString } from '../json.js';
import { SymbolicError } from '../errors.js';
import { clone } from '../clone.js';

/** The value a custom decision stores in DNA. */
export type CustomDNAValue = number | string;

/**
 * Base class of custom decision points. Implement `decode` (DNA value → concrete value) and
 * `random` (a random DNA value); `first`/`next` make the point enumerable for grid search,
 * `mutate` lets evolution change a value gradually.
 */
export abstract class CustomHyper<T = unknown> {
  /** Decision point name. */
  readonly name?: string;
  /** Hints for algorithms. */
  readonly hints?: unknown;
  constructor(options: HyperOptions = {}) {
    this.name = options.name;
    this.hints = options.hints;
  }
  /** Turns a DNA value into the concrete value. */
  abstract decode(value: CustomDNAValue): T;
  /** A random DNA value. */
  abstract random(random: Random): CustomDNAValue;
  /** The first DNA value of a grid sweep (default: not enumerable). */
  first(): CustomDNAValue {
    throw new SymbolicError(`${this.constructor.name}: this custom decision point cannot be enumerated`);
  }
  /** The DNA value after `value` in a grid sweep, or null at the end. */
  next(_value: CustomDNAValue): CustomDNAValue | null {
    throw new SymbolicError(`${this.constructor.name}: this custom decision point cannot be enumerated`);
  }
  /** A changed DNA value (default: a fresh random one). */
  mutate(_value: CustomDNAValue, random: Random): CustomDNAValue {
    return this.random(random);
  }
  /** Number of values (default Infinity: not enumerable). */
  get spaceSize(): number {
    return Infinity;
  }
  /** Checks the values this point can take against the field's spec (default: accept). */
  checkAgainst(_spec: ValueSpec, _loc: Loc | null, _ctx: ValidationContext): void {}
}
markHyper(CustomHyper);

/** Uses a custom decision point: returns it (typed as its value) or, in a dynamic context, the decided value. */
export function custom<T>(hyper: CustomHyper<T>): T & Hyper<T> {
  const decided = dynamicDecide('custom', { hyper, name: hyper.name, hints: hyper.hints });
  if (decided.active) return decided.value as T & Hyper<T>;
  return hyper as unknown as T & Hyper<T>;
}

/**
 * An evolvable value: starts at `initial`; `mutate(value, random)` returns a changed copy. The DNA
 * value is the value's JSON (symbolic objects keep their types).
 */
export class Evolvable<T> extends CustomHyper<T> {
  private readonly cache = new Map<string, T>();
  constructor(
    readonly initial: T,
    readonly mutator: (value: T, random: Random) => T,
    options: HyperOptions = {},
  ) {
    super(options);
  }
  decode(value: CustomDNAValue): T {
    if (typeof value !== 'string') throw new SymbolicError(`evolve${this.name ? ` (${this.name})` : ''}: DNA value must be a JSON string`);
    let decoded = this.cache.get(value);
    if (decoded === undefined) {
      decoded = fromJSONString(value) as T;
      if (this.cache.size > 1000) this.cache.clear();
      this.cache.set(value, decoded);
    }
    return clone(decoded);
  }
  encode(value: T): string {
    return toJSONString(value);
  }
  random(_random: Random): CustomDNAValue {
    return this.encode(this.initial);
  }
  override first(): CustomDNAValue {
    return this.encode(this.initial);
  }
  override next(_value: CustomDNAValue): CustomDNAValue | null {
    return null;
  }
  override get spaceSize(): number {
    return Infinity;
  }
  override mutate(value: CustomDNAValue, random: Random): CustomDNAValue {
    return this.encode(this.mutator(this.decode(value), random));
  }
}

/** An open-ended evolvable value (see {@link Evolvable}). */
export function evolve<T>(initial: T, mutate: (value: T, random: Random) => T, options: HyperOptions = {}): T & Hyper<T> {
  return custom(new Evolvable(initial, mutate, options));
}
