/**
 * What every symbolic node (object, `Dict`, `List`) shares: a parent link, the key under which the
 * parent holds it, flags, and a small internal protocol that tree operations (rebind, diff, query,
 * clone, JSON) use without caring which kind of node they walk.
 *
 * Paths are never stored: a node keeps only parent + key, and `pathOf` builds the string on demand.
 */
import { joinPath, type Key } from './path.js';
import type { ValueSpec } from './value-spec.js';

/** Parent node (or null for a root). */
export const PARENT: unique symbol = Symbol('tsglove.parent');
/** Key under which the parent holds this node. */
export const KEY: unique symbol = Symbol('tsglove.key');
/** Bit flags ({@link SEALED}, {@link PARTIAL}). */
export const FLAGS: unique symbol = Symbol('tsglove.flags');
/** Protocol methods. */
export const N_KEYS: unique symbol = Symbol('tsglove.keys');
export const N_GET: unique symbol = Symbol('tsglove.get');
export const N_SPEC: unique symbol = Symbol('tsglove.spec');
export const N_SET: unique symbol = Symbol('tsglove.set');
export const N_INSERT: unique symbol = Symbol('tsglove.insert');
export const N_DELETE: unique symbol = Symbol('tsglove.delete');
/** A copy of the node (see {@link SymbolicNode}). */
export const N_COPY: unique symbol = Symbol('tsglove.copy');
/** The node's change hook, or null/absent when it has none (symbolic objects that override `onChange`). */
export const N_ON_CHANGE: unique symbol = Symbol('tsglove.onChange');

/** Flag: rejects changes. */
export const SEALED = 1;
/** Flag: missing required values are allowed. */
export const PARTIAL = 2;

/** How a change addresses a key: replace a value, add a new key/element, or remove one. */
export type ChangeOp = 'set' | 'add' | 'remove';

/** The internal protocol of a symbolic node. */
export interface SymbolicNode {
  [PARENT]: SymbolicNode | null;
  [KEY]: Key | null;
  [FLAGS]: number;
  /** Child keys in order. */
  [N_KEYS](): Key[];
  /** Value at `key` (undefined when absent). */
  [N_GET](key: Key): unknown;
  /**
   * The spec that a new value at `key` must fit for the given op, or a string saying why the op is
   * not allowed there (unknown field, index out of range...).
   */
  [N_SPEC](key: Key, op: ChangeOp): ValueSpec | string;
  /** Stores an already validated value at an existing key (or appends at a list's end). */
  [N_SET](key: Key, value: unknown): void;
  /** Inserts an already validated value (dict: new key; list: before index). */
  [N_INSERT](key: Key, value: unknown): void;
  /** Removes a key (dict) or element (list). */
  [N_DELETE](key: Key): void;
  /**
   * A new root node of the same class and spec: `deep` copies the children with {@link copyValue};
   * otherwise the copy shares them (they keep their parent link to this node).
   */
  [N_COPY](deep: boolean): SymbolicNode;
  /** The change hook to call after a transaction changed values below this node, if any. */
  readonly [N_ON_CHANGE]?: ((updates: any[]) => void) | null;
}

/** True for symbolic objects, `Dict` and `List`. */
export function isNode(value: unknown): value is SymbolicNode {
  return typeof value === 'object' && value !== null && FLAGS in value;
}

/** The node's path from its root, e.g. `stages[3].blocks[1]` ('' for a root). */
export function pathOf(node: SymbolicNode): string {
  const keys: Key[] = [];
  for (let n: SymbolicNode | null = node; n && n[PARENT]; n = n[PARENT]) keys.push(n[KEY]!);
  let path = '';
  for (let i = keys.length - 1; i >= 0; i--) path = joinPath(path, keys[i]!);
  return path;
}

/** The node's root (itself when it has no parent). */
export function rootOf(node: SymbolicNode): SymbolicNode {
  let n = node;
  while (n[PARENT]) n = n[PARENT]!;
  return n;
}

/**
 * A copy of a value: a symbolic node copies itself ({@link N_COPY}); plain objects and arrays are
 * copied; other values (functions, class instances we do not own) are shared. `deep` copies all
 * the way down. Here, below every node class, so the classes, `clone` and the specs' defaults use
 * it without an import cycle or a late-bound hook.
 */
export function copyValue(value: unknown, deep: boolean): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (isNode(value)) return value[N_COPY](deep);
  if (Array.isArray(value)) return deep ? value.map((v) => copyValue(v, true)) : [...value];
  const proto = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) {
    const out: Record<string, unknown> = proto === null ? Object.create(null) : {};
    for (const key of Object.keys(value)) {
      Object.defineProperty(out, key, {
        value: deep ? copyValue((value as Record<string, unknown>)[key], true) : (value as Record<string, unknown>)[key],
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  return value;
}

/**
 * Prepares a value to be stored under `parent` at `key`: a node gets its parent link; a node that
 * already lives elsewhere (in a tree, or at another key of the same parent) is deep-cloned first.
 * `newSlot`: `key` is a slot being inserted (list insert), so even a node at that same key is
 * held elsewhere (it is about to shift to the next index).
 */
export function adopt(parent: SymbolicNode, key: Key, value: unknown, newSlot = false): unknown {
  if (!isNode(value)) return value;
  let child = value;
  const current = child[PARENT];
  // A node has one place: one held elsewhere (another tree, or another key of this parent) is copied.
  if (current !== null && (current !== parent || ((newSlot || child[KEY] !== key) && parent[N_GET](child[KEY]!) === child))) {
    child = child[N_COPY](true);
  } else if (current === null && isAncestorOrSelf(child, parent)) {
    child = child[N_COPY](true); // a root stored inside its own tree: a copy, never a cycle
  }
  if (moveHook !== null) {
    const oldParent = child[PARENT];
    const oldKey = child[KEY];
    child[PARENT] = parent;
    child[KEY] = key;
    if (oldParent !== parent || oldKey !== key) moveHook(child, oldParent, oldKey);
  } else {
    child[PARENT] = parent;
    child[KEY] = key;
  }
  if (parent[FLAGS] & SEALED) setFlagDeep(child, SEALED, true);
  return child;
}

/**
 * Called after a node moved (new parent, or new key under its parent), with where it was; null
 * until a class with a re-parenting or path-change hook is constructed (so moves cost nothing
 * when no hook exists).
 */
let moveHook: ((node: SymbolicNode, oldParent: SymbolicNode | null, oldKey: Key | null) => void) | null = null;
/** @internal Installs the move hook (object.ts, when the first class with hooks is built). */
export function setMoveHook(fn: (node: SymbolicNode, oldParent: SymbolicNode | null, oldKey: Key | null) => void): void {
  moveHook = fn;
}
/** @internal Sets a node's key under the same parent (list re-indexing), firing the move hook. */
export function rekey(node: SymbolicNode, key: Key): void {
  const oldKey = node[KEY];
  node[KEY] = key;
  if (moveHook !== null && oldKey !== key) moveHook(node, node[PARENT], oldKey);
}

function isAncestorOrSelf(node: SymbolicNode, of: SymbolicNode): boolean {
  for (let n: SymbolicNode | null = of; n; n = n[PARENT]) if (n === node) return true;
  return false;
}

/**
 * Clears the parent link of a node value that `parent` no longer holds at `key`. A node that was
 * meanwhile moved to another key of the same parent (swaps, sort, reverse) keeps its link.
 */
export function release(parent: SymbolicNode, value: unknown, key: Key): void {
  if (isNode(value) && value[PARENT] === parent && value[KEY] === key) {
    value[PARENT] = null;
    value[KEY] = null;
    if (moveHook !== null) moveHook(value, parent, key);
  }
}

/** Sets or clears a flag on a node and all its descendant nodes. */
export function setFlagDeep(node: SymbolicNode, flag: number, on: boolean): void {
  node[FLAGS] = on ? node[FLAGS] | flag : node[FLAGS] & ~flag;
  for (const key of node[N_KEYS]()) {
    const child = node[N_GET](key);
    if (isNode(child)) setFlagDeep(child, flag, on);
  }
}

/** Keys that never become fields or dict keys (they could reach a prototype). */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
