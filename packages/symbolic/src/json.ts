/**
 * JSON: `toJSON` turns a symbolic tree into plain JSON where each symbolic object carries a `_type`
 * tag (its registered name); `fromJSON` rebuilds the tree, instantiating only registered classes and
 * validating every field. Non-finite numbers and missing values have tags of their own.
 */
import { JSONError, SymbolicError, ValidationError } from './errors.js';
import { guardDepth } from './depth.js';
import { Dict, isPlainObject } from './dict.js';
import { FORBIDDEN_KEYS, N_GET, N_KEYS } from './node.js';
import { SymObject, VALUES } from './object.js';
import { lookupClass, registeredNames } from './registry.js';
import { MISSING, at, locPath, type Loc } from './value-spec.js';
import { ANY } from './core-specs.js';
import { Ref } from './ref.js';
import { OpaqueObject, opaqueTypeName } from './opaque.js';
import { findCycle } from './cycle.js';

/** The key holding a symbolic object's type name. */
export const TYPE_KEY = '_type';
const NUMBER_TAG = 'tsglove.number';
const MISSING_TAG = 'tsglove.missing';

/** A JSON value. */
export type JSONValue = null | boolean | number | string | JSONValue[] | { [key: string]: JSONValue };

/** Converts a value to plain JSON (see the module comment). Throws `JSONError` naming the path of anything unserializable. */
export function toJSON(value: unknown): JSONValue {
  return guardDepth('toJSON', value, () => unlessCyclic(value, () => encode(value, null)));
}

/** Runs a serializer; a stack overflow on a cyclic value becomes a `JSONError` naming the cycle. */
function unlessCyclic<R>(value: unknown, serialize: () => R): R {
  try {
    return serialize();
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    const cycle = findCycle(value);
    if (!cycle) throw error;
    throw new JSONError(
      `${cycle.path}: a cyclic reference (back to ${cycle.target}); JSON cannot hold cycles: break the cycle or serialize a copy without it`,
      cycle.path,
    );
  }
}

/** Values that are the same in JSON and in a tree (no location needs to be made for them). */
function isPlainScalar(v: unknown): v is string | boolean | number | null {
  return v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
}

// Paths are carried as locations (parent + key) and rendered only when an error names them.
function encode(value: unknown, loc: Loc | null): JSONValue {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : { [TYPE_KEY]: NUMBER_TAG, value: String(value) };
    case 'undefined':
      throw fail(loc, `cannot serialize undefined`);
    case 'object':
      break;
    default:
      if (value === MISSING) return { [TYPE_KEY]: MISSING_TAG };
      throw fail(loc, `cannot serialize a ${typeof value}`);
  }
  if (value === null) return null;
  if (value instanceof SymObject) {
    const out: Record<string, JSONValue> = { _type: value.symSchema.name }; // literal key (= TYPE_KEY): a fast object shape
    const values = value[VALUES];
    for (const key of value.symSchema.keys) {
      const v = values[key];
      if (v !== undefined) out[key] = isPlainScalar(v) ? v : encode(v, at(loc, key));
    }
    return out;
  }
  if (Array.isArray(value)) {
    const out = new Array<JSONValue>(value.length);
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      out[i] = isPlainScalar(v) ? v : encode(v, at(loc, i));
    }
    return out;
  }
  const isDict = value instanceof Dict;
  if (!isDict && !isPlainObject(value)) {
    if (value instanceof Ref) return encode(value.value, loc);
    throw fail(loc, `cannot serialize an instance of ${value.constructor?.name ?? 'unknown class'}`);
  }
  const out: Record<string, JSONValue> = {};
  if (isDict && value instanceof OpaqueObject) out[TYPE_KEY] = opaqueTypeName(value);
  const keys = isDict ? (value[N_KEYS]() as string[]) : Object.keys(value);
  for (const key of keys) {
    const v = isDict ? value[N_GET](key) : (value as Record<string, unknown>)[key];
    if (v === undefined) continue;
    if (key === TYPE_KEY) throw fail(at(loc, key), `"${TYPE_KEY}" is reserved for type tags`);
    out[key] = isPlainScalar(v) ? v : encode(v, at(loc, key));
  }
  return out;
}

/** Serializes to a JSON string (`indent` spaces for pretty output). */
export function toJSONString(value: unknown, indent?: number): string {
  return guardDepth('toJSONString', value, () =>
    indent ? JSON.stringify(toJSON(value), null, indent) : unlessCyclic(value, () => write(value, null)),
  );
}

// `"key":` of each field, per schema (JSON.stringify of a key is the same every time).
const fieldPrefixes = new WeakMap<object, string[]>();
function prefixesOf(schema: { keys: readonly string[] }): string[] {
  let prefixes = fieldPrefixes.get(schema);
  if (!prefixes) fieldPrefixes.set(schema, (prefixes = schema.keys.map((k) => `,${JSON.stringify(k)}:`)));
  return prefixes;
}

/**
 * Compact JSON text written directly, without the intermediate `toJSON` tree: the same text as
 * `JSON.stringify(toJSON(value))` (a property test checks it) and the same errors.
 */
function write(value: unknown, loc: Loc | null): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return Number.isFinite(value) ? String(value) : `{"${TYPE_KEY}":"${NUMBER_TAG}","value":"${String(value)}"}`;
    case 'object':
      break;
    default:
      return JSON.stringify(encode(value, loc)); // MISSING's tag, or the error naming the path
  }
  if (value === null) return 'null';
  if (value instanceof SymObject) {
    const schema = value.symSchema;
    const prefixes = prefixesOf(schema);
    const values = value[VALUES];
    let out = `{"${TYPE_KEY}":${JSON.stringify(schema.name)}`;
    for (let i = 0; i < schema.keys.length; i++) {
      const v = values[schema.keys[i]!];
      if (v !== undefined) out += prefixes[i] + write(v, isPlainScalar(v) ? null : at(loc, schema.keys[i]!));
    }
    return out + '}';
  }
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      out += (i ? ',' : '') + write(v, isPlainScalar(v) ? null : at(loc, i));
    }
    return out + ']';
  }
  const isDict = value instanceof Dict;
  if (!isDict && !isPlainObject(value)) return value instanceof Ref ? write(value.value, loc) : JSON.stringify(encode(value, loc)); // throws, naming the path
  const keys = isDict ? (value[N_KEYS]() as string[]) : Object.keys(value);
  let out = '{';
  let first = true;
  if (isDict && value instanceof OpaqueObject) {
    out += `"${TYPE_KEY}":${JSON.stringify(opaqueTypeName(value))}`;
    first = false;
  }
  for (const key of keys) {
    const v = isDict ? value[N_GET](key) : (value as Record<string, unknown>)[key];
    if (v === undefined) continue;
    if (key === TYPE_KEY) throw fail(at(loc, key), `"${TYPE_KEY}" is reserved for type tags`);
    out += (first ? '' : ',') + JSON.stringify(key) + ':' + write(v, isPlainScalar(v) ? null : at(loc, key));
    first = false;
  }
  return out + '}';
}

/**
 * Rebuilds a value from JSON made by {@link toJSON}: tagged objects become instances of their
 * registered classes (validated), other objects and arrays become `Dict`/`List`. Every failure is a
 * `SymbolicError` naming the path; nothing is ever written to a prototype.
 */
export function fromJSON(json: unknown, options: FromJSONOptions = {}): unknown {
  try {
    const value = decode(json, null, options.convertUnknown === true);
    if (Array.isArray(value)) return ANY.list.parse(value);
    if (isPlainObject(value)) return ANY.record.parse(value);
    return value;
  } catch (error) {
    // A hostile document nested thousands deep overflows the stack: still a SymbolicError.
    if (error instanceof RangeError) throw new JSONError(`<root>: cannot read JSON nested this deeply (${error.message})`);
    throw error;
  }
}

/** Options of {@link fromJSON}. */
export interface FromJSONOptions {
  /**
   * Keep an object whose `_type` is not registered as an {@link OpaqueObject} (its values in a
   * `Dict` that remembers the type and writes it back), in place of a `JSONError`.
   */
  convertUnknown?: boolean;
}

/** Parses a JSON string and rebuilds it with {@link fromJSON}. */
export function fromJSONString(text: string, options: FromJSONOptions = {}): unknown {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new JSONError(`malformed JSON: ${(error as Error).message}`);
  }
  return fromJSON(json, options);
}

function decode(json: unknown, loc: Loc | null, keep: boolean): unknown {
  if (json === null || typeof json === 'string' || typeof json === 'boolean') return json;
  if (typeof json === 'number') return json;
  if (typeof json !== 'object') throw fail(loc, `not JSON (got a ${typeof json})`);
  if (Array.isArray(json)) {
    const out = new Array<unknown>(json.length);
    for (let i = 0; i < json.length; i++) {
      const v = json[i];
      out[i] = isPlainScalar(v) ? v : decode(v, at(loc, i), keep);
    }
    return out;
  }
  if (!isPlainObject(json)) throw fail(loc, `not a JSON object`);
  const keys = Object.keys(json);
  for (const key of keys) {
    if (FORBIDDEN_KEYS.has(key)) throw fail(at(loc, key), `key "${key}" is not allowed`);
  }
  const type = (json as Record<string, unknown>)[TYPE_KEY];
  if (type === undefined) {
    const out: Record<string, unknown> = {};
    for (const key of keys) {
      const v = (json as Record<string, unknown>)[key];
      out[key] = isPlainScalar(v) ? v : decode(v, at(loc, key), keep);
    }
    return out;
  }
  if (typeof type !== 'string') throw fail(at(loc, TYPE_KEY), 'type tag must be a string');
  if (type === NUMBER_TAG) {
    const v = (json as Record<string, unknown>).value;
    if (v === 'NaN' || v === 'Infinity' || v === '-Infinity') return Number(v);
    throw fail(loc, `bad ${NUMBER_TAG} value ${JSON.stringify(v)}`);
  }
  if (type === MISSING_TAG) return MISSING;
  const Cls = lookupClass(type);
  if (!Cls && keep) {
    const entries: Array<[string, unknown]> = [];
    for (const key of keys) {
      if (key === TYPE_KEY) continue;
      const raw = (json as Record<string, unknown>)[key];
      entries.push([key, isPlainScalar(raw) ? raw : decode(raw, at(loc, key), keep)]);
    }
    try {
      return OpaqueObject.make(type, entries);
    } catch (error) {
      if (error instanceof ValidationError)
        throw new ValidationError(error.issues.map((i) => ({ ...i, path: prefix(locPath(loc), i.path) })));
      throw error;
    }
  }
  if (!Cls) {
    const known = registeredNames()
      .filter((n) => !n.startsWith('tsglove.'))
      .slice(0, 20)
      .join(', ');
    throw fail(
      loc,
      `unknown _type "${type}" (registered: ${known || 'none'}); register the class, or read with { convertUnknown: true } to keep it as data`,
    );
  }
  const init: Record<string, unknown> = {};
  let partial = false;
  for (const key of keys) {
    if (key === TYPE_KEY) continue;
    const raw = (json as Record<string, unknown>)[key];
    const v = isPlainScalar(raw) ? raw : decode(raw, at(loc, key), keep);
    if (v === MISSING) partial = true;
    init[key] = v;
  }
  try {
    return partial ? new Cls(init, { allowPartial: true }) : new Cls(init);
  } catch (error) {
    if (error instanceof ValidationError) {
      throw new ValidationError(error.issues.map((i) => ({ ...i, path: prefix(locPath(loc), i.path) })));
    }
    if (error instanceof SymbolicError) throw error;
    throw fail(loc, `constructing ${type} failed: ${(error as Error)?.message ?? String(error)}`);
  }
}

/** A JSONError at `loc`: the message starts with the path ('<root>' for the root). */
function fail(loc: Loc | null, message: string): JSONError {
  const path = locPath(loc);
  return new JSONError(`${path || '<root>'}: ${message}`, path);
}

function prefix(base: string, rest: string): string {
  if (!base) return rest;
  if (!rest) return base;
  return rest.startsWith('[') ? base + rest : `${base}.${rest}`;
}
