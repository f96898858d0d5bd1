/**
 * Key paths: a node's location in a symbolic tree, written `stages[3].blocks[1].kernel`.
 * A path is a list of keys (string for fields/dict keys, number for list indices).
 */
import { PathError } from './errors.js';

/** One step of a path: a field or dict key, or a list index. */
export type Key = string | number;

/** True for keys written with a dot (`[A-Za-z_$][A-Za-z0-9_$]*`); a char loop, faster than a regex. */
function isIdentifier(key: string): boolean {
  const n = key.length;
  if (n === 0) return false;
  for (let i = 0; i < n; i++) {
    const c = key.charCodeAt(i);
    const ok = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36 || (i > 0 && c >= 48 && c <= 57);
    if (!ok) return false;
  }
  return true;
}

/** Appends one key to a path string. */
export function joinPath(parent: string, key: Key): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  if (isIdentifier(key)) return parent === '' ? key : `${parent}.${key}`;
  return `${parent}[${JSON.stringify(key)}]`;
}

/** Formats a list of keys as a path string. */
export function formatPath(keys: readonly Key[]): string {
  let path = '';
  for (const key of keys) path = joinPath(path, key);
  return path;
}

const pathCache = new Map<string, readonly Key[]>();
/** Canonical strings of the key lists parsePath handed out (so formatting them again is a lookup). */
const canonical = new WeakMap<readonly Key[], string>();

/** `formatPath(keys)`, a lookup for key lists that came from {@link parsePath}. */
export function formatKeys(keys: readonly Key[]): string {
  return canonical.get(keys) ?? formatPath(keys);
}

/**
 * Parses `a.b[3]["odd key"].c` into `['a', 'b', 3, 'odd key', 'c']`. Also accepts a list of keys
 * (returned as is). Throws {@link PathError} on malformed input.
 */
export function parsePath(path: string | readonly Key[]): readonly Key[] {
  if (typeof path !== 'string') return path;
  const cached = pathCache.get(path);
  if (cached) return cached;
  const keys: Key[] = [];
  let i = 0;
  const n = path.length;
  const fail = (why: string): never => {
    throw new PathError(`cannot parse path ${JSON.stringify(path)}: ${why} at character ${i}`, path);
  };
  while (i < n) {
    const ch = path[i]!;
    if (ch === '[') {
      const close = path.indexOf(']', i);
      if (path[i + 1] === '"') {
        // Quoted key: a JSON string; skip escapes (`\\` then any char) up to the closing quote.
        let j = i + 2;
        while (j < n && path[j] !== '"') j += path[j] === '\\' ? 2 : 1;
        if (j >= n || path[j + 1] !== ']') fail('unterminated quoted key');
        try {
          keys.push(JSON.parse(path.slice(i + 1, j + 1)) as string);
        } catch {
          fail('bad quoted key');
        }
        i = j + 2;
      } else {
        if (close < 0) fail('missing ]');
        const body = path.slice(i + 1, close);
        if (!/^\d+$/.test(body)) fail(`index ${JSON.stringify(body)} is not a non-negative integer`);
        keys.push(Number(body));
        i = close + 1;
      }
    } else if (ch === '.') {
      if (keys.length === 0 || i + 1 >= n || path[i + 1] === '.' || path[i + 1] === '[') fail('empty key');
      i++;
    } else {
      let j = i;
      while (j < n && path[j] !== '.' && path[j] !== '[') j++;
      const key = path.slice(i, j);
      if (key === '' || key.includes(']')) fail('bad key');
      keys.push(/^\d+$/.test(key) ? Number(key) : key);
      i = j;
    }
  }
  if (pathCache.size > 10_000) pathCache.clear();
  pathCache.set(path, keys);
  canonical.set(keys, formatPath(keys));
  return keys;
}
