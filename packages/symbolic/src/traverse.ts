/**
 * Walking symbolic trees: `traverse` (pre-order visit with skip/stop) and `query` (find values by
 * path pattern and predicate). Plain objects and arrays inside a tree are walked too.
 */
import { isPlainObject } from './dict.js';
import { N_GET, N_KEYS, isNode } from './node.js';
import { joinPath, type Key } from './path.js';
import type { CheckedPath, ValueAt } from './typed-paths.js';

/** The children of a container value as `[key, value]` pairs, or null for a leaf. */
export function childrenOf(value: unknown): Array<[Key, unknown]> | null {
  if (isNode(value)) {
    const out: Array<[Key, unknown]> = [];
    for (const key of value[N_KEYS]()) {
      const v = value[N_GET](key);
      if (v !== undefined) out.push([key, v]);
    }
    return out;
  }
  if (Array.isArray(value)) return value.map((v, i) => [i, v]);
  if (isPlainObject(value)) return Object.keys(value).map((k) => [k, value[k]]);
  return null;
}

/** What a visitor returns: `'skip'` don't descend into this value, `'stop'` end the walk. */
export type VisitResult = void | 'skip' | 'stop';

/** A visitor: path of the value ('' for the root), the value, its parent and key. */
export type Visitor = (path: string, value: unknown, parent: unknown, key: Key | null) => VisitResult;

/** Options of {@link traverse}. */
export interface TraverseOptions {
  /**
   * `pre` (default): a value is visited before its children, and `'skip'` skips them.
   * `post`: a value is visited after its children (bottom-up; `'skip'` has nothing left to skip).
   */
  order?: 'pre' | 'post';
}

/** Visits every value of a tree, depth first in field order (see {@link TraverseOptions}). Returns false if stopped. */
export function traverse(root: unknown, visit: Visitor, options: TraverseOptions = {}): boolean {
  const post = options.order === 'post';
  const walk = (path: string, value: unknown, parent: unknown, key: Key | null): boolean => {
    if (!post) {
      const r = visit(path, value, parent, key);
      if (r === 'stop') return false;
      if (r === 'skip') return true;
    }
    const children = childrenOf(value);
    if (children) for (const [k, v] of children) if (!walk(joinPath(path, k), v, value, k)) return false;
    return !post || visit(path, value, parent, key) !== 'stop';
  };
  return walk('', root, null, null);
}

/** Options of {@link query}. */
export interface QueryOptions {
  /** Keep values whose path matches (a RegExp, or an exact path string). */
  path?: RegExp | string;
  /** Keep values for which this returns true. */
  where?: (value: unknown, path: string, parent: unknown) => boolean;
  /** Include the root itself (default false). */
  includeRoot?: boolean;
}

/**
 * Finds values in a tree: `{ [path]: value }` for each value matching every given condition.
 * An exact `path` string is typed like `symGet`'s (a path the tree's type lacks is a compile-time
 * error; the values have the type found there).
 */
export function query<T, const P extends string>(
  root: T,
  options: Omit<QueryOptions, 'path'> & { path: CheckedPath<T, P> },
): Record<string, ValueAt<T, P>>;
export function query(root: unknown, options?: Omit<QueryOptions, 'path'> & { path?: RegExp }): Record<string, unknown>;
export function query(root: unknown, options: QueryOptions = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  traverse(root, (path, value, parent) => {
    if (path === '' && !options.includeRoot) return;
    const p = options.path;
    if (p !== undefined) {
      if (typeof p === 'string' ? p !== path : !((p.lastIndex = 0), p.test(path))) return;
    }
    if (options.where && !options.where(value, path, parent)) return;
    out[path] = value;
  });
  return out;
}
