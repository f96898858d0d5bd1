/**
 * `rebind`: change values deep in a tree by path, all or nothing. Either a record of
 * `{ 'stages[3].blocks[1].kernel': 5 }` updates, or a rewriter called for every value of the tree.
 */
import { applyChanges, type Change, type FieldUpdate } from './mutate.js';
import { isNode, setFlagDeep, SEALED, FLAGS, type SymbolicNode } from './node.js';
import { parsePath } from './path.js';
import { traverse } from './traverse.js';
import { SymbolicError } from './errors.js';
import type { CheckedUpdates } from './typed-paths.js';

/** A rewriter: returns the new value for `path`, or the same value to keep it. */
export type Rewriter = (path: string, value: unknown, parent: unknown) => unknown;

/** Marks a key for removal in a `rebind` record (dict keys and list elements). */
export const REMOVE: unique symbol = Symbol.for('tsglove.REMOVE');

/**
 * Rebinds values of the tree under `target` (paths relative to it). Every new value is validated at
 * its place; if any fails, nothing changes and the `ValidationError` lists each path. Change hooks
 * run after all updates. Returns the updates made.
 */
export function rebind<T extends SymbolicNode>(target: T, rewrite: Rewriter): FieldUpdate[];
/**
 * The record form is typed: each literal path must be a path of the target's type and each value
 * must fit there (see `typed-paths.ts`); a record with `string` keys is checked at run time only.
 */
export function rebind<T extends SymbolicNode, U extends Record<string, unknown>>(
  target: T,
  updates: U extends CheckedUpdates<T, U> ? U : CheckedUpdates<T, U>,
): FieldUpdate[];
export function rebind(target: SymbolicNode, updates: Record<string, unknown> | Rewriter): FieldUpdate[] {
  if (!isNode(target)) throw new SymbolicError('rebind: the target must be a symbolic object, Dict or List');
  const changes: Change[] = [];
  let removals: Change[] | null = null;
  if (typeof updates === 'function') {
    traverse(target, (path, value, parent) => {
      if (path === '') return;
      const next = updates(path, value, parent);
      if (next === value) return;
      if (next === REMOVE) (removals ??= []).push({ op: 'remove', keys: parsePath(path) });
      else changes.push({ op: 'set', keys: parsePath(path), value: next });
      return 'skip';
    });
  } else {
    const paths = Object.keys(updates);
    for (let i = 0; i < paths.length; i++) {
      const path = paths[i]!;
      const value = updates[path];
      if (value === REMOVE) (removals ??= []).push({ op: 'remove', keys: parsePath(path) });
      else changes.push({ op: 'set', keys: parsePath(path), value });
    }
  }
  // Removals go last, deepest/latest first, so earlier removals do not shift later indices.
  if (removals) for (let i = removals.length - 1; i >= 0; i--) changes.push(removals[i]!);
  return applyChanges(target, changes);
}

/** Seals (or unseals) a tree: a sealed tree rejects every change with a `SealedError`. */
export function seal<T extends SymbolicNode>(target: T, sealed = true): T {
  setFlagDeep(target, SEALED, sealed);
  return target;
}

/** Whether a node is sealed. */
export function isSealed(target: SymbolicNode): boolean {
  return (target[FLAGS] & SEALED) !== 0;
}
