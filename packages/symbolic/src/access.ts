/**
 * Tree access: read a value by (typed) path, look up the tree for an ancestor, down it for
 * descendants, and ask whether a tree contains a value or an instance of a class.
 */
import { PathError } from './errors.js';
import { isPlainObject } from './dict.js';
import { eq } from './eq.js';
import { N_GET, PARENT, isNode, type SymbolicNode } from './node.js';
import { formatPath, parsePath } from './path.js';
import { childrenOf, traverse } from './traverse.js';
import type { CheckedPath, ValueAt } from './typed-paths.js';
import { coerceKey } from './mutate.js';
import { Ref } from './ref.js';

/** A test on values: a predicate, or a class (`instanceof`). */
export type Where = ((value: unknown) => boolean) | (abstract new (...args: any[]) => unknown);

function matcher(where: Where | undefined): (value: unknown) => boolean {
  if (where === undefined) return () => true;
  if (isClassLike(where)) return (v) => v instanceof (where as abstract new (...args: any[]) => unknown);
  return where as (value: unknown) => boolean;
}

function isClassLike(fn: unknown): boolean {
  if (typeof fn !== 'function') return false;
  if (/^class\b/.test(Function.prototype.toString.call(fn))) return true;
  const proto = (fn as { prototype?: object }).prototype;
  return !!proto && Object.getOwnPropertyNames(proto).length > 1;
}

/**
 * The value at `path` below `root` (typed: a path the root's type does not have is a compile-time
 * error, and the result has the type found there). Throws a `PathError` naming the first key that
 * does not exist.
 */
export function symGet<T, const P extends string>(root: T, path: CheckedPath<T, P>): ValueAt<T, P> {
  const keys = parsePath(path as string);
  let value: unknown = root;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    let next: unknown;
    if (isNode(value)) next = value[N_GET](coerceKey(value, key));
    else if (Array.isArray(value) && typeof key === 'number') next = value[key];
    else if (isPlainObject(value) && typeof key === 'string' && Object.hasOwn(value, key)) next = value[key];
    if (next instanceof Ref) next = next.value;
    if (next === undefined) {
      const at = formatPath(keys.slice(0, i + 1));
      throw new PathError(`${path}: nothing at "${at}"`, path as string);
    }
    value = next;
  }
  return value as ValueAt<T, P>;
}

/**
 * The nearest ancestor of `node` (not `node` itself) that `where` accepts (a predicate or a class),
 * or null. Without `where`, the parent.
 */
export function symAncestor<A = SymbolicNode>(node: SymbolicNode, where?: Where): A | null {
  const test = matcher(where);
  for (let n = node[PARENT]; n; n = n[PARENT]) if (test(n)) return n as A;
  return null;
}

/** Options of {@link symDescendants}. */
export interface DescendantOptions {
  /** `all` (default), `immediate` (children only) or `leaf` (values that hold no other values). */
  only?: 'all' | 'immediate' | 'leaf';
  /** Include the root itself when it matches (default false). */
  includeSelf?: boolean;
}

/** Values below `root` (pre-order) that `where` accepts (a predicate or a class). */
export function symDescendants<D = unknown>(root: unknown, where?: Where, options: DescendantOptions = {}): D[] {
  const test = matcher(where);
  const only = options.only ?? 'all';
  const out: D[] = [];
  if (options.includeSelf && test(root) && (only !== 'leaf' || childrenOf(root) === null)) out.push(root as D);
  if (only === 'immediate') {
    for (const [, v] of childrenOf(root) ?? []) if (test(v)) out.push(v as D);
    return out;
  }
  traverse(root, (path, value) => {
    if (path === '') return;
    if (only === 'leaf' && childrenOf(value) !== null) return;
    if (test(value)) out.push(value as D);
  });
  return out;
}

/**
 * Whether `tree` (itself or any value below it) is structurally equal to `target` — or, when
 * `target` is a class, is an instance of it.
 */
export function contains(tree: unknown, target: unknown): boolean {
  const test = isClassLike(target) ? matcher(target as Where) : (v: unknown) => eq(v, target);
  return !traverse(tree, (_path, value) => (test(value) ? 'stop' : undefined));
}
