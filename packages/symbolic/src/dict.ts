/**
 * `Dict`: a symbolic dictionary. Keys read as properties (`d.kernel`); assigning one (`d.kernel = 5`)
 * validates against the dict's spec and fires change hooks, like `rebind`. New keys are added with
 * `rebind(d, { newKey: v })` (a plain `d.newKey = v` is not tracked).
 */
import { defaultSpecs } from './default-specs.js';
import {
  FLAGS,
  N_COPY,
  copyValue,
  FORBIDDEN_KEYS,
  KEY,
  N_DELETE,
  N_GET,
  N_INSERT,
  N_KEYS,
  N_SET,
  N_SPEC,
  PARENT,
  adopt,
  pathOf,
  release,
  type ChangeOp,
  type SymbolicNode,
} from './node.js';
import { newContext } from './value-spec.js';
import { ValidationError } from './errors.js';
import type { Key } from './path.js';
import type { DictSpecShape, RecordSpecShape, ValueSpec } from './value-spec.js';
import { applyChanges } from './mutate.js';
import { Ref } from './ref.js';

const VALUES: unique symbol = Symbol('tsglove.dictValues');
const SPEC: unique symbol = Symbol('tsglove.dictSpec');

/** True for `{...}` objects (prototype Object.prototype or null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

// Accessor descriptors are shared across instances, one per key name.
const accessors = new Map<string, PropertyDescriptor>();
function accessorFor(key: string): PropertyDescriptor {
  let d = accessors.get(key);
  if (!d) {
    d = {
      get(this: Dict) {
        const value = this[VALUES][key];
        return value instanceof Ref ? value.value : value;
      },
      set(this: Dict, value: unknown) {
        applyChanges(this, [{ op: 'set', keys: [key], value }]);
      },
      enumerable: true,
      configurable: true,
    };
    accessors.set(key, d);
  }
  return d;
}

/**
 * @internal The spec of a dict. Internal code uses this, not `dict.symSpec`: a key named `symSpec`
 * would shadow the getter (keys are own properties).
 */
export function specOfDict(dict: Dict): DictSpecShape | RecordSpecShape {
  return dict[SPEC];
}

/** A symbolic dictionary (see the module comment). */
export class Dict implements SymbolicNode {
  [PARENT]: SymbolicNode | null = null;
  [KEY]: Key | null = null;
  [FLAGS] = 0;
  declare [VALUES]: Record<string, unknown>;
  declare [SPEC]: DictSpecShape | RecordSpecShape;
  [key: string]: unknown;

  /** Makes a dict of any values (plain objects/arrays inside become `Dict`/`List`). */
  constructor(init: Record<string, unknown> = {}, spec: DictSpecShape | RecordSpecShape = defaultSpecs().record) {
    const ctx = newContext();
    const converted = spec.apply(init, null, ctx);
    if (ctx.issues.length) throw new ValidationError(ctx.issues);
    // The spec built a fresh Dict (or returned `init` itself when it already was one of this spec).
    return converted as Dict;
  }

  /** @internal Builds a dict from values that `spec` has already validated (`share`: don't adopt children). */
  static fromValidated(spec: DictSpecShape | RecordSpecShape, entries: Array<[string, unknown]>, share = false): Dict {
    const dict = Object.create(Dict.prototype) as Dict;
    dict[PARENT] = null;
    dict[KEY] = null;
    dict[FLAGS] = 0;
    Object.defineProperty(dict, VALUES, { value: Object.create(null), writable: true });
    Object.defineProperty(dict, SPEC, { value: spec, writable: true });
    for (const [key, value] of entries) {
      if (share && value !== undefined) {
        dict[VALUES][key] = value; // shallow clone: the child keeps its parent link
        Object.defineProperty(dict, key, accessorFor(key));
      } else dict[N_INSERT](key, value);
    }
    return dict;
  }

  /** The spec this dict's values are checked against. */
  get symSpec(): DictSpecShape | RecordSpecShape {
    return this[SPEC];
  }
  /** Path from the root. */
  symPath(): string {
    return pathOf(this);
  }
  /** Parent node, or null. */
  symParent(): SymbolicNode | null {
    return this[PARENT];
  }
  /** Keys in order. */
  symKeys(): string[] {
    return Object.keys(this[VALUES]);
  }

  [N_COPY](deep: boolean): Dict {
    const entries: Array<[string, unknown]> = [];
    for (const key of Object.keys(this[VALUES])) {
      const v = this[VALUES][key];
      entries.push([key, deep ? copyValue(v, true) : v]);
    }
    return Dict.fromValidated(this[SPEC], entries, !deep);
  }
  [N_KEYS](): Key[] {
    return Object.keys(this[VALUES]);
  }
  [N_GET](key: Key): unknown {
    return this[VALUES][String(key)];
  }
  [N_SPEC](key: Key, op: ChangeOp): ValueSpec | string {
    const k = String(key);
    if (FORBIDDEN_KEYS.has(k)) return `key "${k}" is not allowed`;
    const spec = this[SPEC];
    const has = k in this[VALUES];
    if (op === 'set' || op === 'add') {
      if (op === 'add' && has) return `key "${k}" already exists`;
      if (spec.kind === 'dict') {
        const fieldSpec = (spec as DictSpecShape).specFor(k);
        return fieldSpec ?? `unexpected key (allowed: ${(spec as DictSpecShape).allowedKeys()})`;
      }
      return (spec as RecordSpecShape).value;
    }
    if (!has) return `key "${k}" does not exist`;
    if (spec.kind === 'dict') {
      const fieldSpec = (spec as DictSpecShape).specFor(k)!;
      const declared = Object.prototype.hasOwnProperty.call((spec as DictSpecShape).fields, k);
      if (declared && !fieldSpec.isOptional) return `key "${k}" is required and cannot be removed`;
    }
    return spec;
  }
  [N_SET](key: Key, value: unknown): void {
    const k = String(key);
    if (!(k in this[VALUES])) {
      this[N_INSERT](k, value);
      return;
    }
    if (value === undefined) {
      this[N_DELETE](k);
      return;
    }
    release(this, this[VALUES][k], k);
    this[VALUES][k] = adopt(this, k, value);
  }
  [N_INSERT](key: Key, value: unknown): void {
    const k = String(key);
    if (value === undefined) return;
    this[VALUES][k] = adopt(this, k, value);
    Object.defineProperty(this, k, accessorFor(k));
  }
  [N_DELETE](key: Key): void {
    const k = String(key);
    release(this, this[VALUES][k], k);
    delete this[VALUES][k];
    delete (this as Record<string, unknown>)[k];
  }
}
