/**
 * `rebind`: change values deep in a tree by path, all or nothing. Either a record of
 * `{ 'stages[3].blocks[1].kernel': 5 }` updates, or a rewriter called for every value of the tree.
 */
import { applyChanges, type Change, type FieldUpdate } from './mutate.js';
import { isNode, setFlagDeep, SEALED, FLAGS, type SymbolicNode } from './node.js';
import { parsePath } from './path.js';
import { traverse } from './traverse.js';
import { SymbolicError } from './errors.js';

/** A rewriter: returns the new value for `path`, or the same value to keep it. */
export type Rewriter = (path: string, value: unknown, parent: unknown) => unknown;

/** Marks a key for removal in a `rebind` record (dict keys and list elements). */
export const REMOVE: unique symbol = Symbol.for('tsglove.REMOVE');

/**
 * Rebinds values of the tree under `target` (paths relative to it). Every new value is validated at
 * its place; if any fails, nothing changes and the `ValidationError` lists each path. Change hooks
 * run after all updates. Returns the updates made.
 */
export function rebind(target: SymbolicNode, updates: Record<string, unknown> | Rewriter): FieldUpdate[] {
  if (!isNode(target)) throw new SymbolicError('rebind: the target must be a symbolic object, Dict or List');
  const changes: Change[] = [];
  if (typeof updates === 'function') {
    traverse(target, (path, value, parent) => {
      if (path === '') return;
      const next = updates(path, value, parent);
      if (next === value) return;
      changes.push(next === REMOVE ? { op: 'remove', keys: parsePath(path) } : { op: 'set', keys: parsePath(path), value: next });
      return 'skip';
    });
  } else {
    for (const path of Object.keys(updates)) {
      const value = updates[path];
      changes.push(value === REMOVE ? { op: 'remove', keys: parsePath(path) } : { op: 'set', keys: parsePath(path), value });
    }
  }
  // Removals go last, deepest/latest first, so earlier removals do not shift later indices.
  const sets = changes.filter((c) => c.op !== 'remove');
  const removals = changes.filter((c) => c.op === 'remove').reverse();
  return applyChanges(target, [...sets, ...removals]);
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
