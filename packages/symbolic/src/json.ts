/**
 * JSON: `toJSON` turns a symbolic tree into plain JSON where each symbolic object carries a `_type`
 * tag (its registered name); `fromJSON` rebuilds the tree, instantiating only registered classes and
 * validating every field. Non-finite numbers and missing values have tags of their own.
 */
import { JSONError, SymbolicError, ValidationError } from './errors.js';
import { Dict, isPlainObject } from './dict.js';
import { FORBIDDEN_KEYS, N_GET, N_KEYS } from './node.js';
import { SymObject, VALUES } from './object.js';
import { joinPath } from './path.js';
import { lookupClass, registeredNames } from './registry.js';
import { MISSING } from './spec.js';
import { ANY } from './specs.js';

/** The key holding a symbolic object's type name. */
export const TYPE_KEY = '_type';
const NUMBER_TAG = 'tsglove.number';
const MISSING_TAG = 'tsglove.missing';

/** A JSON value. */
export type JSONValue = null | boolean | number | string | JSONValue[] | { [key: string]: JSONValue };

/** Converts a value to plain JSON (see the module comment). Throws `JSONError` naming the path of anything unserializable. */
export function toJSON(value: unknown): JSONValue {
  return encode(value, '');
}

function encode(value: unknown, path: string): JSONValue {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : { [TYPE_KEY]: NUMBER_TAG, value: String(value) };
    case 'undefined':
      throw new JSONError(`${path || '<root>'}: cannot serialize undefined`, path);
    case 'object':
      break;
    default:
      if (value === MISSING) return { [TYPE_KEY]: MISSING_TAG };
      throw new JSONError(`${path || '<root>'}: cannot serialize a ${typeof value}`, path);
  }
  if (value === null) return null;
  if (value instanceof SymObject) {
    const out: Record<string, JSONValue> = { [TYPE_KEY]: value.symSchema.name };
    const values = value[VALUES];
    for (const key of value.symSchema.keys) {
      const v = values[key];
      if (v !== undefined) out[key] = encode(v, joinPath(path, key));
    }
    return out;
  }
  if (Array.isArray(value)) return Array.from(value, (v, i) => encode(v, joinPath(path, i)));
  const isDict = value instanceof Dict;
  if (!isDict && !isPlainObject(value)) {
    throw new JSONError(`${path || '<root>'}: cannot serialize an instance of ${value.constructor?.name ?? 'unknown class'}`, path);
  }
  const out: Record<string, JSONValue> = {};
  const keys = isDict ? (value[N_KEYS]() as string[]) : Object.keys(value);
  for (const key of keys) {
    const v = isDict ? value[N_GET](key) : (value as Record<string, unknown>)[key];
    if (v === undefined) continue;
    if (key === TYPE_KEY) throw new JSONError(`${joinPath(path, key)}: "${TYPE_KEY}" is reserved for type tags`, path);
    out[key] = encode(v, joinPath(path, key));
  }
  return out;
}

/** Serializes to a JSON string (`indent` spaces for pretty output). */
export function toJSONString(value: unknown, indent?: number): string {
  return JSON.stringify(toJSON(value), null, indent);
}

/**
 * Rebuilds a value from JSON made by {@link toJSON}: tagged objects become instances of their
 * registered classes (validated), other objects and arrays become `Dict`/`List`. Every failure is a
 * `SymbolicError` naming the path; nothing is ever written to a prototype.
 */
export function fromJSON(json: unknown): unknown {
  const value = decode(json, '');
  if (Array.isArray(value)) return ANY.list.parse(value);
  if (isPlainObject(value)) return ANY.record.parse(value);
  return value;
}

/** Parses a JSON string and rebuilds it with {@link fromJSON}. */
export function fromJSONString(text: string): unknown {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new JSONError(`malformed JSON: ${(error as Error).message}`);
  }
  return fromJSON(json);
}

function decode(json: unknown, path: string): unknown {
  if (json === null || typeof json === 'string' || typeof json === 'boolean') return json;
  if (typeof json === 'number') return json;
  if (typeof json !== 'object') throw new JSONError(`${path || '<root>'}: not JSON (got a ${typeof json})`, path);
  if (Array.isArray(json)) return json.map((v, i) => decode(v, joinPath(path, i)));
  if (!isPlainObject(json)) throw new JSONError(`${path || '<root>'}: not a JSON object`, path);
  const keys = Object.keys(json);
  for (const key of keys) {
    if (FORBIDDEN_KEYS.has(key)) throw new JSONError(`${joinPath(path, key)}: key "${key}" is not allowed`, path);
  }
  const type = (json as Record<string, unknown>)[TYPE_KEY];
  if (type === undefined) {
    const out: Record<string, unknown> = {};
    for (const key of keys) out[key] = decode((json as Record<string, unknown>)[key], joinPath(path, key));
    return out;
  }
  if (typeof type !== 'string') throw new JSONError(`${joinPath(path, TYPE_KEY)}: type tag must be a string`, path);
  if (type === NUMBER_TAG) {
    const v = (json as Record<string, unknown>).value;
    if (v === 'NaN' || v === 'Infinity' || v === '-Infinity') return Number(v);
    throw new JSONError(`${path || '<root>'}: bad ${NUMBER_TAG} value ${JSON.stringify(v)}`, path);
  }
  if (type === MISSING_TAG) return MISSING;
  const Cls = lookupClass(type);
  if (!Cls) {
    const known = registeredNames().filter((n) => !n.startsWith('tsglove.')).slice(0, 20).join(', ');
    throw new JSONError(`${path || '<root>'}: unknown _type "${type}" (registered: ${known || 'none'})`, path);
  }
  const init: Record<string, unknown> = {};
  let partial = false;
  for (const key of keys) {
    if (key === TYPE_KEY) continue;
    const v = decode((json as Record<string, unknown>)[key], joinPath(path, key));
    if (v === MISSING) partial = true;
    init[key] = v;
  }
  try {
    return new Cls(init, { allowPartial: partial });
  } catch (error) {
    if (error instanceof ValidationError) {
      throw new ValidationError(error.issues.map((i) => ({ ...i, path: prefix(path, i.path) })));
    }
    if (error instanceof SymbolicError) throw error;
    throw new JSONError(`${path || '<root>'}: constructing ${type} failed: ${(error as Error)?.message ?? String(error)}`, path);
  }
}

function prefix(base: string, rest: string): string {
  if (!base) return rest;
  if (!rest) return base;
  return rest.startsWith('[') ? base + rest : `${base}.${rest}`;
}
