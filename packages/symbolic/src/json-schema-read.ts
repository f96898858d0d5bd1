/**
 * `fromJSONSchema(schema)`: value specs from JSON Schema, where the mapping is exact — the inverse
 * of `toJSONSchema` (so `toJSONSchema(fromJSONSchema(s))` equals `s` for every schema it writes)
 * plus hand-written schemas using the same keywords. A `$defs` class entry (an object whose
 * `_type` is a `const`) becomes `t.object` of the registered class of that name, or, with
 * `{ defineClasses: true }`, a new symbolic class. A keyword it cannot map exactly is an error
 * naming its JSON pointer (`#/properties/lr: cannot map keyword "multipleOf"`).
 */
import { SymbolicError } from './errors.js';
import { fromJSON } from './json.js';
import { symbolic } from './object.js';
import { lookupClass } from './registry.js';
import type { AnySpec } from './value-spec.js';
import type { Fields, KeyPattern } from './core-specs.js';
import { t } from './t.js';
import { ANY_DEF, HYPER_KEYWORD, NONFINITE_DEF } from './json-schema.js';

/** Options of {@link fromJSONSchema}. */
export interface FromJSONSchemaOptions {
  /** Make a symbolic class for each class in `$defs` that is not registered (default false: error). */
  defineClasses?: boolean;
}

type Obj = Record<string, unknown>;
const ANNOTATIONS = new Set(['$schema', '$defs', 'description', 'default', 'title', '$comment', 'examples', 'const']);

class Reader {
  private readonly classes = new Map<string, AnySpec>();
  constructor(
    private readonly root: Obj,
    private readonly options: FromJSONSchemaOptions,
  ) {}

  fail(at: string, message: string): never {
    throw new SymbolicError(`fromJSONSchema: ${at}: ${message}`, at);
  }

  def(ref: string, at: string): [string, Obj] {
    const m = /^#\/\$defs\/(.+)$/.exec(ref);
    if (!m) this.fail(at, `only local "#/$defs/..." references are supported, got ${JSON.stringify(ref)}`);
    const name = m[1]!.replace(/~1/g, '/').replace(/~0/g, '~');
    const defs = (this.root.$defs ?? {}) as Obj;
    const def = defs[name];
    if (def === undefined) this.fail(at, `no $defs entry "${name}"`);
    return [name, def as Obj];
  }

  /** The spec of a schema, with the annotations (default, description, const) applied. */
  read(schema: unknown, at: string): AnySpec {
    if (schema === true || (typeof schema === 'object' && schema !== null && Object.keys(schema).length === 0)) return t.any();
    if (typeof schema !== 'object' || schema === null || Array.isArray(schema))
      this.fail(at, `expected a schema object, got ${JSON.stringify(schema)}`);
    const s = schema as Obj;
    let spec = this.core(s, at);
    if ('const' in s && !('enum' in s)) spec = spec.freeze(fromJSON(s.const) as never) as AnySpec;
    if ('default' in s && !('const' in s)) spec = spec.default(fromJSON(s.default) as never) as AnySpec;
    if (typeof s.description === 'string' && !(s.not !== undefined)) spec = spec.describe(s.description);
    return spec;
  }

  private core(s: Obj, at: string): AnySpec {
    const unknown = Object.keys(s).filter((k) => !ANNOTATIONS.has(k) && !KNOWN.has(k));
    if (unknown.length) this.fail(at, `cannot map keyword "${unknown[0]}" exactly to a value spec`);
    if (s.$ref !== undefined) return this.ref(String(s.$ref), at);
    if (s.not !== undefined)
      this.fail(at, `"not" (a value JSON cannot hold: ${String(s.description ?? 'unserializable')}) has no spec to rebuild`);
    if (Array.isArray(s.anyOf)) return this.anyOf(s.anyOf, at);
    if (Array.isArray(s.enum)) return t.enum(s.enum as never[]);
    if ('const' in s && s.type === undefined) return t.enum([s.const as never]);
    switch (s.type) {
      case 'boolean':
        return t.bool();
      case 'integer':
        return t.int(bounds(s));
      case 'number':
        return t.float(bounds(s));
      case 'string':
        return typeof s.pattern === 'string' ? t.str({ regex: new RegExp(s.pattern, 'u') }) : t.str();
      case 'array':
        return this.array(s, at);
      case 'object':
        return this.object(s, at);
      default:
        return this.fail(at, `cannot map type ${JSON.stringify(s.type)}`);
    }
  }

  private ref(ref: string, at: string): AnySpec {
    const [name, def] = this.def(ref, at);
    if (name === ANY_DEF) return t.any();
    if (name === NONFINITE_DEF) this.fail(at, 'the non-finite number tag alone has no spec');
    const cached = this.classes.get(name);
    if (cached) return cached;
    const props = (def.properties ?? {}) as Obj;
    const tag = props._type as Obj | undefined;
    if (def.type !== 'object' || !tag || tag.const !== name)
      this.fail(`#/$defs/${name}`, 'a $defs entry must be a symbolic class (an object with "_type": { "const": name })');
    const registered = lookupClass(name);
    if (registered) {
      const spec = t.object(registered as never);
      this.classes.set(name, spec);
      return spec;
    }
    if (!this.options.defineClasses)
      this.fail(at, `class "${name}" is not registered; register it, or pass { defineClasses: true } to make one from the schema`);
    const required = new Set((def.required ?? []) as string[]);
    const fields: Fields = {};
    for (const [key, sub] of Object.entries(props)) {
      if (key === '_type') continue;
      const spec = this.read(sub, `#/$defs/${name}/properties/${key}`);
      fields[key] = required.has(key) || spec.hasDefault ? spec : spec.optional();
    }
    const cls = symbolic(name, fields);
    const spec = t.object(cls as never);
    this.classes.set(name, spec);
    return spec;
  }

  private anyOf(members: unknown[], at: string): AnySpec {
    const hyper = members.some((m) => typeof m === 'object' && m !== null && HYPER_KEYWORD in m);
    if (hyper) {
      // A search-space schema: the plain alternative is the value's spec (hyper values are allowed anywhere).
      return this.read(members[0], `${at}/anyOf/0`);
    }
    const isNull = (m: unknown): boolean =>
      typeof m === 'object' && m !== null && (m as Obj).type === 'null' && Object.keys(m).length === 1;
    const nonFinite = (m: unknown): boolean => typeof m === 'object' && m !== null && (m as Obj).$ref === `#/$defs/${NONFINITE_DEF}`;
    const rest = members.filter((m) => !isNull(m));
    const nullable = rest.length < members.length;
    let spec: AnySpec;
    if (rest.length === 2 && nonFinite(rest[1]) && (rest[0] as Obj).type === 'number' && Object.keys(rest[0] as Obj).length === 1)
      spec = t.float();
    else if (rest.length === 1) spec = this.read(rest[0], `${at}/anyOf/0`);
    else if (this.isSubclassList(rest)) {
      // t.object(Base) with registered subclasses: the base is the first one.
      spec = this.read(rest[0], `${at}/anyOf/0`);
      for (const [i, m] of rest.entries()) this.read(m, `${at}/anyOf/${i}`);
    } else spec = t.union(rest.map((m, i) => this.read(m, `${at}/anyOf/${i}`)));
    return nullable ? (spec.nullable() as AnySpec) : spec;
  }

  /** `t.object(Base)` with registered subclasses writes `anyOf` of their refs, the base first. */
  private isSubclassList(members: unknown[]): boolean {
    const classes = members.map((m) => {
      if (typeof m !== 'object' || m === null || typeof (m as Obj).$ref !== 'string' || Object.keys(m as Obj).length !== 1)
        return undefined;
      const name = /^#\/\$defs\/(.+)$/.exec((m as Obj).$ref as string)?.[1];
      return name && name !== ANY_DEF && name !== NONFINITE_DEF ? lookupClass(name) : undefined;
    });
    const base = classes[0];
    // Distinct classes, the first a base of the others (a union of the same class twice is a union).
    return (
      base !== undefined &&
      new Set(classes).size === classes.length &&
      classes.every((c) => c !== undefined && (c === base || c.prototype instanceof base))
    );
  }

  private array(s: Obj, at: string): AnySpec {
    if (Array.isArray(s.prefixItems)) {
      if (s.items !== false) this.fail(at, 'a tuple needs "items": false (no extra positions)');
      return t.tuple(s.prefixItems.map((m, i) => this.read(m, `${at}/prefixItems/${i}`)));
    }
    const element = s.items === undefined ? t.any() : this.read(s.items, `${at}/items`);
    return t.list(element, { minSize: s.minItems as number | undefined, maxSize: s.maxItems as number | undefined });
  }

  private object(s: Obj, at: string): AnySpec {
    if (
      s.properties === undefined &&
      s.patternProperties === undefined &&
      s.additionalProperties !== undefined &&
      s.additionalProperties !== false
    ) {
      return t.record(this.read(s.additionalProperties, `${at}/additionalProperties`));
    }
    if (s.additionalProperties !== false)
      this.fail(at, 'an object with declared properties needs "additionalProperties": false to be a t.dict');
    const required = new Set((s.required ?? []) as string[]);
    const fields: Fields = {};
    for (const [key, sub] of Object.entries((s.properties ?? {}) as Obj)) {
      const spec = this.read(sub, `${at}/properties/${key}`);
      fields[key] = required.has(key) || spec.hasDefault ? spec : spec.optional();
    }
    const patterns: KeyPattern[] = Object.entries((s.patternProperties ?? {}) as Obj).map(([re, sub]) => [
      new RegExp(re, 'u'),
      this.read(sub, `${at}/patternProperties/${re}`),
    ]);
    return t.dict(fields, { patterns });
  }
}

const KNOWN = new Set([
  '$ref',
  'not',
  'anyOf',
  'enum',
  'type',
  'minimum',
  'maximum',
  'pattern',
  'items',
  'prefixItems',
  'minItems',
  'maxItems',
  'properties',
  'required',
  'additionalProperties',
  'patternProperties',
  'propertyNames',
]);

function bounds(s: Obj): { min?: number; max?: number } {
  return { min: s.minimum as number | undefined, max: s.maximum as number | undefined };
}

/** Value spec of a JSON Schema (see the module comment). */
export function fromJSONSchema(schema: unknown, options: FromJSONSchemaOptions = {}): AnySpec {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema))
    throw new SymbolicError('fromJSONSchema: expected a JSON Schema object');
  return new Reader(schema as Obj, options).read(schema, '#');
}
