/**
 * Cloning symbolic trees. A deep clone copies every node (no validation: the values are already
 * valid); a shallow clone copies the top node and shares its children.
 */
import { Dict, specOfDict } from './dict.js';
import { List } from './list.js';
import { FLAGS, N_GET, N_KEYS, PARTIAL, isNode, setNodeCloner, type SymbolicNode } from './node.js';
import { applyChanges } from './mutate.js';
import { parsePath } from './path.js';
import { PathError } from './errors.js';
import type { CheckedUpdates } from './typed-paths.js';
import { SymObject, VALUES, trusted } from './object.js';
import { setCloneHook } from './value-spec.js';
import { OpaqueObject, opaqueTypeName } from './opaque.js';
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
  const copy = guardDepth('clone', value, () => cloneValue(value, options.deep ?? true)) as T;
  if (options.override && Object.keys(options.override).length) {
    if (!isNode(copy)) throw new PathError('clone: override needs a symbolic object, Dict or List', '');
    applyChanges(
      copy,
      Object.keys(options.override).map((path) => ({ op: 'set', keys: parsePath(path), value: options.override![path] })),
    );
  }
  return copy;
}

function cloneValue(value: unknown, deep: boolean): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof SymObject) {
    const source = value[VALUES];
    const values: Record<string, unknown> = {};
    for (const key of value.symSchema.keys) values[key] = deep ? cloneValue(source[key], true) : source[key];
    const Cls = value.constructor as new (init: object) => SymObject;
    // Shallow: children are shared and keep their parent link to the original.
    return new Cls(trusted(values, value[FLAGS] & PARTIAL, !deep));
  }
  if (value instanceof List) {
    // Loops, not per-call closures (cheaper, also under tsx whose keepNames wraps every closure).
    const n = value.length;
    const items = new Array<unknown>(n);
    for (let i = 0; i < n; i++) items[i] = deep ? cloneValue(value[i], true) : value[i];
    return List.fromValidated(value.symSpec, items, !deep);
  }
  if (value instanceof Dict) {
    const entries: Array<[string, unknown]> = [];
    for (const key of value[N_KEYS]() as string[]) {
      const v = value[N_GET](key);
      entries.push([key, deep ? cloneValue(v, true) : v]);
    }
    const copy = Dict.fromValidated(specOfDict(value), entries, !deep);
    return value instanceof OpaqueObject ? OpaqueObject.retag(copy, opaqueTypeName(value)) : copy;
  }
  if (Array.isArray(value)) return deep ? value.map((v) => cloneValue(v, true)) : [...value];
  const proto = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) {
    const out: Record<string, unknown> = proto === null ? Object.create(null) : {};
    for (const key of Object.keys(value)) {
      Object.defineProperty(out, key, {
        value: deep ? cloneValue((value as Record<string, unknown>)[key], true) : (value as Record<string, unknown>)[key],
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  return value; // functions, class instances we do not own: shared
}

function cloneNodeDeep(node: SymbolicNode): SymbolicNode {
  return cloneValue(node, true) as SymbolicNode;
}
setNodeCloner(cloneNodeDeep);
setCloneHook((value) => cloneValue(value, true));
