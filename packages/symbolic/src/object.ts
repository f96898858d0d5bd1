/**
 * Symbolic objects: `symbolic(name, fields)` makes a class whose constructor validates its fields
 * against compiled specs and fills defaults; fields read as typed properties and assigning one goes
 * through the same validation and change hooks as `rebind`.
 */
import { SymbolicError, ValidationError } from './errors.js';
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
  N_ON_CHANGE,
  N_SET,
  N_SPEC,
  PARENT,
  PARTIAL,
  adopt,
  pathOf,
  release,
  rootOf,
  setMoveHook,
  type ChangeOp,
  type SymbolicNode,
} from './node.js';
import {
  MISSING,
  at,
  describeValue,
  locPath as locPathOf,
  newContext,
  report,
  type AnySpec,
  type Loc,
  type ValueSpec,
} from './value-spec.js';
import type { Fields, FieldsInput, FieldsOutput } from './core-specs.js';
import { isPlainObject } from './dict.js';
import { Ref } from './ref.js';
import { joinPath, type Key } from './path.js';
import { applyChanges, type FieldUpdate } from './mutate.js';
import { markGenerated, promoteSubclass, registerClass } from './registry.js';

/** Field values of an object (null-prototype record). */
export const VALUES: unique symbol = Symbol('tsglove.values');
/** The compiled schema of a symbolic class (static). */
export const SCHEMA: unique symbol = Symbol('tsglove.schema');
/** Wraps already-validated values for the internal fast constructor path (clone, materialize). */
const TRUSTED: unique symbol = Symbol('tsglove.trusted');

/** A symbolic class's compiled schema. */
export interface Schema {
  /** Registered type name (used as `_type` in JSON). */
  readonly name: string;
  readonly fields: Fields;
  readonly keys: readonly string[];
  readonly specs: readonly AnySpec[];
  /** @internal The location of each field from the object (immutable, shared by all instances). */
  readonly locs: readonly Loc[];
}

/** Options of a symbolic constructor. */
export interface ConstructOptions {
  /** Allow required fields to be missing (see `missingValues`). */
  allowPartial?: boolean;
}

/** Set by `detour`: builds a replacement for `new cls(init, options)`, or returns undefined. */
let detourHook: ((cls: Function, init: object | undefined, options: ConstructOptions | undefined) => object | undefined) | null = null;
/** @internal Installs the detour hook (detour.ts, at its first use). */
export function setDetourHook(
  fn: (cls: Function, init: object | undefined, options: ConstructOptions | undefined) => object | undefined,
): void {
  detourHook = fn;
}

/** @internal Marks field values as already validated (skips validation in the constructor). */
export function trusted(values: Record<string, unknown>, flags = 0, share = false): object {
  return { [TRUSTED]: values, flags, share };
}

/** Base class of all symbolic objects. Reflective methods are prefixed `sym` to never clash with fields. */
export class SymObject implements SymbolicNode {
  [PARENT]: SymbolicNode | null = null;
  [KEY]: Key | null = null;
  [FLAGS] = 0;
  declare [VALUES]: Record<string, unknown>;
  declare static [SCHEMA]: Schema;

  constructor(init?: object, options?: ConstructOptions) {
    const cls = new.target as unknown as typeof SymObject;
    // `detour`: inside one, `new From(...)` builds To instead (nothing to do until detour is used).
    if (detourHook !== null) {
      const detoured = detourHook(cls, init, options);
      if (detoured !== undefined) return detoured as SymObject;
    }
    const schema = cls[SCHEMA];
    if (!schema) throw new SymbolicError(`${cls.name} is not a symbolic class: make it with symbolic(name, fields)`);
    // A plain object filled in schema order: every instance of a class shares one fast shape (a
    // null-prototype object would be a slow dictionary). Every field key is always own, so no
    // Object.prototype member is ever read through it.
    const values = {} as Record<string, unknown>;
    this[VALUES] = values; // a plain symbol-keyed slot (defineProperty is slow on this hot path)
    if (init && (init as Record<symbol, unknown>)[TRUSTED]) {
      const given = (init as Record<symbol, unknown>)[TRUSTED] as Record<string, unknown>;
      const { flags, share } = init as { flags: number; share: boolean };
      this[FLAGS] = flags;
      for (const key of schema.keys) values[key] = share ? given[key] : adopt(this, key, given[key]);
    } else {
      const partial = options?.allowPartial === true;
      const source = (init ?? {}) as Record<string, unknown>;
      const ctx = newContext(partial);
      if (!isPlainObject(source)) {
        report(ctx, null, 'type', `expected field values of ${schema.name}, got ${describeValue(init)}`);
        throw new ValidationError(ctx.issues);
      }
      for (const key of Object.keys(source)) {
        if (!schema.fields[key] || !Object.prototype.hasOwnProperty.call(schema.fields, key)) {
          report(ctx, at(null, key), 'unknown-key', `${schema.name} has no field "${key}" (fields: ${schema.keys.join(', ')})`);
        }
      }
      const converted: unknown[] = new Array(schema.keys.length);
      for (let i = 0; i < schema.keys.length; i++) {
        const key = schema.keys[i]!;
        converted[i] = schema.specs[i]!.apply(source[key], schema.locs[i]!, ctx);
      }
      if (ctx.issues.length) throw new ValidationError(ctx.issues);
      if (partial) this[FLAGS] |= PARTIAL;
      for (let i = 0; i < schema.keys.length; i++) values[schema.keys[i]!] = adopt(this, schema.keys[i]!, converted[i]);
    }
    promoteSubclass(schema.name, cls as never);
    if ((cls as unknown as { [HOOKS_SEEN]?: unknown })[HOOKS_SEEN] !== cls) seeHooks(cls, this);
  }

  /** Makes an object that may lack required fields (they read as `MISSING`). */
  static partial<C extends abstract new (...args: any[]) => SymObject>(this: C, init: object = {}): InstanceType<C> {
    const Cls = this as unknown as new (init: object, options: ConstructOptions) => InstanceType<C>;
    return new Cls(init, { allowPartial: true });
  }

  /**
   * Registers this class for `fromJSON` under its type name now, before any instance is built
   * (a subclass with methods is otherwise learned at its first construction). Returns the class:
   * `class Block extends symbolic('Block', {...}) { static { this.register(); } }`.
   */
  static register<C extends abstract new (...args: any[]) => SymObject>(this: C): C {
    const schema = (this as unknown as typeof SymObject)[SCHEMA];
    if (!schema) throw new SymbolicError('register(): only classes made by symbolic() (and their subclasses) can be registered');
    registerClass(schema.name, this as never);
    return this;
  }

  /** The schema of this object's class. */
  get symSchema(): Schema {
    return (this.constructor as typeof SymObject)[SCHEMA];
  }
  /** Path from the root, e.g. `stages[3].blocks[1]`. */
  symPath(): string {
    return pathOf(this);
  }
  /** Parent node, or null for a root. */
  symParent(): SymbolicNode | null {
    return this[PARENT];
  }
  /** The root of the tree holding this object. */
  symRoot(): SymbolicNode {
    return rootOf(this);
  }
  /** Field values as given (a shallow record; children are the live nodes). */
  symInitArgs(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const key of this.symSchema.keys) {
      const v = this[VALUES][key];
      if (v !== undefined) out[key] = v;
    }
    return out;
  }
  /**
   * Called after a rebind changed values at or below this object, with every update below it
   * (paths relative to this object). Override to react; throw to reject the change (it is undone).
   */
  onChange(_updates: FieldUpdate[]): void {}

  /**
   * Called after this object got a new parent (or lost it: `newParent` null), e.g. when it is
   * stored in a tree, moved by a rebind or removed. Override to react.
   */
  onParentChange(_oldParent: SymbolicNode | null, _newParent: SymbolicNode | null): void {}

  /**
   * Called after this object's path from its root changed (`blocks[2]` → `blocks[1]` when an
   * element before it is removed; also when an ancestor moves). Override to react.
   */
  onPathChange(_oldPath: string, _newPath: string): void {}

  /** @internal The hook that transactions call: `onChange`, or null when it is not overridden. */
  get [N_ON_CHANGE](): ((updates: FieldUpdate[]) => void) | null {
    const fn = this.onChange;
    return fn === SymObject.prototype.onChange ? null : fn;
  }

  [N_COPY](deep: boolean): SymObject {
    const source = this[VALUES];
    const values: Record<string, unknown> = {};
    for (const key of this.symSchema.keys) values[key] = deep ? copyValue(source[key], true) : source[key];
    const Cls = this.constructor as new (init: object) => SymObject;
    // Shallow: children are shared and keep their parent link to the original.
    return new Cls(trusted(values, this[FLAGS] & PARTIAL, !deep));
  }
  [N_KEYS](): Key[] {
    return this.symSchema.keys as string[];
  }
  [N_GET](key: Key): unknown {
    return this[VALUES][key as string];
  }
  [N_SPEC](key: Key, op: ChangeOp): ValueSpec | string {
    const schema = this.symSchema;
    const k = String(key);
    if (!Object.prototype.hasOwnProperty.call(schema.fields, k)) {
      return `${schema.name} has no field "${k}" (fields: ${schema.keys.join(', ')})`;
    }
    if (op !== 'set') return `cannot ${op} field "${k}" of ${schema.name}: fields can only be set`;
    return schema.fields[k]!;
  }
  [N_SET](key: Key, value: unknown): void {
    const k = key as string;
    release(this, this[VALUES][k], k);
    this[VALUES][k] = adopt(this, k, value);
  }
  [N_INSERT](key: Key, value: unknown): void {
    this[N_SET](key, value);
  }
  [N_DELETE](key: Key): void {
    this[N_SET](key, undefined);
  }
}

/**
 * Phantom key carrying a symbolic instance's field specs in its type (no runtime value): typed
 * paths (`rebind`, `symGet`, `query`) read field input and output types through it.
 */
export declare const FIELD_SPECS: unique symbol;

const NO_PARENT_HOOK = SymObject.prototype.onParentChange;
const NO_PATH_HOOK = SymObject.prototype.onPathChange;
let moveHooksOn = false;
/** Own static slot of a class: the class itself once its hooks were looked at (a subclass inherits another value). */
const HOOKS_SEEN: unique symbol = Symbol('tsglove.hooksSeen');

/** Looks once per class whether it overrides a move hook (then moves start calling hooks). */
function seeHooks(cls: object, instance: SymObject): void {
  Object.defineProperty(cls, HOOKS_SEEN, { value: cls, configurable: true });
  if (!moveHooksOn && (instance.onParentChange !== NO_PARENT_HOOK || instance.onPathChange !== NO_PATH_HOOK)) enableMoveHooks();
}

/** Installs the move hook once a class overrides `onParentChange` or `onPathChange`. */
function enableMoveHooks(): void {
  moveHooksOn = true;
  setMoveHook((node, oldParent, oldKey) => {
    const newParent = node[PARENT];
    if (node instanceof SymObject && oldParent !== newParent && node.onParentChange !== NO_PARENT_HOOK) {
      node.onParentChange(oldParent, newParent);
    }
    const oldPath = oldParent ? joinPath(pathOf(oldParent), oldKey!) : '';
    const newPath = pathOf(node);
    if (oldPath === newPath) return;
    // The node and every node below it have a new path.
    const visit = (n: SymbolicNode, from: string, to: string): void => {
      if (n instanceof SymObject && n.onPathChange !== NO_PATH_HOOK) n.onPathChange(from, to);
      for (const key of n[N_KEYS]()) {
        const child = n[N_GET](key);
        if (child !== null && typeof child === 'object' && FLAGS in child && (child as SymbolicNode)[PARENT] === n) {
          visit(child as SymbolicNode, joinPath(from, key), joinPath(to, key));
        }
      }
    };
    visit(node, oldPath, newPath);
  });
}

/** Instance type of a symbolic class with fields `F`. */
export type SymbolicInstance<F extends Fields> = SymObject & FieldsOutput<F> & { readonly [FIELD_SPECS]?: F };

/** A class made by {@link symbolic}. */
export interface SymbolicClass<F extends Fields> {
  new (
    ...args: {} extends FieldsInput<F>
      ? [init?: FieldsInput<F>, options?: ConstructOptions]
      : [init: FieldsInput<F>, options?: ConstructOptions]
  ): SymbolicInstance<F>;
  readonly prototype: SymbolicInstance<F>;
  /** The compiled schema (name, field specs). */
  readonly [SCHEMA]: Schema;
  /** The registered type name. */
  readonly typeName: string;
  /** Makes an object that may lack required fields. */
  partial<C extends abstract new (...args: any[]) => SymObject>(this: C, init?: object): InstanceType<C>;
  /** Registers this class (a subclass with methods) for `fromJSON` now; returns it. */
  register<C extends abstract new (...args: any[]) => SymObject>(this: C): C;
}

const reserved = new Set<string>([...FORBIDDEN_KEYS]);
for (let proto: object | null = SymObject.prototype; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
  for (const name of Object.getOwnPropertyNames(proto)) reserved.add(name);
}
for (const name of ['toJSON', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf']) reserved.add(name);

/**
 * Makes a symbolic class named `name` (registered for JSON) with typed, validated `fields`.
 * Extend the result to add methods: `class Block extends symbolic('Block', {...}) { area() {...} }`.
 * Pass `{ base }` to inherit the fields of another symbolic class (new fields come after them).
 */
export function symbolic<F extends Fields, B extends Fields = {}>(
  name: string,
  fields: F,
  options: { base?: SymbolicClass<B> } = {},
): SymbolicClass<B & F> {
  if (typeof name !== 'string' || name === '') throw new SymbolicError('symbolic(name, fields): name must be a non-empty string');
  const Base = (options.base ?? SymObject) as unknown as typeof SymObject;
  const baseFields = options.base ? options.base[SCHEMA].fields : {};
  const all: Fields = { ...baseFields, ...fields };
  for (const key of Object.keys(fields)) {
    if (reserved.has(key) || key.startsWith('sym')) {
      throw new SymbolicError(`${name}: "${key}" cannot be a field name (it is reserved)`);
    }
    const spec = fields[key] as unknown;
    if (!spec || typeof (spec as AnySpec).apply !== 'function') {
      throw new SymbolicError(`${name}.${key}: expected a value spec (t.int(), t.str(), ...), got ${describeValue(spec)}`);
    }
  }
  const Generated = class extends Base {};
  Object.defineProperty(Generated, 'name', { value: name.slice(name.lastIndexOf('.') + 1) });
  const keys = Object.keys(all);
  const schema: Schema = { name, fields: all, keys, specs: keys.map((k) => all[k]!), locs: keys.map((k) => at(null, k)) };
  (Generated as unknown as { [SCHEMA]: Schema })[SCHEMA] = schema;
  Object.defineProperty(Generated, 'typeName', { value: name });
  for (const key of Object.keys(fields)) {
    Object.defineProperty(Generated.prototype, key, {
      get(this: SymObject) {
        const value = this[VALUES][key];
        // Most fields hold scalars: only an object can be a reference (instanceof costs on this hot path).
        return typeof value === 'object' && value !== null && value instanceof Ref ? value.value : value;
      },
      set(this: SymObject, value: unknown) {
        applyChanges(this, [{ op: 'set', keys: [key], value }]);
      },
      enumerable: false,
      configurable: true,
    });
  }
  markGenerated(Generated);
  registerClass(name, Generated as never);
  return Generated as unknown as SymbolicClass<B & F>;
}

/** True for symbolic objects (instances of classes made by `symbolic`). */
export function isSymObject(value: unknown): value is SymObject {
  return value instanceof SymObject;
}

/** Paths of required values still missing in a (partial) tree, with the expected type. */
export function missingValues(root: SymbolicNode): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (node: SymbolicNode, prefix: Loc | null): void => {
    for (const key of node[N_KEYS]()) {
      const value = node[N_GET](key);
      const loc = at(prefix, key);
      if (value === MISSING && node instanceof SymObject) out[locPathOf(loc)] = node.symSchema.fields[key as string]!.describeType();
      else if (value && typeof value === 'object' && FLAGS in value) walk(value as SymbolicNode, loc);
    }
  };
  walk(root, null);
  return out;
}
