/**
 * Typed edit lists between two trees: `diff(a, b)` returns `{ op, path, value }` edits and
 * `applyEdits(a, edits)` applies them (as one all-or-nothing transaction), so that
 * `applyEdits(a, diff(a, b))` is structurally equal to `b`. (`patch(a, edits)` is the former,
 * deprecated name: `patch` now applies rule-based patchers, see patching.ts, and still accepts an
 * edit list.)
 */
import { Dict, isPlainObject } from './dict.js';
import { eq } from './eq.js';
import { N_GET, N_KEYS, isNode } from './node.js';
import { SymObject, VALUES } from './object.js';
import { formatPath, parsePath, type Key } from './path.js';
import { applyChanges, type Change } from './mutate.js';
import { clone } from './clone.js';
import { PathError } from './errors.js';

/** One edit. `replace` sets an existing value, `add` inserts a key or list element, `remove` deletes one. */
export interface Edit {
  op: 'replace' | 'add' | 'remove';
  /** Path of the edited value ('' for the whole tree). */
  path: string;
  /** The new value (absent for `remove`). */
  value?: unknown;
}

/** The edits that turn `a` into `b` (see the module comment). */
export function diff(a: unknown, b: unknown): Edit[] {
  const edits: Edit[] = [];
  walk(a, b, [], edits);
  return edits;
}

function dictLike(v: unknown): v is Dict | Record<string, unknown> {
  return v instanceof Dict || isPlainObject(v);
}
function keysOf(v: Dict | Record<string, unknown>): string[] {
  return v instanceof Dict ? (v[N_KEYS]() as string[]) : Object.keys(v).filter((k) => v[k] !== undefined);
}
function get(v: Dict | Record<string, unknown>, key: string): unknown {
  return v instanceof Dict ? v[N_GET](key) : v[key];
}

function walk(a: unknown, b: unknown, keys: Key[], edits: Edit[]): void {
  if (eq(a, b)) return;
  const path = formatPath(keys);
  if (a instanceof SymObject && b instanceof SymObject && a.constructor === b.constructor) {
    for (const key of a.symSchema.keys) {
      const va = a[VALUES][key];
      const vb = b[VALUES][key];
      if (va === undefined || vb === undefined) {
        if (va !== vb) edits.push({ op: 'replace', path: formatPath([...keys, key]), value: vb });
      } else walk(va, vb, [...keys, key], edits);
    }
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const common = Math.min(a.length, b.length);
    for (let i = 0; i < common; i++) walk(a[i], b[i], [...keys, i], edits);
    for (let i = common; i < b.length; i++) edits.push({ op: 'add', path: formatPath([...keys, i]), value: b[i] });
    for (let i = a.length - 1; i >= common; i--) edits.push({ op: 'remove', path: formatPath([...keys, i]) });
    return;
  }
  if (dictLike(a) && dictLike(b)) {
    const ka = keysOf(a);
    const kb = keysOf(b);
    for (const key of ka) {
      if (!kb.includes(key)) edits.push({ op: 'remove', path: formatPath([...keys, key]) });
      else walk(get(a, key), get(b, key), [...keys, key], edits);
    }
    for (const key of kb) {
      if (!ka.includes(key)) edits.push({ op: 'add', path: formatPath([...keys, key]), value: get(b, key) });
    }
    return;
  }
  edits.push({ op: 'replace', path, value: b });
}

/**
 * Applies edits to `target` in place and returns it. An edit of the root path replaces the whole
 * value: the result is then a new value (a clone of the edit's value). All or nothing: on any error
 * `target` is unchanged. Values are cloned on the way in, so edits can be applied more than once.
 */
export function applyEdits<T>(target: T, edits: readonly Edit[]): T {
  const root = edits.find((e) => e.path === '');
  if (root) {
    if (root.op !== 'replace') throw new PathError(`cannot ${root.op} the root`, '');
    if (edits.length > 1) throw new PathError('an edit of the root must be the only edit', '');
    return clone(root.value) as T;
  }
  if (edits.length === 0) return target;
  if (!isNode(target)) throw new PathError('applyEdits: the target must be a symbolic object, Dict or List', '');
  const changes: Change[] = edits.map((e) => ({
    op: e.op === 'replace' ? 'set' : e.op,
    keys: parsePath(e.path),
    value: e.op === 'remove' ? undefined : clone(e.value),
  }));
  applyChanges(target, changes);
  return target;
}

/** True for a non-empty list of `{ op: 'replace' | 'add' | 'remove', path }` edits (as `diff` makes). */
export function isEditList(value: unknown): value is Edit[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every(
      (e) =>
        e !== null &&
        typeof e === 'object' &&
        typeof (e as Edit).path === 'string' &&
        ['replace', 'add', 'remove'].includes((e as Edit).op),
    )
  );
}
