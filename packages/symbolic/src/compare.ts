/**
 * A total order on symbolic values (PyGlove's `pg.lt`/`pg.gt`), so trees can be sorted and used as
 * keys of ordered collections. Kinds come in this order: missing, null, booleans, numbers, strings,
 * lists, dicts, symbolic objects, everything else. Within a kind: numbers and strings compare
 * naturally (NaN before other numbers), lists element by element then by length, dicts by their
 * sorted keys then values, symbolic objects by type name then field by field.
 */
import { Dict, isPlainObject } from './dict.js';
import { N_GET, N_KEYS } from './node.js';
import { SymObject, VALUES } from './object.js';
import { MISSING } from './value-spec.js';
import { Ref } from './ref.js';

function rank(v: unknown): number {
  if (v === undefined || v === MISSING) return 0;
  if (v === null) return 1;
  switch (typeof v) {
    case 'boolean':
      return 2;
    case 'number':
    case 'bigint':
      return 3;
    case 'string':
      return 4;
  }
  if (Array.isArray(v)) return 5;
  if (v instanceof Dict || isPlainObject(v)) return 6;
  if (v instanceof SymObject) return 7;
  return 8;
}

function entriesOf(v: object): Array<[string, unknown]> {
  if (v instanceof Dict) return (v[N_KEYS]() as string[]).map((k) => [k, v[N_GET](k)]);
  return Object.keys(v)
    .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
    .map((k) => [k, (v as Record<string, unknown>)[k]]);
}

/** -1, 0 or 1 as `a` sorts before, with or after `b` (0 exactly when `eq(a, b)` for tree values). */
export function compare(a: unknown, b: unknown): -1 | 0 | 1 {
  if (a instanceof Ref) a = a.value;
  if (b instanceof Ref) b = b.value;
  if (a === b) return 0;
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case 2:
      return a === b ? 0 : a ? 1 : -1;
    case 3: {
      const na = Number.isNaN(a as number);
      const nb = Number.isNaN(b as number);
      if (na || nb) return na && nb ? 0 : na ? -1 : 1;
      return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
    }
    case 4:
      return (a as string) < (b as string) ? -1 : 1;
    case 5: {
      const x = a as unknown[];
      const y = b as unknown[];
      for (let i = 0; i < Math.min(x.length, y.length); i++) {
        const c = compare(x[i], y[i]);
        if (c) return c;
      }
      return x.length === y.length ? 0 : x.length < y.length ? -1 : 1;
    }
    case 6: {
      const x = entriesOf(a as object).sort((p, q) => (p[0] < q[0] ? -1 : 1));
      const y = entriesOf(b as object).sort((p, q) => (p[0] < q[0] ? -1 : 1));
      for (let i = 0; i < Math.min(x.length, y.length); i++) {
        if (x[i]![0] !== y[i]![0]) return x[i]![0] < y[i]![0] ? -1 : 1;
        const c = compare(x[i]![1], y[i]![1]);
        if (c) return c;
      }
      return x.length === y.length ? 0 : x.length < y.length ? -1 : 1;
    }
    case 7: {
      const x = a as SymObject;
      const y = b as SymObject;
      const nx = x.symSchema.name;
      const ny = y.symSchema.name;
      if (nx !== ny) return nx < ny ? -1 : 1;
      for (const key of x.symSchema.keys) {
        const c = compare(x[VALUES][key], y[VALUES][key]);
        if (c) return c;
      }
      return 0;
    }
    default: {
      // Other values (functions, foreign objects): by constructor name, then their text.
      const sa = `${(a as object)?.constructor?.name ?? typeof a}:${String(a)}`;
      const sb = `${(b as object)?.constructor?.name ?? typeof b}:${String(b)}`;
      return sa === sb ? 0 : sa < sb ? -1 : 1;
    }
  }
}

/** `a` sorts before `b` (see {@link compare}). */
export function lt(a: unknown, b: unknown): boolean {
  return compare(a, b) < 0;
}

/** `a` sorts after `b` (see {@link compare}). */
export function gt(a: unknown, b: unknown): boolean {
  return compare(a, b) > 0;
}
