/**
 * Cloning symbolic trees. A deep clone copies every node (no validation: the values are already
 * valid); a shallow clone copies the top node and shares its children.
 */
import { copyValue, isNode } from './node.js';
import { applyChanges } from './mutate.js';
import { parsePath } from './path.js';
import { PathError } from './errors.js';
import type { CheckedUpdates } from './typed-paths.js';
import { guardDepth } from './depth.js';

/** Options of {@link clone}. */
export interface CloneOptions {
  /** Copy the whole tree (default true). A shallow clone shares child nodes with the original. */
  deep?: boolean;
  /**
   * Values to change in the copy, by path (`{ 'blocks[1].kernel': 7 }`): applied to the copy as one
   * validated `rebind`, so the original never changes and a bad value throws with nothing made.
   */
  override?: Record<string, unknown>;
}

/** Clones a value: symbolic nodes, plain objects and arrays are copied; other values are shared. */
export function clone<T>(value: T, options?: Omit<CloneOptions, 'override'>): T;
/** `override` paths and values are typed like `rebind`'s (a misspelt path is a compile-time error). */
export function clone<T, U extends Record<string, unknown>>(
  value: T,
  options: Omit<CloneOptions, 'override'> & { override: U extends CheckedUpdates<T, U> ? U : CheckedUpdates<T, U> },
): T;
export function clone<T>(value: T, options: CloneOptions = {}): T {
  const copy = guardDepth('clone', value, () => copyValue(value, options.deep ?? true)) as T;
  if (options.override && Object.keys(options.override).length) {
    if (!isNode(copy)) throw new PathError('clone: override needs a symbolic object, Dict or List', '');
    applyChanges(
      copy,
      Object.keys(options.override).map((path) => ({ op: 'set', keys: parsePath(path), value: options.override![path] })),
    );
  }
  return copy;
}
