/**
 * Structural equality and hashing. Two values are equal when they have the same kind (same symbolic
 * class; a `Dict` and a plain object, or a `List` and an array, count as the same kind) and equal
 * children. `NaN` equals `NaN`; `-0` equals `0`.
 */
import { Dict, isPlainObject } from './dict.js';
import { SymObject, VALUES } from './object.js';
import { guardDepth } from './depth.js';
import { N_GET, N_KEYS } from './node.js';
import { Ref } from './ref.js';
import { setEqHook } from './value-spec.js';
import { OpaqueObject, opaqueTypeName } from './opaque.js';

/** Structural equality of two values (see the module comment). */
export function eq(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) && Number.isNaN(b);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (a instanceof Ref || b instanceof Ref) return a instanceof Ref && b instanceof Ref && a.value === b.value;
  if (a instanceof SymObject || b instanceof SymObject) {
    if (!(a instanceof SymObject && b instanceof SymObject) || a.constructor !== b.constructor) return false;
    const va = a[VALUES];
    const vb = b[VALUES];
    for (const key of a.symSchema.keys) if (!eq(va[key], vb[key])) return false;
    return true;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!eq(a[i], b[i])) return false;
    return true;
  }
  if (
    (a instanceof OpaqueObject || b instanceof OpaqueObject) &&
    !(a instanceof OpaqueObject && b instanceof OpaqueObject && opaqueTypeName(a) === opaqueTypeName(b))
  )
    return false;
  const ka = dictKeys(a);
  const kb = dictKeys(b);
  if (!ka || !kb) return false;
  if (ka.length !== kb.length) return false;
  for (const key of ka) {
    if (!kb.includes(key)) return false;
    if (!eq(dictGet(a, key), dictGet(b, key))) return false;
  }
  return true;
}

/** Structural inequality. */
export function ne(a: unknown, b: unknown): boolean {
  return !eq(a, b);
}

function dictKeys(value: object): string[] | null {
  if (value instanceof Dict) return value[N_KEYS]() as string[];
  if (isPlainObject(value)) return Object.keys(value).filter((k) => value[k] !== undefined);
  return null;
}
function dictGet(value: object, key: string): unknown {
  return value instanceof Dict ? value[N_GET](key) : (value as Record<string, unknown>)[key];
}

/** A 32-bit structural hash: equal values (by {@link eq}) hash equal. */
export function hash(value: unknown): number {
  let h = 0x811c9dc5;
  const mix = (s: string): void => {
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
  };
  const walk = (v: unknown): void => {
    if (v === null || typeof v !== 'object') {
      if (typeof v === 'number' && Object.is(v, -0)) v = 0;
      mix(typeof v === 'function' ? `f:${(v as () => void).name}` : `${typeof v}:${String(v)};`);
      return;
    }
    if (v instanceof Ref) {
      mix('ref:');
      walk(v.value);
      return;
    }
    if (v instanceof SymObject) {
      mix(`o:${v.symSchema.name}(`);
      for (const key of v.symSchema.keys) {
        mix(key + '=');
        walk(v[VALUES][key]);
      }
      mix(')');
      return;
    }
    if (Array.isArray(v)) {
      mix('[');
      for (const item of v) walk(item);
      mix(']');
      return;
    }
    const keys = dictKeys(v);
    if (!keys) {
      mix(`x:${v.constructor?.name ?? '?'}`);
      return;
    }
    mix('{');
    for (const key of [...keys].sort()) {
      mix(key + ':');
      walk(dictGet(v, key));
    }
    mix('}');
  };
  guardDepth('hash', value, () => walk(value));
  return h >>> 0;
}

setEqHook(eq);
