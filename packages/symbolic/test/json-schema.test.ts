import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Ajv2020 } from 'ajv/dist/2020.js';
import {
  toJSONSchema,
  fromJSONSchema,
  toJSON,
  symbolic,
  t,
  oneOf,
  manyOf,
  floatValue,
  HYPER_KEYWORD,
  SymbolicError,
  type AnySpec,
  type ObjectSpec,
} from '@tsglove/symbolic';
import { Block, Net, makeNet } from './fixtures.js';
import { descArb, build, Leaf, Pair, Bag } from './tree-arbitrary.js';

function validator(schema: object): (value: unknown) => boolean {
  const ajv = new Ajv2020({ strict: true, strictRequired: false, allowUnionTypes: true });
  ajv.addKeyword(HYPER_KEYWORD);
  const validate = ajv.compile(schema);
  return (value) => validate(value) as boolean;
}

describe('toJSONSchema', () => {
  it('writes a class as a $defs entry: _type const, typed fields, required ones, nothing else', () => {
    const schema = toJSONSchema(Block);
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$ref).toBe('#/$defs/test.Block');
    expect((schema.$defs as Record<string, unknown>)['test.Block']).toEqual({
      type: 'object',
      properties: {
        _type: { const: 'test.Block' },
        kernel: { type: 'integer', minimum: 1, maximum: 11, default: 3, description: 'kernel size' },
        expand: { type: 'integer', minimum: 1, default: 6 },
        act: { enum: ['relu', 'swish'], default: 'swish' },
        se: { type: 'number', minimum: 0, maximum: 1 },
      },
      required: ['_type'],
      additionalProperties: false,
    });
  });

  it('toJSON of valid objects validates with ajv; corrupted ones do not', () => {
    const valid = validator(toJSONSchema(Net));
    const net = makeNet();
    expect(valid(toJSON(net))).toBe(true);
    const json = toJSON(net) as any;
    const corrupt = (f: (j: any) => void): unknown => {
      const c = structuredClone(json);
      f(c);
      return c;
    };
    expect(valid(corrupt((j) => (j.stages[1].blocks[0].kernel = 0)))).toBe(false); // out of range
    expect(valid(corrupt((j) => (j.stages[1].blocks[0].act = 'gelu')))).toBe(false); // not in the enum
    expect(valid(corrupt((j) => (j.stages[1].blocks[0]._type = 'test.Stage')))).toBe(false); // wrong class
    expect(valid(corrupt((j) => delete j.stem))).toBe(false); // required
    expect(valid(corrupt((j) => (j.stages[0].blocks = [])))).toBe(false); // minSize 1
    expect(valid(corrupt((j) => (j.stages[0].extra = 1)))).toBe(false); // unknown field
    expect(valid(corrupt((j) => (j.stages[0].name = 'Upper')))).toBe(false); // regex
  });

  it('covers tuples, dict patterns, unions, nullable, frozen values, records and unserializable specs', () => {
    const spec = t.dict(
      {
        xy: t.tuple([t.int(), t.str()]),
        u: t.union([t.int(), t.enum(['auto'])]).nullable(),
        kind: t.str().freeze('conv'),
        tags: t.record(t.bool()),
        fn: t.callable().optional(),
      },
      { patterns: [[/^lr_/, t.float({ min: 0 })]] },
    );
    const valid = validator(toJSONSchema(spec));
    expect(valid({ xy: [1, 'a'], u: null, kind: 'conv', tags: { a: true }, lr_x: 0.1 })).toBe(true);
    expect(valid({ xy: [1, 'a', 2], u: 1, kind: 'conv', tags: {} })).toBe(false);
    expect(valid({ xy: [1, 'a'], u: 'manual', kind: 'conv', tags: {} })).toBe(false);
    expect(valid({ xy: [1, 'a'], u: 1, kind: 'pool', tags: {} })).toBe(false);
    expect(valid({ xy: [1, 'a'], u: 1, kind: 'conv', tags: {}, lr_x: -1 })).toBe(false);
    expect(valid({ xy: [1, 'a'], u: 1, kind: 'conv', tags: {}, other: 1 })).toBe(false);
    expect(valid({ xy: [1, 'a'], u: 1, kind: 'conv', tags: {}, fn: 1 })).toBe(false);
  });

  it('marks search spaces with the x-tsglove-hyper extension; candidates must fit', () => {
    const schema = toJSONSchema(Block, { searchSpace: true });
    const valid = validator(schema);
    expect(valid(toJSON(new Block({ kernel: oneOf([3, 5]) as never, se: floatValue(0, 0.5) as never })))).toBe(true);
    expect(valid(toJSON(new Block({ kernel: 3 })))).toBe(true);
    const bad = toJSON(new Block({ kernel: oneOf([3, 5]) as never })) as any;
    bad.kernel.candidates.push(12);
    expect(valid(bad)).toBe(false);
    expect(JSON.stringify(schema)).toContain(`"${HYPER_KEYWORD}":"oneOf"`);
    class Seq extends symbolic('schema.Seq', { ops: t.list(t.enum(['a', 'b', 'c'])) }) {}
    const validSeq = validator(toJSONSchema(Seq, { searchSpace: true }));
    expect(validSeq(toJSON(new Seq({ ops: manyOf(2, ['a', 'b', 'c']) as never })))).toBe(true);
    expect(validator(toJSONSchema(Seq))(toJSON(new Seq({ ops: manyOf(2, ['a', 'b']) as never })))).toBe(false);
  });

  it('validates random trees of symbolic classes, and rejects them corrupted (fast-check)', () => {
    const root = t.union([t.object(Leaf), t.object(Pair), t.object(Bag), t.list(t.any()), t.record(t.any())]);
    const valid = validator(toJSONSchema(root));
    fc.assert(
      fc.property(descArb, fc.nat(), (desc, pick) => {
        const json = toJSON(build(desc));
        expect(valid(json)).toBe(true);
        // Corrupt one tagged object: a field of the wrong type, or an unknown type tag.
        const tagged: Array<Record<string, unknown>> = [];
        const walk = (v: unknown): void => {
          if (Array.isArray(v)) v.forEach(walk);
          else if (v && typeof v === 'object') {
            if ('_type' in v && String((v as { _type: unknown })._type).startsWith('prop.')) tagged.push(v as Record<string, unknown>);
            Object.values(v).forEach(walk);
          }
        };
        walk(json);
        fc.pre(tagged.length > 0);
        const target = tagged[pick % tagged.length]!;
        if (target._type === 'prop.Leaf') target.i = 'not an int';
        else if (target._type === 'prop.Pair') target.tag = 'z';
        else target._type = 'prop.Unknown';
        expect(valid(json)).toBe(false);
      }),
      { numRuns: 150 },
    );
  });
});

describe('fromJSONSchema', () => {
  const specArb: fc.Arbitrary<AnySpec> = fc.letrec<{ spec: AnySpec }>((tie) => ({
    spec: fc.oneof(
      { depthSize: 'small' },
      fc.constant(t.bool()),
      fc
        .record({
          min: fc.option(fc.integer({ min: -5, max: 0 }), { nil: undefined }),
          max: fc.option(fc.integer({ min: 1, max: 9 }), { nil: undefined }),
        })
        .map((b) => t.int(b)),
      fc.constantFrom(t.float(), t.float({ min: 0 }), t.str(), t.str({ regex: /^[a-z]+$/ }), t.enum(['a', 'b']), t.enum([1, 2, null])),
      tie('spec').map((e) => t.list(e, { minSize: 1 })),
      fc.array(tie('spec'), { minLength: 1, maxLength: 3 }).map((m) => t.tuple(m)),
      fc
        .uniqueArray(fc.tuple(fc.constantFrom('a', 'b', 'c', 'kernel'), tie('spec'), fc.boolean()), { selector: (e) => e[0], maxLength: 3 })
        .map((entries) => t.dict(Object.fromEntries(entries.map(([k, s, opt]) => [k, opt ? s.optional() : s])))),
      tie('spec').map((v) => t.record(v)),
      fc.array(tie('spec'), { minLength: 2, maxLength: 3 }).map((m) => t.union(m)),
      tie('spec').map((s) => s.nullable()),
      fc.constant(t.int().default(3).describe('a doc')),
      fc.constant(t.object(Block)),
      fc.constant(t.any()),
    ),
  })).spec;

  it('round-trips the schemas it writes: toJSONSchema(fromJSONSchema(s)) equals s (fast-check)', () => {
    fc.assert(
      fc.property(specArb, (spec) => {
        const schema = toJSONSchema(spec);
        expect(toJSONSchema(fromJSONSchema(schema))).toEqual(schema);
      }),
      { numRuns: Number(process.env.SCHEMA_RUNS ?? 300) },
    );
  });

  it('rebuilds classes: the registered one, or a new symbolic class when asked', () => {
    const netSpec = fromJSONSchema(toJSONSchema(Net)) as ObjectSpec;
    expect(netSpec.cls).toBe(Net);
    expect(netSpec.accepts(makeNet())).toBe(true);
    const schema = toJSONSchema(Block) as any;
    schema.$defs['schema.NewThing'] = {
      ...schema.$defs['test.Block'],
      properties: { ...schema.$defs['test.Block'].properties, _type: { const: 'schema.NewThing' } },
    };
    schema.$ref = '#/$defs/schema.NewThing';
    expect(() => fromJSONSchema(schema)).toThrow('class "schema.NewThing" is not registered; register it, or pass { defineClasses: true }');
    const spec = fromJSONSchema(schema, { defineClasses: true }) as ObjectSpec;
    const NewThing = spec.cls as unknown as new (init: object) => { kernel: number };
    expect(new NewThing({ kernel: 5 }).kernel).toBe(5);
    expect(() => new NewThing({ kernel: 50 })).toThrow('kernel: expected int in [1, 11], got 50');
    expect(toJSONSchema(spec)).toEqual({ ...schema, $defs: { 'schema.NewThing': schema.$defs['schema.NewThing'] } });
  });

  it('names the JSON pointer of what it cannot map', () => {
    expect(() =>
      fromJSONSchema({ type: 'object', properties: { lr: { type: 'number', multipleOf: 0.1 } }, additionalProperties: false }),
    ).toThrow('fromJSONSchema: #/properties/lr: cannot map keyword "multipleOf" exactly to a value spec');
    expect(() => fromJSONSchema({ $ref: 'http://x' })).toThrow('only local "#/$defs/..." references');
    expect(() => fromJSONSchema({ type: 'object', properties: {} })).toThrow('needs "additionalProperties": false');
    expect(() => fromJSONSchema(3 as never)).toThrow(SymbolicError);
  });
});
