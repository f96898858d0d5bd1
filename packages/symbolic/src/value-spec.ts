/**
 * The value-spec base class: a spec validates (and converts) one value and carries its TypeScript
 * type as phantom type parameters, so `Infer<typeof spec>` is the value's type.
 */
import { SymbolicError, ValidationError, type Issue } from './errors.js';
import { joinPath, type Key } from './path.js';
import { Ref } from './ref.js';
import { copyValue } from './node.js';

/** A location during validation: a linked list of keys, turned into a path string only on error. */
export interface Loc {
  readonly parent: Loc | null;
  readonly key: Key;
}

/** Extends a location by one key. */
export function at(parent: Loc | null, key: Key): Loc {
  return { parent, key };
}

/** Renders a location as a path string (`stages[3].kernel`); `null` is the root (''). */
export function locPath(loc: Loc | null): string {
  const keys: Key[] = [];
  for (let l = loc; l; l = l.parent) keys.push(l.key);
  let path = '';
  for (let i = keys.length - 1; i >= 0; i--) path = joinPath(path, keys[i]!);
  return path;
}

/** State shared by one validation pass: the issues found so far and whether missing values are allowed. */
export interface ValidationContext {
  issues: Issue[];
  allowPartial: boolean;
  /**
   * Plain containers being converted right now, outermost first (a value met again inside itself is
   * a cycle). A stack, not a set: it is as deep as the value's nesting, and a set would give every
   * converted container an identity hash.
   */
  converting?: object[];
}

/** Makes a fresh validation context. */
export function newContext(allowPartial = false): ValidationContext {
  return { issues: [], allowPartial };
}

/**
 * Converts the plain container `value` with `convert`, unless it is already being converted
 * further up (a cyclic input): then reports a 'cycle' issue at `loc` and returns `value` as is.
 */
export function convertOnce<R>(ctx: ValidationContext, loc: Loc | null, value: object, convert: () => R): R | object {
  const converting = (ctx.converting ??= []);
  if (converting.includes(value)) {
    report(ctx, loc, 'cycle', 'cyclic value: this object contains itself (symbolic values are trees)');
    return value;
  }
  converting.push(value);
  try {
    return convert();
  } finally {
    converting.pop();
  }
}

/** Records an issue at a location. */
export function report(ctx: ValidationContext, loc: Loc | null, code: string, message: string): void {
  ctx.issues.push({ code, path: locPath(loc), message });
}

/** Placeholder of a required field that a partial object has not been given yet. */
export const MISSING: unique symbol = Symbol.for('tsglove.MISSING');
export type Missing = typeof MISSING;

/**
 * Brand of hyper values (`oneOf`, `floatValue`, ...). A field whose spec is `ValueSpec<T>` accepts a
 * `Hyper<T>` too, which turns the object holding it into a search space.
 */
export declare const hyperOf: unique symbol;
export interface Hyper<out T> {
  readonly [hyperOf]: T;
}

/** Implemented by hyper values so that specs can check them (e.g. each `oneOf` candidate fits). */
export interface HyperCheckable {
  /** Checks that every value this hyper value can take fits `spec`; reports issues at `loc`. */
  checkAgainst(spec: ValueSpec, loc: Loc | null, ctx: ValidationContext): void;
}

/** True for hyper values (objects implementing {@link HyperCheckable} and marked as hyper). */
export function isHyper(value: unknown): value is HyperCheckable {
  return typeof value === 'object' && value !== null && (value as { [IS_HYPER]?: boolean })[IS_HYPER] === true;
}

/** Marker property set on the prototype of hyper value classes (`true`; `Ref` has `'ref'`). */
export const IS_HYPER: unique symbol = Symbol.for('tsglove.isHyper');
Object.defineProperty(Ref.prototype, IS_HYPER, { value: 'ref' });

/** A short description of a value for error messages: `0`, `"abc"`, `Block(...)`, `array`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value.length > 40 ? value.slice(0, 37) + '...' : value);
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'undefined':
      return 'undefined';
    case 'function':
      return 'function';
    case 'symbol':
      return value === MISSING ? 'MISSING' : 'symbol';
    default: {
      if (Array.isArray(value)) return `array of ${value.length}`;
      const ctor = (value as object).constructor;
      if (ctor && ctor !== Object && typeof ctor === 'function' && ctor.name) return `${ctor.name}(...)`;
      return 'object';
    }
  }
}

/** Options shared by every spec. */
interface SpecFlags {
  hasDefault: boolean;
  defaultValue: unknown;
  isOptional: boolean;
  isNullable: boolean;
  doc: string | undefined;
  /** Rarely used behaviour, kept out of the common path (undefined for most specs). */
  extra: SpecExtra | undefined;
}

/** A user validator: true (or undefined) when the value is fine, false or a message when not. */
export type Refinement<T> = (value: T) => boolean | string | void;

interface SpecExtra {
  transform?: (value: any) => unknown;
  refinements?: Array<{ fn: Refinement<any>; message: string | undefined }>;
  frozen?: { value: unknown };
}

/**
 * Base of all value specs. Type parameters: `T` the value's type once validated, `I` what may be
 * given (includes hyper values), `O` whether the field may be omitted (has a default or is optional).
 */
export abstract class ValueSpec<T = unknown, I = T, O extends boolean = boolean> {
  declare readonly _output: T;
  declare readonly _input: I;
  declare readonly _omittable: O;

  /** A word naming the kind of spec: `int`, `list`, `object`... */
  abstract readonly kind: string;
  protected flags: SpecFlags = {
    hasDefault: false,
    defaultValue: undefined,
    isOptional: false,
    isNullable: false,
    doc: undefined,
    extra: undefined,
  };

  /** True when a default value is set. */
  get hasDefault(): boolean {
    return this.flags.hasDefault;
  }
  /** The default value (as given). */
  get defaultValue(): unknown {
    return this.flags.defaultValue;
  }
  /** True when the value may be `undefined`. */
  get isOptional(): boolean {
    return this.flags.isOptional;
  }
  /** True when the value may be `null`. */
  get isNullable(): boolean {
    return this.flags.isNullable;
  }
  /** The doc string given with {@link describe}. */
  get doc(): string | undefined {
    return this.flags.doc;
  }

  /** Type description used in messages, e.g. `int in [1, 11]`. */
  abstract describeType(): string;

  /** Checks and converts a present, non-null, non-hyper value. */
  protected abstract check(value: unknown, loc: Loc | null, ctx: ValidationContext): unknown;

  /**
   * Validates `value` at `loc`, pushing issues to `ctx`; returns the converted value (plain objects
   * and arrays become symbolic `Dict`/`List` where the spec says so; defaults fill `undefined`).
   */
  apply(value: unknown, loc: Loc | null, ctx: ValidationContext): unknown {
    // The common path is this one method, no extra dispatch: a spec with a transform, a user
    // validator or a frozen value takes a detour through applyExtra, which comes back here once.
    if (this.flags.extra !== undefined) {
      if (bypassExtra !== this) return applyExtra(this, this.flags.extra, value, loc, ctx);
      bypassExtra = null;
    }
    if (value === undefined || value === MISSING) {
      if (this.flags.hasDefault) return this.freshDefault(loc, ctx);
      if (this.flags.isOptional) return undefined;
      if (ctx.allowPartial) return MISSING;
      report(ctx, loc, 'required', `missing required value (${this.describeType()})`);
      return value;
    }
    if (value === null) {
      if (this.flags.isNullable) return null;
      report(ctx, loc, 'type', `expected ${this.describeType()}, got null`);
      return value;
    }
    if (typeof value === 'object') {
      // One property read tells plain values (undefined) from hyper values (true) and references.
      const mark = (value as { [IS_HYPER]?: unknown })[IS_HYPER];
      if (mark === true) {
        (value as unknown as HyperCheckable).checkAgainst(this, loc, ctx);
        return value;
      }
      if (mark !== undefined && value instanceof Ref) {
        // A shared value: checked where it is referenced, stored as the reference (never adopted).
        const trial = newContext(ctx.allowPartial);
        this.apply(value.value, loc, trial);
        ctx.issues.push(...trial.issues);
        return value;
      }
    }
    return this.check(value, loc, ctx);
  }

  /** Validates a value on its own, throwing a `ValidationError` listing every issue. */
  parse(value: unknown): T {
    const ctx = newContext();
    const out = this.apply(value, null, ctx);
    if (ctx.issues.length) throw new ValidationError(ctx.issues);
    return out as T;
  }

  /** Whether `value` fits this spec (no conversion kept). */
  accepts(value: unknown): boolean {
    const ctx = newContext();
    this.apply(value, null, ctx);
    return ctx.issues.length === 0;
  }

  /**
   * A test equal to {@link accepts}, compiled once: for a scalar spec (bool, int, float, str, enum)
   * without a transform or user validator it checks the type and bounds inline, with no
   * validation context, which makes checking many plain values cheap. Keep the function and call
   * it per value; other specs (and objects, e.g. hyper values) go through `accepts`.
   */
  tester(): (value: unknown) => boolean {
    const slow = (value: unknown): boolean => this.accepts(value);
    const extra = this.flags.extra;
    if (extra?.transform || extra?.frozen) return slow;
    const omittable = this.flags.hasDefault || this.flags.isOptional;
    // What the scalar test leaves to the spec: absent values, null, objects (hyper values, references).
    const other = (value: unknown): boolean =>
      value === undefined || value === MISSING ? omittable : value === null || typeof value === 'object' ? slow(value) : false;
    const scalar = this.scalarTest(other);
    if (scalar === undefined) return slow;
    const refinements = extra?.refinements;
    if (!refinements) return scalar;
    // A present scalar that passes the type check is its own validated value: the user validators see it as is.
    const fns = refinements.map((r) => r.fn);
    return (value) => {
      if (!scalar(value)) return false;
      if (value === undefined || value === MISSING || value === null || typeof value === 'object') return true;
      for (let i = 0; i < fns.length; i++) if (!passes(fns[i]!, value)) return false;
      return true;
    };
  }

  /**
   * The source of a JavaScript expression over the variable named `v` that is true exactly when
   * {@link tester} accepts it, for tests compiled over many fields (`fieldsTester`): a scalar spec
   * checks its own primitive type inline and calls its tester (named through `constant`) only for
   * other values; any other spec calls its tester.
   * @internal
   */
  testSource(v: string, constant: (value: unknown) => string): string {
    const test = `${constant(this.tester())}(${v})`;
    const extra = this.flags.extra;
    if (extra?.transform || extra?.frozen || extra?.refinements) return test;
    const inline = this.scalarSource(v, constant);
    if (inline === undefined) return test;
    const omittable = this.flags.hasDefault || this.flags.isOptional;
    return `(${inline} || ${omittable ? `${v} === undefined || ` : ''}${test})`;
  }

  /**
   * The inline part of {@link testSource}: an expression true only for a value of the spec's own
   * primitive type that passes (as the test of {@link scalarTest} does); undefined where the spec
   * has no such test.
   */
  protected scalarSource(_v: string, _constant: (value: unknown) => string): string | undefined {
    return undefined;
  }

  /**
   * The test of {@link tester} for a scalar spec: checks a value of the spec's own primitive type
   * inline and hands any other value to `other`; undefined where the spec has no such test.
   */
  protected scalarTest(_other: (value: unknown) => boolean): ((value: unknown) => boolean) | undefined {
    return undefined;
  }

  /** Sets a default, used when the value is omitted; the default is validated now. */
  default(value: I): ValueSpec<T, I, true> {
    const ctx = newContext();
    this.apply(value, null, ctx);
    if (ctx.issues.length) {
      throw new SymbolicError(`invalid default for ${this.describeType()}: ${ctx.issues[0]!.message}`);
    }
    return this.with({ hasDefault: true, defaultValue: value }) as unknown as ValueSpec<T, I, true>;
  }

  /** Allows `undefined` (the field may be omitted). */
  optional(): ValueSpec<T | undefined, I | undefined, true> {
    return this.with({ isOptional: true }) as unknown as ValueSpec<T | undefined, I | undefined, true>;
  }

  /** Allows `null`. */
  nullable(): ValueSpec<T | null, I | null, O> {
    return this.with({ isNullable: true }) as unknown as ValueSpec<T | null, I | null, O>;
  }

  /**
   * Fixes the value for good (PyGlove's `freeze`): the field always holds `value`, may be omitted,
   * and any other value is refused.
   */
  freeze(value: I): ValueSpec<T, I, true> {
    const spec = this.default(value) as unknown as this;
    return spec.with({ extra: { ...spec.flags.extra, frozen: { value } } }) as unknown as ValueSpec<T, I, true>;
  }

  /** Converts a given value before it is validated (`t.int().transform((s: string) => Number(s))`). */
  transform<In>(fn: (value: In) => I): ValueSpec<T, I | In, O> {
    return this.with({ extra: { ...this.flags.extra, transform: fn } }) as unknown as ValueSpec<T, I | In, O>;
  }

  /**
   * Adds a user validator, run after the type checks: return false (or a message string) to
   * refuse a value; `message` is used when it returns false.
   */
  refine(fn: Refinement<T>, message?: string): this {
    const refinements = [...(this.flags.extra?.refinements ?? []), { fn, message }];
    return this.with({ extra: { ...this.flags.extra, refinements } });
  }

  /** The frozen value, when {@link freeze} was used. */
  get frozen(): { value: unknown } | undefined {
    return this.flags.extra?.frozen;
  }

  /** Attaches a doc string (shown by `format` and in schema listings). */
  describe(doc: string): this {
    return this.with({ doc });
  }

  /** A copy of this spec with some flags changed. */
  protected with(changes: Partial<SpecFlags>): this {
    const copy = Object.create(Object.getPrototypeOf(this)) as this;
    Object.assign(copy, this);
    copy.flags = { ...this.flags, ...changes };
    return copy;
  }

  /** A fresh copy of the default (containers and symbolic objects are never shared). */
  protected freshDefault(loc: Loc | null, ctx: ValidationContext): unknown {
    const value = this.flags.defaultValue;
    if (value === null || typeof value !== 'object') return value;
    return this.check(copyValue(value, true), loc, ctx);
  }
}

/** Whether a user validator accepts a value (as `applyExtra` judges it: false, a message or a throw refuse). */
function passes(fn: Refinement<any>, value: unknown): boolean {
  try {
    const verdict = fn(value);
    return verdict !== false && typeof verdict !== 'string';
  } catch {
    return false;
  }
}

/** The spec whose next `apply` skips its extras (set by applyExtra for the one call it makes). */
let bypassExtra: ValueSpec | null = null;

/** `apply` for specs with a transform, a user validator or a frozen value. */
function applyExtra(spec: ValueSpec, extra: SpecExtra, value: unknown, loc: Loc | null, ctx: ValidationContext): unknown {
  const present = value !== undefined && value !== MISSING && !isHyper(value);
  if (extra.frozen && present && !sameValue(value, extra.frozen.value)) {
    report(ctx, loc, 'frozen', `this value is frozen at ${describeValue(extra.frozen.value)}, got ${describeValue(value)}`);
    return value;
  }
  if (extra.transform && present) {
    try {
      value = extra.transform(value);
    } catch (error) {
      report(ctx, loc, 'transform', `transform failed on ${describeValue(value)}: ${(error as Error)?.message ?? String(error)}`);
      return value;
    }
  }
  const before = ctx.issues.length;
  bypassExtra = spec;
  const out = spec.apply(value, loc, ctx);
  bypassExtra = null; // (an override of apply may return before reaching the base)
  if (extra.refinements && ctx.issues.length === before && out !== undefined && out !== MISSING && !isHyper(out)) {
    for (const { fn, message } of extra.refinements) {
      let verdict: boolean | string | void;
      try {
        verdict = fn(out);
      } catch (error) {
        verdict = (error as Error)?.message ?? String(error);
      }
      if (verdict === false || typeof verdict === 'string') {
        report(
          ctx,
          loc,
          'invalid',
          typeof verdict === 'string' ? verdict : (message ?? `${describeValue(out)} was rejected by a validator`),
        );
      }
    }
  }
  return out;
}

// Structural equality of frozen values: eq.ts (which imports the node classes, so this module
// cannot import it) installs it when it loads, and every entry point loads it. Without it a
// frozen value that is not the identical value is an error that says so, never a wrong answer.
let eqHook: ((a: unknown, b: unknown) => boolean) | null = null;
/** @internal Installs structural equality (used for frozen values). */
export function setEqHook(fn: (a: unknown, b: unknown) => boolean): void {
  eqHook = fn;
}
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (eqHook === null) throw new SymbolicError('internal: eq.ts is not loaded; import from "@tsglove/symbolic"');
  return eqHook(a, b);
}

/** Any spec. */
export type AnySpec = ValueSpec<any, any, boolean>;
/** The validated value type of a spec. */
export type Infer<S> = S extends ValueSpec<any, any, any> ? S['_output'] : never;
/** What may be given for a spec (includes hyper values). */
export type InferInput<S> = S extends ValueSpec<any, any, any> ? S['_input'] : never;

/**
 * What a symbolic `List` and `Dict` ask of their specs; `ListSpec`, `DictSpec` and `RecordSpec`
 * (core-specs.ts) implement these. The containers depend on these shapes rather than on core-specs.ts, which
 * builds containers, so the two modules do not import each other.
 */
export interface ListSpecShape extends ValueSpec {
  readonly kind: 'list' | 'tuple';
  readonly element: AnySpec;
  readonly minSize?: number;
  readonly maxSize?: number;
  /** The spec of the element at an index (tuples differ per position). */
  elementAt(index: number): AnySpec;
}
/** The spec of a `Dict` with a fixed set of typed keys (`t.dict`); see {@link ListSpecShape}. */
export interface DictSpecShape extends ValueSpec {
  readonly kind: 'dict';
  readonly keys: readonly string[];
  readonly fields: Readonly<Record<string, AnySpec>>;
  specFor(key: string): AnySpec | undefined;
  /** What keys are allowed, for messages. */
  allowedKeys(): string;
}
/** The spec of a `Dict` with any string keys (`t.record`); see {@link ListSpecShape}. */
export interface RecordSpecShape extends ValueSpec {
  readonly kind: 'record';
  readonly value: AnySpec;
}
