/**
 * More value specs, PyGlove's `pg.typing` counterparts: `t.tuple` (fixed positions, each typed),
 * `t.number` (any number, integers included), `t.type(Class)` (a class: it or a subclass), and
 * `t.functor()` (a symbolic function: made by `functor` or `symbolize(fn)`).
 */
import { SymbolicError } from './errors.js';
import { List } from './list.js';
import { SymObject } from './object.js';
import {
  at,
  convertOnce,
  describeValue,
  report,
  type AnySpec,
  type Hyper,
  type Infer,
  type InferInput,
  type Loc,
  type ValidationContext,
  ValueSpec,
} from './value-spec.js';
import { FloatSpec, ListSpec, type AnyClass } from './core-specs.js';

/** Any function or class. */
type AnyFunction = ((...args: any[]) => unknown) | (abstract new (...args: any[]) => unknown);

/** The value type of a tuple spec: a `List` whose positions have their own types. */
export type TupleOf<S extends readonly AnySpec[]> = List<Infer<S[number]>> & { readonly [K in keyof S]: Infer<S[K]> };

/** `t.tuple([t.int(), t.str()])`: a list of exactly these positions (elements cannot be added or removed). */
export class TupleSpec<S extends readonly AnySpec[] = readonly AnySpec[]> extends ListSpec<S[number]> {
  override readonly kind = 'tuple';
  declare readonly _output: TupleOf<S>;
  declare readonly _input: ReadonlyArray<InferInput<S[number]>> & { readonly [K in keyof S]: InferInput<S[K]> };
  constructor(readonly members: S) {
    if (!Array.isArray(members) || members.length === 0)
      throw new SymbolicError('t.tuple needs at least one position: t.tuple([t.int(), t.str()])');
    super(members[0]!, members.length, members.length);
  }
  override parse(value: unknown): TupleOf<S> {
    return super.parse(value) as TupleOf<S>;
  }
  override describeType(): string {
    return `tuple [${this.members.map((m) => m.describeType()).join(', ')}]`;
  }
  override elementAt(index: number): AnySpec {
    return this.members[index]!;
  }
  protected override check(value: unknown, loc: Loc | null, ctx: ValidationContext): unknown {
    if (!Array.isArray(value)) {
      report(ctx, loc, 'type', `expected ${this.describeType()}, got ${describeValue(value)}`);
      return value;
    }
    if (value instanceof List && value.symSpec === this) return value;
    if (value.length !== this.members.length) {
      report(ctx, loc, 'size', `expected ${this.describeType()}, got ${value.length} items`);
      return value;
    }
    return convertOnce(ctx, loc, value, () => {
      const items = this.members.map((m, i) => m.apply(value[i], at(loc, i), ctx));
      return List.fromValidated(this as unknown as ListSpec, items);
    });
  }
}

/** `t.number({ min, max })`: any number (integers and floats). */
export class NumberSpec extends FloatSpec {
  override readonly kind = 'number';
  override describeType(): string {
    return super.describeType().replace(/^float/, 'number');
  }
}

/** `t.type(Class)`: a class — `Class` itself or a subclass (PyGlove's `pg.typing.Type`). */
export class TypeSpec<C extends AnyClass = AnyClass> extends ValueSpec<C, C | Hyper<C>, false> {
  readonly kind = 'type';
  constructor(readonly cls: C) {
    super();
    if (typeof cls !== 'function') throw new SymbolicError(`t.type: expected a class, got ${describeValue(cls)}`);
  }
  describeType(): string {
    return `type ${this.cls.name || 'class'} (or a subclass)`;
  }
  protected check(value: unknown, loc: Loc | null, ctx: ValidationContext): unknown {
    const ok = typeof value === 'function' && (value === this.cls || (value as { prototype?: unknown }).prototype instanceof this.cls);
    if (!ok)
      report(
        ctx,
        loc,
        'type',
        `expected ${this.describeType()}, got ${typeof value === 'function' ? `class ${(value as AnyFunction).name}` : describeValue(value)}`,
      );
    return value;
  }
}

/** What a functor spec holds: a symbolic object with `call`. */
export type FunctorValue<R> = SymObject & { call(overrides?: Record<string, unknown>): R };

/** `t.functor()`: a symbolic function (made by `functor` or `symbolize(fn)`), optionally of a given name. */
export class FunctorSpec<R = unknown> extends ValueSpec<FunctorValue<R>, FunctorValue<R> | Hyper<FunctorValue<R>>, false> {
  readonly kind = 'functor';
  constructor(readonly typeName?: string) {
    super();
  }
  describeType(): string {
    return this.typeName ? `functor ${this.typeName}` : 'functor';
  }
  protected check(value: unknown, loc: Loc | null, ctx: ValidationContext): unknown {
    const ok =
      value instanceof SymObject &&
      typeof (value as { call?: unknown }).call === 'function' &&
      (this.typeName === undefined || value.symSchema.name === this.typeName);
    if (!ok) report(ctx, loc, 'type', `expected ${this.describeType()}, got ${describeValue(value)}`);
    return value;
  }
}
