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
} from './spec.js';
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
}

/** `t.int({ min, max })`. */
export class IntSpec extends ValueSpec<number, number | Hyper<number>, false> {
  readonly kind = 'int';
  constructor(readonly min?: number, readonly max?: number) {
    super();
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
}

/** `t.float({ min, max })` (integers are floats too). */
export class FloatSpec extends ValueSpec<number, number | Hyper<number>, false> {
  readonly kind = 'float';
  constructor(readonly min?: number, readonly max?: number) {
    super();
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
  readonly kind = 'list';
  constructor(
    readonly element: E,
    readonly minSize?: number,
    readonly maxSize?: number,
  ) {
    super();
  }
  describeType(): string {
    const size =
      this.minSize !== undefined || this.maxSize !== undefined
        ? ` of size ${rangeText('', this.minSize, this.maxSize).trim()}`
        : '';
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

/** `t.dict({ key: spec })`: a symbolic `Dict` with a fixed set of typed keys. */
export class DictSpec<F extends Fields = Fields> extends ValueSpec<
  FieldsOutput<F>,
  FieldsInput<F> | Hyper<FieldsOutput<F>>,
  false
> {
  readonly kind = 'dict';
  readonly keys: readonly string[];
  constructor(readonly fields: F) {
    super();
    this.keys = Object.keys(fields);
    for (const key of this.keys) {
      if (FORBIDDEN_KEYS.has(key)) throw new SymbolicError(`t.dict: key "${key}" is not allowed`);
    }
  }
  describeType(): string {
    return `dict {${this.keys.join(', ')}}`;
  }
  /** Spec of one key, or undefined when the key is not declared. */
  specFor(key: string): AnySpec | undefined {
    return Object.prototype.hasOwnProperty.call(this.fields, key) ? this.fields[key] : undefined;
  }
  protected check(value: unknown, loc: Loc | null, ctx: ValidationContext): unknown {
    if (!(value instanceof Dict) && !isPlainObject(value)) {
      typeIssue(ctx, loc, this, value);
      return value;
    }
    if (value instanceof Dict && specOfDict(value) === this) return value;
    const source = value as Record<string, unknown>;
    for (const key of Object.keys(source)) {
      if (!Object.prototype.hasOwnProperty.call(this.fields, key)) {
        report(ctx, at(loc, key), 'unknown-key', `unexpected key (allowed: ${this.keys.join(', ')})`);
      }
    }
    return convertOnce(ctx, loc, source, () => {
      const entries: Array<[string, unknown]> = [];
      for (const key of this.keys) {
        const v = this.fields[key]!.apply(source[key], at(loc, key), ctx);
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

/** Value-spec constructors. */
export const t = {
  bool: (): BoolSpec => new BoolSpec(),
  int: (bounds: NumberBounds = {}): IntSpec => new IntSpec(bounds.min, bounds.max),
  float: (bounds: NumberBounds = {}): FloatSpec => new FloatSpec(bounds.min, bounds.max),
  str: (options: { regex?: RegExp } = {}): StrSpec => new StrSpec(options.regex),
  enum: <const V extends EnumValue>(values: readonly V[]): EnumSpec<V> => new EnumSpec<V>(values),
  list: <E extends AnySpec>(element: E, bounds: ListBounds = {}): ListSpec<E> =>
    new ListSpec(element, bounds.minSize, bounds.maxSize),
  dict: <F extends Fields>(fields: F): DictSpec<F> => new DictSpec(fields),
  record: <V extends AnySpec>(value: V): RecordSpec<V> => new RecordSpec(value),
  object: <C extends object>(cls: AnyClass<C>): ObjectSpec<C> => new ObjectSpec(cls),
  union: <const S extends readonly AnySpec[]>(members: S): UnionSpec<S> => new UnionSpec(members),
  any: (): AnySpecImpl => new AnySpecImpl(),
  callable: (): CallableSpec => new CallableSpec(),
} as const;
