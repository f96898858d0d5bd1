/**
 * Typed key paths. From a tree's inferred type, `PathEntries<T>` lists every path below it as a
 * template-literal type with the value type found there: `'stem'`, `` `stages[${number}]` ``,
 * `` `stages[${number}].blocks[${number}].kernel` ``... `rebind`, `symGet` and `query` check their
 * path strings against it, so a misspelt path or a value of the wrong type is a compile-time error.
 *
 * - List indices are `[${number}]` patterns and record keys `.${string}` patterns: the index or key
 *   is checked at run time (it may not exist), the rest of the path at compile time.
 * - A path held in a `string` variable (a dynamic path) is not checked at compile time; the
 *   runtime check (`PathError`, `ValidationError`) still is.
 * - Paths are listed to {@link PathDepth} keys; below that, and below `any` values, every path is
 *   accepted with an `unknown` value, so recursive and large trees stay fast to type-check.
 */
import type { FIELD_SPECS, SymObject } from './object.js';
import type { List } from './list.js';
import type { Hyper, Infer, InferInput, Missing } from './value-spec.js';
import type { Fields } from './core-specs.js';
import type { REMOVE } from './rebind.js';

/** How many keys deep paths are typed (deeper paths fall back to a runtime check). */
export type PathDepth = 8;

type Prev = [never, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

/** One typed path: the path pattern, what may be written there, what is read there. */
export interface PathEntry<P extends string = string, In = unknown, Out = unknown> {
  path: P;
  input: In;
  output: Out;
}

type IsAny<T> = 0 extends 1 & T ? true : false;
type Join<P extends string, K extends string> = P extends '' ? K : K extends `[${string}` ? `${P}${K}` : `${P}.${K}`;

/** What may be written where a value of (output) type `T` is read: the same, a hyper value, plain arrays for lists. */
export type InputOf<T> = [T] extends [List<infer E>] ? readonly InputOf<E>[] | Hyper<E[]> | T : T | Hyper<T>;

/** Any path below `P`, unchecked (fallback). */
type Anything<P extends string> = PathEntry<P extends '' ? string : `${P}.${string}` | `${P}[${string}`, unknown, unknown>;

type FieldsOf<T> = T extends { readonly [FIELD_SPECS]?: infer F } ? (F extends Fields ? F : never) : never;

/** Every typed path below a value of type `T` (see the module comment). */
export type PathEntries<T, P extends string = '', D extends number = PathDepth> = [D] extends [never]
  ? Anything<P>
  : IsAny<T> extends true
    ? Anything<P>
    : ChildEntries<NonNullable<T>, P, D>;

type ChildEntries<T, P extends string, D extends number> =
  T extends List<infer E>
    ? Entry<`${Join<P, `[${number}]`>}`, InputOf<E>, E, D>
    : [FieldsOf<T>] extends [never]
      ? T extends SymObject
        ? Anything<P>
        : T extends string | number | boolean | bigint | symbol | ((...args: any[]) => any)
          ? never
          : T extends readonly (infer E)[]
            ? Entry<`${Join<P, `[${number}]`>}`, InputOf<E>, E, D>
            : unknown extends T
              ? Anything<P>
              : [keyof T & string] extends [never]
                ? Anything<P>
                : string extends keyof T
                  ? Entry<Join<P, string> | `${P}[${string}]`, InputOf<T[string]>, T[string], D>
                  : { [K in keyof T & string]: Entry<Join<P, K>, InputOf<T[K]>, T[K], D> }[keyof T & string]
      : { [K in keyof FieldsOf<T> & string]: Entry<Join<P, K>, InferInput<FieldsOf<T>[K]>, Infer<FieldsOf<T>[K]>, D> }[keyof FieldsOf<T> &
          string];

type Entry<P extends string, In, Out, D extends number> = PathEntry<P, In, Out> | PathEntries<Out, P, Prev[D]>;

/** The path patterns of `T`. */
export type PathOf<T> = PathEntries<T>['path'];

/** `a.3.b` → `a[3].b`: a numeric dotted key is a list index (the runtime reads both forms). */
export type NormalizePath<K extends string, Acc extends string = ''> = K extends `${infer Seg}.${infer Rest}`
  ? NormalizePath<Rest, AppendSegment<Acc, Seg>>
  : AppendSegment<Acc, K>;
type AppendSegment<Acc extends string, Seg extends string> = Acc extends ''
  ? Seg
  : Seg extends `${number}`
    ? `${Acc}[${Seg}]`
    : `${Acc}.${Seg}`;

type Matching<E, K extends string> = MatchingNormal<E, NormalizePath<K>>;
type MatchingNormal<E, K extends string> = E extends PathEntry<infer P, any, any> ? (K extends P ? E : never) : never;

/** What may be written at path `K` of `T` (never when `K` is not a path of `T`). */
export type InputAt<T, K extends string> = Matching<PathEntries<T>, K>['input'];
/** What is read at path `K` of `T`. */
export type OutputAt<T, K extends string> = Matching<PathEntries<T>, K>['output'];

/** Shown as the expected type of a path that `T` does not have. */
export type UnknownPath<K extends string> = `no such path: ${K}`;

/**
 * The checked form of a `rebind` record `U` for a tree of type `T`: each literal path must be a
 * path of `T` and its value must fit there; `string`-keyed (dynamic) records pass unchecked.
 */
export type CheckedUpdates<T, U> = {
  // (mapped over the record's own keys: the error lands on the offending key, showing the expected type)
  [K in keyof U]: K extends string
    ? string extends K
      ? unknown
      : [Matching<PathEntries<T>, K>] extends [never]
        ? UnknownPath<K>
        : InputAt<T, K> | typeof REMOVE | Missing
    : never;
};

/** A path string checked against `T` (a `string` variable passes; the runtime checks it). */
export type CheckedPath<T, K extends string> = string extends K ? K : [Matching<PathEntries<T>, K>] extends [never] ? UnknownPath<K> : K;

/** What `symGet(tree, K)` returns. */
export type ValueAt<T, K extends string> = string extends K ? unknown : OutputAt<T, K>;
