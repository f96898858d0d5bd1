/**
 * The value specs (`t.int()`, `t.list(...)`, ...) and the `t` namespace that makes them.
 * Each spec validates one value and converts plain objects/arrays into symbolic `Dict`/`List`.
 */
import {
  ValueSpec,
  at,
  describeValue,
  report,
  newContext,
  convertOnce,
  type AnySpec,
  type Hyper,
  type Infer,
  type InferInput,
  type Loc,
  type ValidationContext,
} from './value-spec.js';
import { Dict, isPlainObject, specOfDict } from './dict.js';
import { List } from './list.js';
import { FORBIDDEN_KEYS } from './node.js';
import { SymbolicError } from './errors.js';
import { installDefaultSpecs } from './default-specs.js';

/** Field specs of a symbolic class or a `t.dict`. */
export type Fields = Record<string, AnySpec>;

type OmittableKeys<F extends Fields> = {
  [K in keyof F]: F[K] extends ValueSpec<any, any, true> ? K : never;
}[keyof F];
type RequiredKeys<F extends Fields> = Exclude<keyof F, OmittableKeys<F>>;
type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** The validated values of a set of fields. */
export type FieldsOutput<F extends Fields> = Simplify<{ -readonly [K in keyof F]: Infer<F[K]> }>;
/** What may be given for a set of fields (omittable fields are optional). */
export type FieldsInput<F extends Fields> = Simplify<
  { [K in RequiredKeys<F>]: InferInput<F[K]> } & { [K in OmittableKeys<F>]?: InferInput<F[K]> }
>;

function typeIssue(ctx: ValidationContext, loc: Loc | null, spec: AnySpec, value: unknown): void {
  report(ctx, loc, 'type', `expected ${spec.describeType()}, got ${describeValue(value)}`);
}

/** Throws when bounds contradict each other (`min > max`, NaN, negative sizes). */
export function checkBounds(
  what: string,
  lo: string,
  min: number | undefined,
  hi: string,
  max: number | undefined,
  nonNegative = false,
): void {
  for (const [name, v] of [
    [lo, min],
    [hi, max],
  ] as const) {
    if (v !== undefined && (typeof v !== 'number' || Number.isNaN(v) || (nonNegative && (v < 0 || !Number.isInteger(v))))) {
      throw new SymbolicError(`${what}: ${name} must be ${nonNegative ? 'a non-negative integer' : 'a number'}, got ${String(v)}`);
    }
  }
  if (min !== undefined && max !== undefined && min > max) {
    throw new SymbolicError(`${what}: ${lo} ${min} is greater than ${hi} ${max}, so no value fits; swap them or widen the range`);
  }
}

function rangeText(kind: string, min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return `${kind} in [${min}, ${max}]`;
  if (min !== undefined) return `${kind} >= ${min}`;
  if (max !== undefined) return `${kind} <= ${max}`;
  return kind;
}

/** Bounds of a numeric spec. */
export interface NumberBounds {
  min?: number;
  max?: number;
}

/** `t.bool()`. */
export class BoolSpec extends ValueSpec<boolean, boolean | Hyper<boolean>, false> {
  readonly kind = 'bool';
  describeType(): string {
    return 'bool';
  }
  protected check(value: unknown, loc: Loc | null, ctx: ValidationContext): unknown {
    if (typeof value !== 'boolean') typeIssue(ctx, loc, this, value);
    return value;
  }
  protected override scalarTest(other: (value: unknown) => boolean): (value: unknown) => boolean {
    return (value) => typeof value === 'boolean' || other(value);
  }
  protected override scalarSource(v: string): string {
    return `typeof ${v} === 'boolean'`;
  }
}

/** `t.int({ min, max })`. */
export class IntSpec extends ValueSpec<number, number | Hyper<number>, false> {
  readonly kind = 'int';
  constructor(
    readonly min?: number,
    readonly max?: number,
  ) {
    super();
    checkBounds('t.int', 'min', min, 'max', max);
  }
  describeType(): string {
    return rangeText('int', this.min, this.max);
  }
  protected check(value: unknown, loc: Loc | null, ctx: ValidationContext): unknown {
    if (
      typeof value !== 'number' ||
      !Number.isInteger(value) ||
      (this.min !== undefined && value < this.min) ||
      (this.max !== undefined && value > this.max)
    ) {
      typeIssue(ctx, loc, this, value);
    }
    return value;
  }
  protected override scalarTest(other: (value: unknown) => boolean): (value: unknown) => boolean {
    const lo = this.min ?? -Infinity;
    const hi = this.max ?? Infinity;
    return (value) => (typeof value === 'number' ? Number.isInteger(value) && value >= lo && value <= hi : other(value));
  }
  protected override scalarSource(v: string, constant: (value: unknown) => string): string {
    const bounds = `${this.min === undefined ? '' : ` && ${v} >= ${constant(this.min)}`}${this.max === undefined ? '' : ` && ${v} <= ${constant(this.max)}`}`;
    return `(typeof ${v} === 'number' && Number.isInteger(${v})${bounds})`;
  }
}

/** `t.float({ min, max })` (integers are floats too). */
export class FloatSpec extends ValueSpec<number, number | Hyper<number>, false> {
  readonly kind: string = 'float';
  constructor(
    readonly min?: number,
    readonly max?: number,
  ) {
    super();
    checkBounds('t.float', 'min', min, 'max', max);
  }
  describeType(): string {
    return rangeText('float', this.min, this.max);
  }
  protected check(value: unknown, loc: Loc | null, ctx: ValidationContext): unknown {
    const bounded = this.min !== undefined || this.max !== undefined;
    if (
      typeof value !== 'number' ||
      (bounded && Number.isNaN(value)) ||
      (this.min !== undefined && value < this.min) ||
      (this.max !== undefined && value > this.max)
    ) {
      typeIssue(ctx, loc, this, value);
    }
    return value;
  }
  protected override scalarTest(other: (value: unknown) => boolean): (value: unknown) => boolean {
    if (this.min === undefined && this.max === undefined) return (value) => typeof value === 'number' || other(value);
    const lo = this.min ?? -Infinity;
    const hi = this.max ?? Infinity;
    return (value) => (typeof value === 'number' ? value >= lo && value <= hi : other(value));
  }
  protected override scalarSource(v: string, constant: (value: unknown) => string): string {
    if (this.min === undefined && this.max === undefined) return `typeof ${v} === 'number'`;
    // NaN fails both comparisons, as a bounded float refuses it.
    return `(typeof ${v} === 'number' && ${v} >= ${constant(this.min ?? -Infinity)} && ${v} <= ${constant(this.max ?? Infinity)})`;
  }
}

/** `t.str({ regex })`. */
export class StrSpec extends ValueSpec<string, string | Hyper<string>, false> {
  readonly kind = 'str';
  constructor(readonly regex?: RegExp) {
    super();
  }
  describeType(): string {
    return this.regex ? `str matching ${this.regex}` : 'str';
  }
  protected check(value: unknown, loc: Loc | null, ctx: ValidationContext): unknown {
    if (typeof value !== 'string') typeIssue(ctx, loc, this, value);
    else if (this.regex) {
      this.regex.lastIndex = 0;
      if (!this.regex.test(value)) typeIssue(ctx, loc, this, value);
    }
    return value;
  }
  protected override scalarTest(other: (value: unknown) => boolean): ((value: unknown) => boolean) | undefined {
    return this.regex ? undefined : (value) => typeof value === 'string' || other(value);
  }
  protected override scalarSource(v: string): string | undefined {
    return this.regex ? undefined : `typeof ${v} === 'string'`;
  }
}

/** Literal values an enum may hold. */
export type EnumValue = string | number | boolean | null;

/** `t.enum(['relu', 'swish'])`. */
export class EnumSpec<V extends EnumValue> extends ValueSpec<V, V | Hyper<V>, false> {
  readonly kind = 'enum';
  constructor(readonly values: readonly V[]) {
    super();
    if (values.length === 0) throw new SymbolicError('t.enum needs at least one value');
  }
  describeType(): string {
    return `one of [${this.values.map((v) => (typeof v === 'string' ? `'${v}'` : String(v))).join(', ')}]`;
  }
  protected check(value: unknown, loc: Loc | null, ctx: ValidationContext): unknown {
    if (!this.values.includes(value as V)) typeIssue(ctx, loc, this, value);
    return value;
  }
  protected override scalarTest(other: (value: unknown) => boolean): (value: unknown) => boolean {
    const values = this.values as readonly unknown[];
    return (value) => values.includes(value) || other(value);
  }
  protected override scalarSource(v: string, constant: (value: unknown) => string): string {
    return `(${this.values.map((value) => `${v} === ${constant(value)}`).join(' || ')})`;
  }
  // null may be an enum member.
  override apply(value: unknown, loc: Loc | null, ctx: ValidationContext): unknown {
    if (value === null && this.values.includes(null as V)) return null;
    return super.apply(value, loc, ctx);
  }
}

/** Size bounds of `t.list`. */
export interface ListBounds {
  minSize?: number;
  maxSize?: number;
}

/** `t.list(spec, { minSize, maxSize })`; values become symbolic `List`s. */
export class ListSpec<E extends AnySpec = AnySpec> extends ValueSpec<
  List<Infer<E>>,
  ReadonlyArray<InferInput<E>> | Hyper<Infer<E>[]>,
  false
> {
  readonly kind: 'list' | 'tuple' = 'list';
  constructor(
    readonly element: E,
    readonly minSize?: number,
    readonly maxSize?: number,
  ) {
    super();
    checkBounds('t.list', 'minSize', minSize, 'maxSize', maxSize, true);
  }
  /** The spec of the element at `index` (the same for every index; tuples differ per position). */
  elementAt(_index: number): AnySpec {
    return this.element;
  }
  describeType(): string {
    const size =
      this.minSize !== undefined || this.maxSize !== undefined ? ` of size ${rangeText('', this.minSize, this.maxSize).trim()}` : '';
    return `list of ${this.element.describeType()}${size}`;
  }
  protected check(value: unknown, loc: Loc | null, ctx: ValidationContext): unknown {
    if (!Array.isArray(value)) {
      typeIssue(ctx, loc, this, value);
      return value;
    }
    if (value instanceof List && value.symSpec === this) return value;
    const n = value.length;
    if ((this.minSize !== undefined && n < this.minSize) || (this.maxSize !== undefined && n > this.maxSize)) {
      report(ctx, loc, 'size', `expected ${this.describeType()}, got ${n} items`);
    }
    return convertOnce(ctx, loc, value, () => {
      const items = new Array<unknown>(n);
      for (let i = 0; i < n; i++) items[i] = this.element.apply(value[i], at(loc, i), ctx);
      return List.fromValidated(this, items);
    });
  }
}

/** Keys matching a regular expression and the spec of their values (`t.dict(fields, { patterns })`). */
export type KeyPattern = readonly [RegExp, AnySpec];

/**
 * `t.dict({ key: spec }, { patterns? })`: a symbolic `Dict` with a fixed set of typed keys, plus
 * any keys matching one of `patterns` (`[[/^lr_/, t.float()]]`), each typed by its pattern.
 */
export class DictSpec<F extends Fields = Fields> extends ValueSpec<FieldsOutput<F>, FieldsInput<F> | Hyper<FieldsOutput<F>>, false> {
  readonly kind = 'dict';
  readonly keys: readonly string[];
  constructor(
    readonly fields: F,
    readonly patterns: readonly KeyPattern[] = [],
  ) {
    super();
    this.keys = Object.keys(fields);
    for (const key of this.keys) {
      if (FORBIDDEN_KEYS.has(key)) throw new SymbolicError(`t.dict: key "${key}" is not allowed`);
    }
    for (const [i, pattern] of patterns.entries()) {
      if (!Array.isArray(pattern) || !(pattern[0] instanceof RegExp) || typeof pattern[1]?.apply !== 'function') {
        throw new SymbolicError(`t.dict: patterns[${i}] must be [RegExp, spec], e.g. [/^lr_/, t.float()]`);
      }
    }
  }
  describeType(): string {
    const patterns = this.patterns.map(([re]) => String(re));
    return `dict {${[...this.keys, ...patterns].join(', ')}}`;
  }
  /** What keys are allowed, for messages. */
  allowedKeys(): string {
    return [...this.keys, ...this.patterns.map(([re]) => `keys matching ${re}`)].join(', ');
  }
  /** Spec of one key (a declared field, else the first matching pattern), or undefined. */
  specFor(key: string): AnySpec | undefined {
    if (Object.prototype.hasOwnProperty.call(this.fields, key)) return this.fields[key];
    for (const [re, spec] of this.patterns) {
      re.lastIndex = 0;
      if (re.test(key)) return spec;
    }
    return undefined;
  }
  protected check(value: unknown, loc: Loc | null, ctx: ValidationContext): unknown {
    if (!(value instanceof Dict) && !isPlainObject(value)) {
      typeIssue(ctx, loc, this, value);
      return value;
    }
    if (value instanceof Dict && specOfDict(value) === this) return value;
    const source = value as Record<string, unknown>;
    const extra: string[] = [];
    for (const key of Object.keys(source)) {
      if (Object.prototype.hasOwnProperty.call(this.fields, key)) continue;
      if (!FORBIDDEN_KEYS.has(key) && this.patterns.length && this.specFor(key)) extra.push(key);
      else report(ctx, at(loc, key), 'unknown-key', `unexpected key (allowed: ${this.allowedKeys()})`);
    }
    return convertOnce(ctx, loc, source, () => {
      const entries: Array<[string, unknown]> = [];
      for (const key of this.keys) {
        const v = this.fields[key]!.apply(source[key], at(loc, key), ctx);
        if (v !== undefined) entries.push([key, v]);
      }
      for (const key of extra) {
        const v = this.specFor(key)!.apply(source[key], at(loc, key), ctx);
        if (v !== undefined) entries.push([key, v]);
      }
      return Dict.fromValidated(this, entries);
    });
  }
}

/** `t.record(spec)`: a symbolic `Dict` with any string keys, every value fitting `spec`. */
export class RecordSpec<V extends AnySpec = AnySpec> extends ValueSpec<
  Record<string, Infer<V>>,
  Record<string, InferInput<V>> | Hyper<Record<string, Infer<V>>>,
  false
> {
  readonly kind = 'record';
  constructor(readonly value: V) {
    super();
  }
  describeType(): string {
    return `record of ${this.value.describeType()}`;
  }
  protected check(value: unknown, loc: Loc | null, ctx: ValidationContext): unknown {
    if (!(value instanceof Dict) && !isPlainObject(value)) {
      typeIssue(ctx, loc, this, value);
      return value;
    }
    if (value instanceof Dict && specOfDict(value) === this) return value;
    const source = value as Record<string, unknown>;
    return convertOnce(ctx, loc, source, () => {
      const entries: Array<[string, unknown]> = [];
      for (const key of Object.keys(source)) {
        if (FORBIDDEN_KEYS.has(key)) {
          report(ctx, at(loc, key), 'forbidden-key', `key "${key}" is not allowed`);
          continue;
        }
        const v = this.value.apply(source[key], at(loc, key), ctx);
        if (v !== undefined) entries.push([key, v]);
      }
      return Dict.fromValidated(this, entries);
    });
  }
}

/** A class usable with `t.object`. */
export type AnyClass<C = object> = abstract new (...args: any[]) => C;

/** `t.object(Class)`: an instance of a (symbolic) class. */
export class ObjectSpec<C extends object = object> extends ValueSpec<C, C | Hyper<C>, false> {
  readonly kind = 'object';
  constructor(readonly cls: AnyClass<C>) {
    super();
  }
  describeType(): string {
    return this.cls.name || 'object';
  }
  protected check(value: unknown, loc: Loc | null, ctx: ValidationContext): unknown {
    if (!(value instanceof this.cls)) typeIssue(ctx, loc, this, value);
    return value;
  }
}

/** `t.union([specA, specB])`: the first member that accepts the value wins. */
export class UnionSpec<S extends readonly AnySpec[] = readonly AnySpec[]> extends ValueSpec<
  Infer<S[number]>,
  InferInput<S[number]>,
  false
> {
  readonly kind = 'union';
  constructor(readonly members: S) {
    super();
    if (members.length === 0) throw new SymbolicError('t.union needs at least one member');
  }
  describeType(): string {
    return this.members.map((m) => m.describeType()).join(' | ');
  }
  protected check(value: unknown, loc: Loc | null, ctx: ValidationContext): unknown {
    for (const member of this.members) {
      const trial = newContext(ctx.allowPartial);
      const out = member.apply(value, loc, trial);
      if (trial.issues.length === 0) return out;
    }
    typeIssue(ctx, loc, this, value);
    return value;
  }
}

/** `t.any()`: anything; plain objects and arrays still become `Dict`/`List`. */
export class AnySpecImpl extends ValueSpec<any, any, false> {
  readonly kind = 'any';
  describeType(): string {
    return 'any';
  }
  // Anything includes null.
  override apply(value: unknown, loc: Loc | null, ctx: ValidationContext): unknown {
    return value === null ? null : super.apply(value, loc, ctx);
  }
  protected check(value: unknown, loc: Loc | null, ctx: ValidationContext): unknown {
    if (Array.isArray(value)) {
      if (value instanceof List) return value;
      return anyList.apply(value, loc, ctx);
    }
    if (isPlainObject(value)) return anyRecord.apply(value, loc, ctx);
    return value;
  }
}

/** `t.callable()`: a function. */
export class CallableSpec extends ValueSpec<(...args: any[]) => any, (...args: any[]) => any, false> {
  readonly kind = 'callable';
  describeType(): string {
    return 'callable';
  }
  protected check(value: unknown, loc: Loc | null, ctx: ValidationContext): unknown {
    if (typeof value !== 'function') typeIssue(ctx, loc, this, value);
    return value;
  }
}

const anySpec = new AnySpecImpl();
const anyList = new ListSpec(anySpec);
const anyRecord = new RecordSpec(anySpec);

/** The spec used for `Dict`/`List` made without one, and for values of `t.any()`. */
export const ANY = { spec: anySpec, list: anyList, record: anyRecord } as const;
installDefaultSpecs(ANY);
