/**
 * The `t` namespace: one constructor per value spec (`t.int({ min: 1 })`, `t.list(t.str())`...).
 */
import type { AnySpec } from './value-spec.js';
import {
  AnySpecImpl,
  BoolSpec,
  CallableSpec,
  DictSpec,
  EnumSpec,
  FloatSpec,
  IntSpec,
  ListSpec,
  ObjectSpec,
  RecordSpec,
  StrSpec,
  UnionSpec,
  type AnyClass,
  type EnumValue,
  type Fields,
  type KeyPattern,
  type ListBounds,
  type NumberBounds,
} from './core-specs.js';
import { FunctorSpec, NumberSpec, TupleSpec, TypeSpec } from './extra-specs.js';

/** Value-spec constructors. */
export const t = {
  bool: (): BoolSpec => new BoolSpec(),
  int: (bounds: NumberBounds = {}): IntSpec => new IntSpec(bounds.min, bounds.max),
  float: (bounds: NumberBounds = {}): FloatSpec => new FloatSpec(bounds.min, bounds.max),
  /** Any number, integers included (PyGlove's `Number`). */
  number: (bounds: NumberBounds = {}): NumberSpec => new NumberSpec(bounds.min, bounds.max),
  str: (options: { regex?: RegExp } = {}): StrSpec => new StrSpec(options.regex),
  enum: <const V extends EnumValue>(values: readonly V[]): EnumSpec<V> => new EnumSpec<V>(values),
  list: <E extends AnySpec>(element: E, bounds: ListBounds = {}): ListSpec<E> => new ListSpec(element, bounds.minSize, bounds.maxSize),
  /** Fixed positions, each with its own spec. */
  tuple: <const S extends readonly AnySpec[]>(members: S): TupleSpec<S> => new TupleSpec(members),
  /** Declared keys, plus keys matching `patterns` (`[[/^lr_/, t.float()]]`). */
  dict: <F extends Fields>(fields: F, options: { patterns?: readonly KeyPattern[] } = {}): DictSpec<F> =>
    new DictSpec(fields, options.patterns),
  record: <V extends AnySpec>(value: V): RecordSpec<V> => new RecordSpec(value),
  object: <C extends object>(cls: AnyClass<C>): ObjectSpec<C> => new ObjectSpec(cls),
  /** A class: `cls` itself or a subclass. */
  type: <C extends AnyClass>(cls: C): TypeSpec<C> => new TypeSpec(cls),
  /** A symbolic function (`functor`, `symbolize(fn)`), optionally of one type name. */
  functor: <R = unknown>(typeName?: string): FunctorSpec<R> => new FunctorSpec<R>(typeName),
  union: <const S extends readonly AnySpec[]>(members: S): UnionSpec<S> => new UnionSpec(members),
  any: (): AnySpecImpl => new AnySpecImpl(),
  callable: (): CallableSpec => new CallableSpec(),
} as const;
