/**
 * `symbolize(fn | Class, fields?)`: makes code you did not write symbolic. A function becomes a
 * functor (bound arguments + `call()`), a class becomes a symbolic *factory* (bound constructor
 * arguments + `create()`), so hyper values (`oneOf`, ...) can sit in the arguments of a TensorFlow.js
 * layer or any third-party class, and the bound arguments can be rebound, cloned, serialized and
 * searched like any other symbolic tree.
 *
 * Without `fields`, parameter names and literal defaults are read from the source (`params.ts`) and
 * every argument accepts any value. A single destructured parameter (`({ units, act = 'relu' })`)
 * gives one field per property and is called with one object; otherwise arguments are positional.
 * With `fields`, a function or constructor whose one parameter is not named by a field (TF.js's
 * `constructor(args)`) is called with one object of the fields.
 *
 * `compound(name, fields, build)` is the converse: a symbolic class defined by an expression over
 * others; `obj.decomposed` is what `build` returns for its current fields (rebuilt after changes).
 */
import { SymbolicError, ValidationError } from './errors.js';
import { SCHEMA, type Schema, type SymObject, VALUES, symbolic, type ConstructOptions, type SymbolicInstance } from './object.js';
import { MISSING, at, newContext, type AnySpec, type ValueSpec } from './value-spec.js';
import type { Fields, FieldsInput, FieldsOutput } from './core-specs.js';
import { t } from './t.js';
import { registerClass } from './registry.js';
import { inferParameters, type ParamInfo } from './params.js';
import { Dict } from './dict.js';
import { isPlainObject } from './dict.js';
import { mutationEpoch } from './mutate.js';

/** Any function or class. */
type AnyFunction = ((...args: any[]) => unknown) | (abstract new (...args: any[]) => unknown);

/** Options of {@link symbolize}. */
export interface SymbolizeOptions {
  /** Registered type name (default: the function's or class's name). */
  name?: string;
  /** How arguments are passed (default: inferred, see the module comment). */
  args?: 'positional' | 'object';
}

/** Fields of a symbolized target whose parameters were inferred: any value, omittable. */
export type LooseFields = Record<string, ValueSpec<any, any, true>>;

/** An instance of a symbolized function: bound arguments plus `call`. */
export type SymbolizedFunction<F extends Fields, R> = SymbolicInstance<F> & {
  /** Calls the function with the bound arguments, overridden by `overrides` (validated). */
  call(overrides?: Partial<FieldsInput<F>>): R;
};

/** An instance of a symbolized class: bound constructor arguments plus `create`. */
export type SymbolizedFactory<F extends Fields, I> = SymbolicInstance<F> & {
  /**
   * Constructs the class with the bound arguments, overridden by `overrides`. Symbolized factories
   * inside the arguments are created first; `Dict`/`List` arguments are passed as plain objects/arrays.
   */
  create(overrides?: Partial<FieldsInput<F>>): I;
};

/** A class made by {@link symbolize}. */
export interface SymbolizedClass<Instance> {
  new (init?: Record<string, unknown>, options?: ConstructOptions): Instance;
  readonly typeName: string;
  /** The function or class that was symbolized. */
  readonly target: AnyFunction;
  /** How the target is called. */
  readonly argsMode: 'positional' | 'object';
}

type Ctor = abstract new (...args: any[]) => any;

const cache = new WeakMap<AnyFunction, Map<string, SymbolizedClass<unknown>>>();
const FACTORY: unique symbol = Symbol('tsglove.factory');

function isClass(target: AnyFunction): boolean {
  const source = Function.prototype.toString.call(target);
  if (/^class\b/.test(source)) return true;
  const proto = (target as { prototype?: object }).prototype;
  return !!proto && Object.getOwnPropertyNames(proto).length > 1; // an old-style constructor with methods
}

function specOf(param: ParamInfo): AnySpec {
  if (param.rest) return t.list(t.any()).default([]);
  if (param.literalDefault !== undefined) return t.any().default(param.literalDefault);
  if (param.hasDefault) return t.any().optional();
  return t.any();
}

interface Plan {
  fields: Fields;
  keys: string[];
  mode: 'positional' | 'object';
  rest: string | null;
}

function plan(target: AnyFunction, name: string, fields: Fields | undefined, options: SymbolizeOptions): Plan {
  const params = inferParameters(target);
  if (fields) {
    const keys = Object.keys(fields);
    let mode = options.args;
    if (!mode) {
      const single = params && params.length === 1 ? params[0]! : null;
      mode = single && (single.properties || !keys.includes(single.name)) ? 'object' : 'positional';
    }
    // Positional fields follow the parameter order when every field names a parameter.
    const order = params?.map((p) => p.name) ?? [];
    const ordered = mode === 'positional' && keys.every((k) => order.includes(k)) ? order.filter((k) => keys.includes(k)) : keys;
    const rest = params?.find((p) => p.rest && keys.includes(p.name))?.name ?? null;
    return { fields, keys: ordered, mode, rest };
  }
  if (!params) {
    throw new SymbolicError(
      `symbolize(${name}): cannot read its parameters (native or bound code); give the fields: symbolize(${name}, { arg: t.any(), ... })`,
    );
  }
  const single = params.length === 1 ? params[0]! : null;
  if (options.args !== 'positional' && single?.properties) {
    const out: Fields = {};
    for (const p of single.properties) if (!p.rest) out[p.name] = specOf(p);
    return { fields: out, keys: Object.keys(out), mode: 'object', rest: null };
  }
  const out: Fields = {};
  for (const p of params) out[p.name] = specOf(p);
  return {
    fields: out,
    keys: params.map((p) => p.name),
    mode: options.args ?? 'positional',
    rest: params.find((p) => p.rest)?.name ?? null,
  };
}

/** Plain arguments for third-party code: factories created, `Dict`/`List` made plain. */
function resolve(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if ((value as { [FACTORY]?: boolean })[FACTORY]) return (value as { create(): unknown }).create();
  if (Array.isArray(value)) return value.map(resolve);
  if (value instanceof Dict || isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) out[key] = resolve((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

/**
 * Symbolizes a function (returns a functor class: `new F({...}).call()`) or a class (returns a
 * factory class: `new F({...}).create()`). See the module comment.
 */
export function symbolize<C extends Ctor, const F extends Fields = LooseFields>(
  target: C,
  fields?: F,
  options?: SymbolizeOptions,
): SymbolizedClass<SymbolizedFactory<F, InstanceType<C>>>;
export function symbolize<Fn extends (...args: any[]) => any, const F extends Fields = LooseFields>(
  target: Fn,
  fields?: F,
  options?: SymbolizeOptions,
): SymbolizedClass<SymbolizedFunction<F, ReturnType<Fn>>>;
export function symbolize(target: AnyFunction, fields?: Fields, options: SymbolizeOptions = {}): SymbolizedClass<unknown> {
  if (typeof target !== 'function') throw new SymbolicError(`symbolize: expected a function or class, got ${typeof target}`);
  const name = options.name ?? target.name;
  if (!name) throw new SymbolicError('symbolize: an anonymous function needs a name: symbolize(fn, fields, { name })');
  if (!fields) {
    const hit = cache.get(target)?.get(name);
    if (hit) return hit;
  }
  const { fields: all, keys, mode, rest } = plan(target, name, fields, options);
  const construct = isClass(target);
  const Base = symbolic(name, all) as unknown as new (init?: object, options?: ConstructOptions) => SymObject;

  function argumentsOf(self: SymObject, overrides: Record<string, unknown>): unknown[] {
    const ctx = newContext();
    const args: Record<string, unknown> = {};
    for (const key of Object.keys(overrides)) {
      if (!Object.hasOwn(all, key)) {
        ctx.issues.push({ code: 'unknown-key', path: key, message: `${name} has no argument "${key}" (arguments: ${keys.join(', ')})` });
      }
    }
    for (const key of keys) {
      const bound = self[VALUES][key];
      const given = key in overrides ? overrides[key] : bound === MISSING ? undefined : bound;
      args[key] = all[key]!.apply(given, at(null, key), ctx);
    }
    if (ctx.issues.length) throw new ValidationError(ctx.issues);
    if (mode === 'object') {
      const object: Record<string, unknown> = {};
      for (const key of keys) if (args[key] !== undefined) object[key] = resolve(args[key]);
      return [object];
    }
    const out: unknown[] = [];
    for (const key of keys) {
      if (key === rest) out.push(...(resolve(args[key]) as unknown[]));
      else out.push(resolve(args[key]));
    }
    while (out.length && out[out.length - 1] === undefined && keys[out.length - 1] !== rest) out.pop();
    return out;
  }

  class Symbolized extends Base {
    constructor(init?: object, opts?: ConstructOptions) {
      super(init, { allowPartial: true, ...opts });
    }
  }
  const proto = Symbolized.prototype as unknown as Record<string | symbol, unknown>;
  if (construct) {
    proto[FACTORY] = true;
    proto.create = function (this: SymObject, overrides: Record<string, unknown> = {}) {
      return new (target as new (...a: unknown[]) => unknown)(...argumentsOf(this, overrides));
    };
  } else {
    proto.call = function (this: SymObject, overrides: Record<string, unknown> = {}) {
      return (target as (...a: unknown[]) => unknown)(...argumentsOf(this, overrides));
    };
  }
  Object.defineProperty(Symbolized, 'name', { value: Base.name });
  Object.defineProperty(Symbolized, 'target', { value: target });
  Object.defineProperty(Symbolized, 'argsMode', { value: mode });
  registerClass(name, Symbolized as never);
  const result = Symbolized as unknown as SymbolizedClass<unknown>;
  if (!fields) {
    let byName = cache.get(target);
    if (!byName) cache.set(target, (byName = new Map()));
    byName.set(name, result);
  }
  return result;
}

/** An instance of a compound class: its fields plus the value they decompose into. */
export type CompoundInstance<F extends Fields, R, B extends object = {}> = SymbolicInstance<F> &
  Readonly<Omit<B, keyof SymObject | keyof F>> & {
    /** What `build` returns for the current fields (cached until a symbolic tree changes). */
    readonly decomposed: R;
  };

/** A class made by {@link compound}. */
export interface CompoundClass<F extends Fields, R, B extends object = {}> {
  new (
    ...args: {} extends FieldsInput<F>
      ? [init?: FieldsInput<F>, options?: ConstructOptions]
      : [init: FieldsInput<F>, options?: ConstructOptions]
  ): CompoundInstance<F, R, B>;
  readonly typeName: string;
}

/** Options of {@link compound}. */
export interface CompoundOptions {
  /**
   * A symbolic class that `build` returns: its fields (those the compound does not have itself) read
   * through to `decomposed`, so the compound can be used where its parts are read.
   */
  base?: abstract new (
    ...args: any[]
  ) => SymObject;
}

/**
 * A symbolic class defined by an expression over others (PyGlove's `pg.compound`): its fields are
 * the parameters, `build(fields)` the definition. Put hyper values in its fields to search over
 * the parameters of a composite; `obj.decomposed` gives the built value. With `{ base }`, the base
 * class's fields read through to it (`obj.layers` is `obj.decomposed.layers`).
 */
export function compound<const F extends Fields, R, B extends object = {}>(
  name: string,
  fields: F,
  build: (args: FieldsOutput<F>) => R,
  options: CompoundOptions & { base?: abstract new (...args: any[]) => B } = {},
): CompoundClass<F, R, B> {
  const Base = symbolic(name, fields) as unknown as new (init?: object, options?: ConstructOptions) => SymObject;
  const built = new WeakMap<object, { epoch: number; value: R }>();
  class Compound extends Base {
    get decomposed(): R {
      const hit = built.get(this);
      if (hit && hit.epoch === mutationEpoch()) return hit.value;
      const args: Record<string, unknown> = {};
      for (const key of this.symSchema.keys) {
        const v = this[VALUES][key];
        if (v === MISSING) throw new SymbolicError(`${name}.decomposed: field "${key}" is missing`, key);
        args[key] = v;
      }
      const value = build(args as FieldsOutput<F>);
      if (options.base && !(value instanceof options.base)) {
        throw new SymbolicError(`${name}: build returned ${describe(value)}, not a ${options.base.name} (the compound's base)`);
      }
      built.set(this, { epoch: mutationEpoch(), value });
      return value;
    }
  }
  const baseSchema = (options.base as unknown as { [SCHEMA]?: Schema } | undefined)?.[SCHEMA];
  if (options.base && !baseSchema) throw new SymbolicError(`compound(${name}): base must be a symbolic class`);
  for (const key of baseSchema?.keys ?? []) {
    if (Object.hasOwn(fields, key)) continue;
    Object.defineProperty(Compound.prototype, key, {
      get(this: { decomposed: Record<string, unknown> }) {
        return this.decomposed[key];
      },
      configurable: true,
    });
  }
  Object.defineProperty(Compound, 'name', { value: Base.name });
  registerClass(name, Compound as never);
  return Compound as unknown as CompoundClass<F, R, B>;
}

function describe(value: unknown): string {
  return value !== null && typeof value === 'object' ? `a ${(value as object).constructor?.name ?? 'object'}` : JSON.stringify(value);
}
