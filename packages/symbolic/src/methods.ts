/**
 * The `sym*` methods of symbolic objects that delegate to the free functions (rebind, clone, eq,
 * format, JSON...). Kept apart from object.ts so the object model does not import every operation.
 */
import { SymObject } from './object.js';
import { Dict } from './dict.js';
import { rebind, seal, isSealed, type Rewriter } from './rebind.js';
import { clone } from './clone.js';
import { eq, hash } from './eq.js';
import { format, type FormatOptions } from './format.js';
import { toJSON, type JSONValue } from './json.js';
import { missingValues } from './object.js';
import { query, type QueryOptions } from './traverse.js';
import type { FieldUpdate } from './mutate.js';

declare module './object.js' {
  interface SymObject {
    /** Rebinds values below this object by path (see `rebind`). */
    symRebind(updates: Record<string, unknown> | Rewriter): FieldUpdate[];
    /** A copy of this object (deep by default). */
    symClone(options?: { deep?: boolean }): this;
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
proto.symRebind = function (updates) {
  return rebind(this, updates);
};
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
  return query(this, options);
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
