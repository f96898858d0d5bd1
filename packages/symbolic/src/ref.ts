/**
 * `Ref`: holds a value (typically a symbolic node living in another tree) without taking it: storing
 * a `Ref` in a tree neither copies nor re-parents the referenced node, so one node can be shared by
 * several places (PyGlove's `pg.Ref`). A field of a symbolic object reads through the reference
 * (`obj.field` is the referenced value); list elements and `symInitArgs` show the `Ref` itself.
 * Specs check the referenced value; `clone` shares the reference; `toJSON` writes the referenced
 * value (a loaded tree owns a copy); `eq` is true for references to the same value.
 */
import { SymbolicError } from './errors.js';

/** A reference to a value that a tree shares instead of owning (see the module comment). */
export class Ref<T = unknown> {
  constructor(readonly value: T) {
    if (value instanceof Ref) throw new SymbolicError('Ref: a reference to a reference is not allowed; reference the value');
  }
  toString(): string {
    return `Ref(${String(this.value)})`;
  }
}

/** Makes a {@link Ref} (typed as the referenced value, so it fits where the value fits). */
export function ref<T>(value: T): T {
  return new Ref(value) as unknown as T;
}

/** The referenced value of a `Ref`, or the value itself. */
export function deref<T>(value: T | Ref<T>): T {
  return value instanceof Ref ? value.value : value;
}
