/**
 * `toJSONSchema(specOrClass)`: JSON Schema (draft 2020-12) of what `toJSON` writes for values of a
 * spec or a symbolic class, so other tools (editors, validators, config UIs) can check configs.
 *
 * - A symbolic class is a `$defs` entry: an object with `_type` as a `const`, one property per
 *   field (required unless it has a default or is optional), no other properties. `t.object(C)`
 *   refers to C and to every registered subclass of it.
 * - Ranges become `minimum`/`maximum`, sizes `minItems`/`maxItems`, `t.enum` an `enum`,
 *   `t.union` an `anyOf`, `t.tuple` `prefixItems`, `t.dict` `properties` (+ `patternProperties`),
 *   `t.record` `additionalProperties`; `.nullable()` adds `null`, `.default(v)` and `.describe(doc)`
 *   become `default` and `description`, `.freeze(v)` a `const`.
 * - Unbounded floats also take the tag tsglove writes for NaN and ±Infinity. `t.any()` is any
 *   JSON value whose tagged objects are one of the classes this schema defines.
 * - Values JSON cannot hold (`t.callable()`, `t.type(C)`, `t.object` of a non-symbolic class) get
 *   `false` (nothing validates) with a `description` saying why.
 * - Search spaces (`{ searchSpace: true }`): every value may also be a hyper value — `oneOf` whose
 *   candidates fit the value's schema, `manyOf` of list elements, `floatValue` for numbers — each
 *   alternative marked with the extension keyword `"x-tsglove-hyper": "oneOf" | "manyOf" |
 *   "floatValue"`. Validators must be told the keyword exists (Ajv: `addKeyword('x-tsglove-hyper')`).
 */
import { SymbolicError } from './errors.js';
import { SymObject, SCHEMA, type Schema } from './object.js';
import { lookupClass, registeredNames } from './registry.js';
import type { AnySpec } from './value-spec.js';
import type { DictSpec, EnumSpec, FloatSpec, IntSpec, ListSpec, ObjectSpec, RecordSpec, StrSpec, UnionSpec } from './core-specs.js';
import type { FunctorSpec, TupleSpec } from './extra-specs.js';
import { toJSON, type JSONValue } from './json.js';

/** Any function or class. */
type AnyFunction = ((...args: any[]) => unknown) | (abstract new (...args: any[]) => unknown);

/** A JSON Schema (an object, or `true`/`false`). */
export type JSONSchema = { [key: string]: JSONValue } | boolean;

/** The `$schema` URI written at the root. */
export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';
/** The extension keyword marking hyper-value alternatives. */
export const HYPER_KEYWORD = 'x-tsglove-hyper';
/** `$defs` names of the tags tsglove uses for non-finite numbers and for `t.any()`. */
export const NONFINITE_DEF = 'tsglove.number';
export const ANY_DEF = 'tsglove.any';

/** Options of {@link toJSONSchema}. */
export interface ToJSONSchemaOptions {
  /** Also accept hyper values (see the module comment). Default false. */
  searchSpace?: boolean;
}

type Obj = { [key: string]: JSONValue };

class Writer {
  readonly defs: Record<string, JSONValue> = {};
  usesAny = false;
  constructor(readonly searchSpace: boolean) {}

  ref(name: string): Obj {
    return { $ref: `#/$defs/${name.replace(/~/g, '~0').replace(/\//g, '~1')}` };
  }

  /** The schema of a spec's values, with default/description/nullable/frozen. */
  spec(spec: AnySpec, allowHyper = true): JSONValue {
    let s = this.core(spec);
    if (allowHyper && this.searchSpace) s = this.withHyper(s, spec);
    if (spec.isNullable) s = { anyOf: [s, { type: 'null' }] };
    const out: Obj = typeof s === 'object' && s !== null && !Array.isArray(s) ? { ...s } : { allOf: [s] };
    if (spec.frozen) out.const = toJSON(spec.frozen.value);
    if (spec.hasDefault) out.default = toJSON(spec.defaultValue);
    if (spec.doc) out.description = spec.doc;
    return out;
  }

  core(spec: AnySpec): JSONValue {
    switch (spec.kind) {
      case 'bool':
        return { type: 'boolean' };
      case 'int':
        return bounded({ type: 'integer' }, (spec as IntSpec).min, (spec as IntSpec).max);
      case 'float':
      case 'number': {
        const { min, max } = spec as FloatSpec;
        if (min === undefined && max === undefined) return { anyOf: [{ type: 'number' }, this.nonFinite()] };
        return bounded({ type: 'number' }, min, max);
      }
      case 'str': {
        const re = (spec as StrSpec).regex;
        if (!re) return { type: 'string' };
        if (re.flags.replace(/[gyu]/g, '') !== '') {
          return { type: 'string', description: `must match ${String(re)} (flags JSON Schema patterns cannot express)` };
        }
        return { type: 'string', pattern: re.source };
      }
      case 'enum':
        return { enum: (spec as EnumSpec<never>).values.map((v) => v as JSONValue) };
      case 'list': {
        const l = spec as ListSpec;
        const out: Obj = { type: 'array', items: this.spec(l.element) };
        if (l.minSize !== undefined) out.minItems = l.minSize;
        if (l.maxSize !== undefined) out.maxItems = l.maxSize;
        return out;
      }
      case 'tuple': {
        const members = (spec as TupleSpec).members;
        return {
          type: 'array',
          prefixItems: members.map((m) => this.spec(m)),
          items: false,
          minItems: members.length,
          maxItems: members.length,
        };
      }
      case 'dict': {
        const d = spec as DictSpec;
        const properties: Obj = {};
        const required: string[] = [];
        for (const key of d.keys) {
          const field = d.fields[key]!;
          properties[key] = this.spec(field);
          if (!field.hasDefault && !field.isOptional) required.push(key);
        }
        const out: Obj = { type: 'object', properties };
        if (required.length) out.required = required;
        if (d.patterns.length) {
          const patterns: Obj = {};
          for (const [re, s] of d.patterns) patterns[re.source] = this.spec(s);
          out.patternProperties = patterns;
        }
        out.additionalProperties = false;
        return out;
      }
      case 'record':
        return { type: 'object', propertyNames: { not: { const: '_type' } }, additionalProperties: this.spec((spec as RecordSpec).value) };
      case 'object': {
        const cls = (spec as ObjectSpec).cls;
        if (!(cls.prototype instanceof SymObject))
          return unserializable(`instances of ${cls.name || 'a class'} (not symbolic) have no JSON form`);
        const names = subclassNames(cls);
        if (names.length === 0) return unserializable(`${cls.name} is not registered`);
        for (const name of names) this.classDef(name);
        return names.length === 1 ? this.ref(names[0]!) : { anyOf: names.map((n) => this.ref(n)) };
      }
      case 'functor': {
        const name = (spec as FunctorSpec).typeName;
        if (name) {
          this.classDef(name);
          return this.ref(name);
        }
        return { type: 'object', required: ['_type'], properties: { _type: { type: 'string' } } };
      }
      case 'union':
        return { anyOf: (spec as UnionSpec).members.map((m) => this.spec(m, false)) };
      case 'any':
        this.usesAny = true;
        return this.ref(ANY_DEF);
      case 'callable':
        return unserializable('functions have no JSON form');
      case 'type':
        return unserializable('classes have no JSON form');
      default:
        throw new SymbolicError(`toJSONSchema: no JSON Schema for spec kind "${spec.kind}"`);
    }
  }

  nonFinite(): Obj {
    if (!this.defs[NONFINITE_DEF]) {
      this.defs[NONFINITE_DEF] = {
        type: 'object',
        properties: { _type: { const: NONFINITE_DEF }, value: { enum: ['NaN', 'Infinity', '-Infinity'] } },
        required: ['_type', 'value'],
        additionalProperties: false,
      };
    }
    return this.ref(NONFINITE_DEF);
  }

  /** Adds the `$defs` entry of a registered symbolic class (once). */
  classDef(name: string): void {
    if (name in this.defs) return;
    const cls = lookupClass(name) as unknown as { [SCHEMA]?: Schema } | undefined;
    const schema = cls?.[SCHEMA];
    if (!schema) throw new SymbolicError(`toJSONSchema: "${name}" is not a registered symbolic class`);
    this.defs[name] = true; // placeholder: recursive classes refer to themselves
    const properties: Obj = { _type: { const: name } };
    const required = ['_type'];
    for (const key of schema.keys) {
      const field = schema.fields[key]!;
      properties[key] = this.spec(field);
      if (!field.hasDefault && !field.isOptional) required.push(key);
    }
    this.defs[name] = { type: 'object', properties, required, additionalProperties: false };
  }

  /** `s` or a hyper value whose values fit `s`. */
  withHyper(s: JSONValue, spec: AnySpec): JSONValue {
    const alternatives: JSONValue[] = [s];
    const names = { type: 'string' };
    alternatives.push({
      [HYPER_KEYWORD]: 'oneOf',
      type: 'object',
      properties: { _type: { const: 'tsglove.oneOf' }, candidates: { type: 'array', items: s, minItems: 1 }, name: names, hints: {} },
      required: ['_type', 'candidates'],
      additionalProperties: false,
    });
    if (spec.kind === 'list') {
      const element = this.spec((spec as ListSpec).element);
      alternatives.push({
        [HYPER_KEYWORD]: 'manyOf',
        type: 'object',
        properties: {
          _type: { const: 'tsglove.manyOf' },
          k: { type: 'integer', minimum: 0 },
          candidates: { type: 'array', items: element, minItems: 1 },
          distinct: { type: 'boolean' },
          sorted: { type: 'boolean' },
          name: names,
          hints: {},
        },
        required: ['_type', 'k', 'candidates'],
        additionalProperties: false,
      });
    }
    if (spec.kind === 'float' || spec.kind === 'number') {
      const { min, max } = spec as FloatSpec;
      alternatives.push({
        [HYPER_KEYWORD]: 'floatValue',
        type: 'object',
        properties: {
          _type: { const: 'tsglove.floatValue' },
          min: bounded({ type: 'number' }, min, max),
          max: bounded({ type: 'number' }, min, max),
          scale: { enum: ['linear', 'log', 'rlog'] },
          name: names,
          hints: {},
        },
        required: ['_type', 'min', 'max'],
        additionalProperties: false,
      });
    }
    return { anyOf: alternatives };
  }

  /** The `t.any()` definition: any JSON value whose tagged objects are classes defined here. */
  anyDef(): void {
    const classes = Object.keys(this.defs).filter((n) => n !== ANY_DEF && n !== NONFINITE_DEF);
    const any = this.ref(ANY_DEF);
    this.nonFinite();
    this.defs[ANY_DEF] = {
      anyOf: [
        { type: ['null', 'boolean', 'number', 'string'] },
        { type: 'array', items: any },
        { type: 'object', not: { required: ['_type'] }, additionalProperties: any },
        this.ref(NONFINITE_DEF),
        { type: 'object', properties: { _type: { const: 'tsglove.missing' } }, required: ['_type'], additionalProperties: false },
        ...classes.map((n) => this.ref(n)),
      ],
    };
  }
}

function bounded(out: Obj, min: number | undefined, max: number | undefined): Obj {
  if (min !== undefined) out.minimum = min;
  if (max !== undefined) out.maximum = max;
  return out;
}

function unserializable(why: string): Obj {
  return { not: {}, description: why };
}

/** Registered names of `cls` and of its registered subclasses. */
function subclassNames(cls: AnyFunction): string[] {
  const own = (cls as unknown as { [SCHEMA]?: Schema })[SCHEMA]?.name;
  const names = registeredNames().filter((n) => {
    const c = lookupClass(n) as unknown as AnyFunction | undefined;
    return c !== undefined && (c === cls || c.prototype instanceof cls);
  });
  if (own && !names.includes(own) && lookupClass(own)) names.unshift(own);
  return names;
}

/** JSON Schema (draft 2020-12) of the JSON of a spec's values or of a symbolic class's instances. */
export function toJSONSchema(specOrClass: AnySpec | (abstract new (...args: any[]) => SymObject), options: ToJSONSchemaOptions = {}): Obj {
  const writer = new Writer(options.searchSpace === true);
  let root: JSONValue;
  if (typeof specOrClass === 'function') {
    const schema = (specOrClass as unknown as { [SCHEMA]?: Schema })[SCHEMA];
    if (!schema) throw new SymbolicError(`toJSONSchema: ${specOrClass.name} is not a symbolic class (make it with symbolic(name, fields))`);
    writer.classDef(schema.name);
    root = writer.ref(schema.name);
  } else if (specOrClass && typeof (specOrClass as AnySpec).apply === 'function') {
    root = writer.spec(specOrClass as AnySpec);
  } else {
    throw new SymbolicError('toJSONSchema: expected a value spec (t.int(), ...) or a symbolic class');
  }
  if (writer.usesAny) writer.anyDef();
  const out: Obj = { $schema: JSON_SCHEMA_DIALECT, ...(root as Obj) };
  if (Object.keys(writer.defs).length) out.$defs = writer.defs;
  return out;
}
