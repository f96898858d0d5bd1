/**
 * The `sym*` methods of symbolic objects that delegate to the free functions (rebind, clone, eq,
 * format, JSON...). Kept apart from object.ts so the object model does not import every operation.
 */
import { SymObject } from './object.js';
import { Dict } from './dict.js';
import { rebind, seal, isSealed, type Rewriter } from './rebind.js';
import { clone, type CloneOptions } from './clone.js';
import { symGet, symAncestor, symDescendants, contains, type Where, type DescendantOptions } from './access.js';
import { nonDefaultValues } from './non-default.js';
import type { CheckedPath, CheckedUpdates, ValueAt } from './typed-paths.js';
import type { SymbolicNode } from './node.js';
import { eq, hash } from './eq.js';
import { format, type FormatOptions } from './format.js';
import { toJSON, type JSONValue } from './json.js';
import { missingValues } from './object.js';
import { query, type QueryOptions } from './traverse.js';
import type { FieldUpdate } from './mutate.js';

declare module './object.js' {
  interface SymObject {
    /** Rebinds values below this object with a rewriter (see `rebind`). */
    symRebind(rewrite: Rewriter): FieldUpdate[];
    /** Rebinds values below this object by path, typed like `rebind`'s (see `rebind`). */
    symRebind<U extends Record<string, unknown>>(updates: U extends CheckedUpdates<this, U> ? U : CheckedUpdates<this, U>): FieldUpdate[];
    /** A copy of this object (deep by default; `override` rebinds the copy). */
    symClone(options?: CloneOptions): this;
    /** The value at a path below this object (typed like `symGet`). */
    symGet<const P extends string>(path: CheckedPath<this, P>): ValueAt<this, P>;
    /** The nearest ancestor that `where` (a predicate or a class) accepts; without it, the parent. */
    symAncestor<A = SymbolicNode>(where?: Where): A | null;
    /** Values below this object that `where` accepts (see `symDescendants`). */
    symDescendants<D = unknown>(where?: Where, options?: DescendantOptions): D[];
    /** Whether this tree holds a value equal to `target` (or an instance of the class `target`). */
    symContains(target: unknown): boolean;
    /** Paths and values that differ from the fields' defaults (see `nonDefaultValues`). */
    symNonDefault(): Record<string, unknown>;
    /** Structural equality. */
    symEq(other: unknown): boolean;
    /** Structural hash. */
    symHash(): number;
    /** Readable rendering (see `format`). */
    symFormat(options?: FormatOptions): string;
    /** JSON with `_type` tags (see `toJSON`). */
    symToJSON(): JSONValue;
    /** Values below this object matching a query. */
    symQuery(options?: QueryOptions): Record<string, unknown>;
    /** Paths of missing required values. */
    symMissing(): Record<string, string>;
    /** Seals (or unseals) this tree. */
    symSeal(sealed?: boolean): this;
    /** Whether this object is sealed. */
    symIsSealed(): boolean;
    /** Same as `symToJSON`, so `JSON.stringify(obj)` works. */
    toJSON(): JSONValue;
  }
}

const proto = SymObject.prototype;
proto.symRebind = function (this: SymObject, updates: Record<string, unknown> | Rewriter) {
  return rebind(this, updates as Rewriter);
} as never;
proto.symClone = function (options) {
  return clone(this, options);
};
proto.symEq = function (other) {
  return eq(this, other);
};
proto.symHash = function () {
  return hash(this);
};
proto.symFormat = function (options) {
  return format(this, options);
};
proto.symToJSON = function () {
  return toJSON(this);
};
proto.symQuery = function (options) {
  return query(this, options as never);
};
proto.symGet = function (this: SymObject, path: string) {
  return symGet(this, path as never);
} as never;
proto.symAncestor = function (where) {
  return symAncestor(this, where);
};
proto.symDescendants = function (where, options) {
  return symDescendants(this, where, options);
};
proto.symContains = function (target) {
  return contains(this, target);
};
proto.symNonDefault = function () {
  return nonDefaultValues(this);
};
proto.symMissing = function () {
  return missingValues(this);
};
proto.symSeal = function (sealed = true) {
  return seal(this, sealed);
};
proto.symIsSealed = function () {
  return isSealed(this);
};
proto.toJSON = function () {
  return toJSON(this);
};
proto.toString = function () {
  return format(this);
};

// Dicts render like objects. Keys are own properties, so a key named `toString` would shadow the
// method: `String(dict)` and template literals go through `Symbol.toPrimitive`, which no key can hide.
// (Lists keep Array's `toString`: a List is an Array.)
Object.defineProperty(Dict.prototype, 'toString', {
  value: function (this: Dict) {
    return format(this);
  },
  writable: true,
  configurable: true,
});
Object.defineProperty(Dict.prototype, Symbol.toPrimitive, {
  value: function (this: Dict, hint: string) {
    return hint === 'number' ? NaN : format(this);
  },
  configurable: true,
});
