/**
 * What all hyper values share. A hyper value placed in a symbolic tree makes the tree a search space;
 * each becomes one decision point of the space's DNASpec. Built-in hyper values (`oneOf`, `manyOf`,
 * `floatValue`) are symbolic objects themselves, so spaces can be formatted, compared and serialized.
 */
import { IS_HYPER, type HyperCheckable, type Hyper } from '../value-spec.js';
import type { SymObject } from '../object.js';

export { IS_HYPER, type Hyper };

/** Options every hyper primitive takes. */
export interface HyperOptions {
  /** A name for the decision point (used by `dna.toDict({ key: 'name' })` and dynamic evaluation). */
  name?: string;
  /** Free-form hints for search algorithms (e.g. mutation weights). */
  hints?: unknown;
}

/** Marks a class's instances as hyper values. */
export function markHyper(cls: { prototype: object }): void {
  Object.defineProperty(cls.prototype, IS_HYPER, { value: true, enumerable: false });
}

/** A built-in hyper value: a symbolic object with a name and hints. */
export type HyperObject = SymObject & HyperCheckable & { name?: string; hints?: unknown };

/**
 * What a candidate stands for: a zero-argument function candidate stands for its result (in dynamic
 * evaluation the chosen function is called); any other candidate for itself.
 */
export type Unthunk<C> = C extends () => infer R ? R : C;
