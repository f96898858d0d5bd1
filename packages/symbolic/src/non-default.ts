/**
 * `nonDefaultValues(obj)`: the values of a tree that differ from their fields' defaults, keyed by
 * path (PyGlove's `sym_nondefault`) — what a user would have to write to rebuild the tree from the
 * classes' defaults. Nested symbolic objects are walked field by field; a field without a default
 * always counts; lists and dicts are walked element by element.
 */
import { Dict } from './dict.js';
import { eq } from './eq.js';
import { N_GET, N_KEYS } from './node.js';
import { SymObject, VALUES } from './object.js';
import { joinPath } from './path.js';

/** Paths and values of `root` that differ from their defaults (see the module comment). */
export function nonDefaultValues(root: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const walk = (value: unknown, path: string): void => {
    if (value instanceof SymObject) {
      const schema = value.symSchema;
      for (const key of schema.keys) {
        const v = value[VALUES][key];
        const spec = schema.fields[key]!;
        if (v === undefined || (spec.hasDefault && eq(v, spec.defaultValue))) continue;
        const at = joinPath(path, key);
        if (v instanceof SymObject || Array.isArray(v) || v instanceof Dict) walk(v, at);
        else out[at] = v;
      }
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((v, i) =>
        v instanceof SymObject || Array.isArray(v) || v instanceof Dict ? walk(v, joinPath(path, i)) : (out[joinPath(path, i)] = v),
      );
      if (value.length === 0 && path) out[path] = value;
      return;
    }
    if (value instanceof Dict) {
      const keys = value[N_KEYS]() as string[];
      for (const k of keys) {
        const v = value[N_GET](k);
        if (v instanceof SymObject || Array.isArray(v) || v instanceof Dict) walk(v, joinPath(path, k));
        else out[joinPath(path, k)] = v;
      }
      if (keys.length === 0 && path) out[path] = value;
      return;
    }
    if (path) out[path] = value;
  };
  walk(root, '');
  return out;
}
