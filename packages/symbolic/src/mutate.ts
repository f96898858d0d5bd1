/**
 * The one place where symbolic trees change: a list of changes applied as a transaction. Every new
 * value is validated against the spec of the place it goes to; if any value fails, if a path is bad,
 * if the tree is sealed or a change hook throws, every change already made is undone and the tree is
 * exactly as before. After all changes, `onChange(updates)` runs on each changed object and on its
 * ancestors (each receives the updates below it, with paths relative to itself).
 */
import { PathError, SealedError, ValidationError, type Issue } from './errors.js';
import {
  FLAGS,
  KEY,
  N_DELETE,
  N_GET,
  N_INSERT,
  N_SET,
  N_ON_CHANGE,
  N_SPEC,
  PARENT,
  PARTIAL,
  SEALED,
  isNode,
  type ChangeOp,
  type SymbolicNode,
} from './node.js';
import { formatKeys, joinPath, type Key } from './path.js';
import { locPath, newContext, type Loc } from './value-spec.js';

let epoch = 0;
/** A counter that grows with every successful change to any symbolic tree (for caches). */
export function mutationEpoch(): number {
  return epoch;
}

/** One change: set (replace or create), add (insert) or remove the value at `keys`. */
export interface Change {
  op: ChangeOp;
  keys: readonly Key[];
  value?: unknown;
}

/** What a change hook receives for each changed value. */
export interface FieldUpdate {
  /** Path of the changed value, relative to the object receiving the update. */
  path: string;
  /** The node holding the changed value. */
  target: SymbolicNode;
  /** Key of the changed value in `target`. */
  key: Key;
  op: ChangeOp;
  oldValue: unknown;
  newValue: unknown;
}

interface JournalEntry {
  /** The change's keys when they address the value exactly (no key was coerced), else null. */
  keys: readonly Key[] | null;
  node: SymbolicNode;
  key: Key;
  op: ChangeOp;
  oldValue: unknown;
  hadKey: boolean;
}

/** Lists use numeric keys, everything else string keys. */
export function coerceKey(node: SymbolicNode, key: Key): Key {
  if (Array.isArray(node)) return typeof key === 'string' && /^\d+$/.test(key) ? Number(key) : key;
  return typeof key === 'number' ? String(key) : key;
}

function hasKey(node: SymbolicNode, key: Key): boolean {
  if (Array.isArray(node)) return typeof key === 'number' && key < node.length;
  return node[N_GET](key) !== undefined;
}

function locOf(base: Loc | null, keys: readonly Key[]): Loc | null {
  let loc: Loc | null = base;
  for (const key of keys) loc = { parent: loc, key };
  return loc;
}

/** The location of a node from its tree's root, as a chain of keys (no string is built). */
function locOfNode(node: SymbolicNode): Loc | null {
  const parent = node[PARENT];
  return parent ? { parent: locOfNode(parent), key: node[KEY]! } : null;
}

function rollback(journal: JournalEntry[]): void {
  for (let i = journal.length - 1; i >= 0; i--) {
    const { node, key, op, oldValue, hadKey } = journal[i]!;
    if (op === 'add') node[N_DELETE](key);
    else if (op === 'remove') node[N_INSERT](key, oldValue);
    else if (hadKey) node[N_SET](key, oldValue);
    else node[N_DELETE](key);
  }
}

/**
 * Applies `changes` to the tree under `root` (paths are relative to `root`) as one transaction.
 * Returns the updates made. Throws `ValidationError` (every bad value), `PathError` or `SealedError`
 * with the tree unchanged.
 */
export function applyChanges(root: SymbolicNode, changes: readonly Change[]): FieldUpdate[] {
  const journal: JournalEntry[] = [];
  const issues: Issue[] = [];
  // Issues name absolute paths (from the tree's root), also when `root` is a subtree.
  const base = locOfNode(root);
  try {
    for (const change of changes) {
      const keys = change.keys;
      if (keys.length === 0) throw new PathError('cannot replace the root of a tree in place', '');
      let node = root;
      let exact = true;
      for (let i = 0; i < keys.length - 1; i++) {
        const k = coerceKey(node, keys[i]!);
        if (k !== keys[i]) exact = false;
        const next = node[N_GET](k);
        if (!isNode(next)) {
          const path = locPath(locOf(base, keys));
          const prefix = locPath(locOf(base, keys.slice(0, i + 1)));
          throw new PathError(`${path}: no symbolic object, dict or list at "${prefix}"`, path);
        }
        node = next;
      }
      const key = coerceKey(node, keys[keys.length - 1]!);
      const at = exact && key === keys[keys.length - 1] ? keys : null;
      const spec = node[N_SPEC](key, change.op);
      if (typeof spec === 'string') {
        const path = locPath(locOf(base, keys));
        throw new PathError(`${path}: ${spec}`, path);
      }
      if (node[FLAGS] & SEALED) {
        const path = locPath(locOf(base, keys));
        throw new SealedError(`${path}: cannot change a sealed object`, path);
      }
      if (change.op === 'remove') {
        if (issues.length) continue;
        const oldValue = node[N_GET](key);
        node[N_DELETE](key);
        journal.push({ keys: at, node, key, op: 'remove', oldValue, hadKey: true });
        continue;
      }
      const ctx = newContext((node[FLAGS] & PARTIAL) !== 0);
      const value = spec.apply(change.value, locOf(base, keys), ctx);
      if (ctx.issues.length) {
        issues.push(...ctx.issues);
        continue;
      }
      if (issues.length) continue; // validate the rest, apply nothing more
      if (change.op === 'add') {
        node[N_INSERT](key, value);
        journal.push({ keys: at, node, key, op: 'add', oldValue: undefined, hadKey: false });
      } else {
        const had = hasKey(node, key);
        const oldValue = node[N_GET](key);
        node[N_SET](key, value);
        journal.push({ keys: at, node, key, op: 'set', oldValue, hadKey: had });
      }
    }
    if (issues.length) throw new ValidationError(issues);
    const updates = new Array<FieldUpdate>(journal.length);
    for (let i = 0; i < journal.length; i++) {
      const e = journal[i]!;
      updates[i] = {
        path: e.keys ? formatKeys(e.keys) : relativePath(root, e.node, e.key),
        target: e.node,
        key: e.key,
        op: e.op,
        oldValue: e.oldValue,
        newValue: e.op === 'remove' ? undefined : e.node[N_GET](e.key),
      };
    }
    notify(updates);
    epoch++;
    return updates;
  } catch (error) {
    rollback(journal);
    throw error;
  }
}

/** Path of `target[key]` relative to `from` (an ancestor of `target`, or `target` itself). */
function relativePath(from: SymbolicNode, target: SymbolicNode, key: Key): string {
  const keys: Key[] = [key];
  for (let n: SymbolicNode | null = target; n && n !== from; n = n[PARENT]) {
    if (n[PARENT]) keys.push(n[KEY]!);
  }
  let path = '';
  for (let i = keys.length - 1; i >= 0; i--) path = joinPath(path, keys[i]!);
  return path;
}

/** Calls the `onChange` hook of every object at or above a change, deepest first. */
function notify(updates: FieldUpdate[]): void {
  let byReceiver: Map<SymbolicNode, FieldUpdate[]> | null = null;
  for (const update of updates) {
    for (let n: SymbolicNode | null = update.target; n; n = n[PARENT]) {
      if (!n[N_ON_CHANGE]) continue;
      byReceiver ??= new Map();
      let list = byReceiver.get(n);
      if (!list) byReceiver.set(n, (list = []));
      list.push({ ...update, path: relativePath(n, update.target, update.key) });
    }
  }
  if (!byReceiver) return;
  const depthOf = (node: SymbolicNode): number => {
    let d = 0;
    for (let n = node[PARENT]; n; n = n[PARENT]) d++;
    return d;
  };
  const ordered = [...byReceiver.entries()].map(([node, list]) => ({ node, list, depth: depthOf(node) }));
  ordered.sort((a, b) => b.depth - a.depth);
  for (const { node, list } of ordered) node[N_ON_CHANGE]!.call(node, list);
}
