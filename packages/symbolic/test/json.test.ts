import { describe, expect, it } from 'vitest';
import {
  toJSON,
  fromJSON,
  toJSONString,
  fromJSONString,
  eq,
  Dict,
  List,
  MISSING,
  symbolic,
  t,
  JSONError,
  ValidationError,
  SymbolicError,
  TYPE_KEY,
  registerClass,
  lookupClass,
} from '@tsglove/symbolic';
import { Block, Net, makeNet } from './fixtures.js';

describe('toJSON', () => {
  it('tags each symbolic object with its registered name and leaves out undefined fields', () => {
    const net = makeNet([1]);
    expect(toJSON(net)).toEqual({
      _type: 'test.Net',
      stem: 32,
      stages: [{ _type: 'test.Stage', blocks: [{ _type: 'test.Block', kernel: 3, expand: 6, act: 'swish' }], name: 'stage' }],
      head: 1280,
      meta: {},
    });
    expect(TYPE_KEY).toBe('_type');
  });

  it('tags non-finite numbers and missing values', () => {
    expect(toJSON(new Dict({ a: NaN, b: Infinity, c: -Infinity }))).toEqual({
      a: { _type: 'tsglove.number', value: 'NaN' },
      b: { _type: 'tsglove.number', value: 'Infinity' },
      c: { _type: 'tsglove.number', value: '-Infinity' },
    });
    const back = fromJSON(toJSON(new Dict({ a: NaN, b: -Infinity }))) as Dict;
    expect(back.a).toBeNaN();
    expect(back.b).toBe(-Infinity);
    expect(toJSON(Net.partial({ stages: [] }))).toEqual({
      _type: 'test.Net',
      stem: { _type: 'tsglove.missing' },
      stages: [],
      head: 1280,
      meta: {},
    });
  });

  it('toJSONString refuses the same values with the same messages', () => {
    expect(() => toJSONString(new Dict({ a: [1, () => 1] }))).toThrow(/^a\[1\]: cannot serialize a function$/);
    expect(() => toJSONString({ b: [{ d: new Date(0) }] })).toThrow('b[0].d: cannot serialize an instance of Date');
    expect(() => toJSONString({ a: { _type: 'x' } })).toThrow('a._type: "_type" is reserved for type tags');
    expect(() => toJSONString([1, undefined])).toThrow('[1]: cannot serialize undefined');
    expect(toJSONString(Net.partial({ stages: [] }))).toBe(
      '{"_type":"test.Net","stem":{"_type":"tsglove.missing"},"stages":[],"head":1280,"meta":{}}',
    );
    expect(toJSONString({ n: [NaN, -0, 1e21, 'é"\n'] })).toBe(JSON.stringify(toJSON({ n: [NaN, -0, 1e21, 'é"\n'] })));
  });

  it('refuses values JSON cannot hold, naming their path', () => {
    expect(() => toJSON(new Dict({ a: [1, () => 1] }))).toThrow(/^a\[1\]: cannot serialize a function$/);
    expect(() => toJSON({ d: new Date(0) })).toThrow('d: cannot serialize an instance of Date');
    expect(() => toJSON({ a: { _type: 'x' } })).toThrow('a._type: "_type" is reserved for type tags');
    expect(() => toJSON(undefined)).toThrow('<root>: cannot serialize undefined');
    expect(() => toJSON(10n)).toThrow(JSONError);
  });
});

describe('fromJSON', () => {
  it('rebuilds registered classes, Dicts and Lists with parent links', () => {
    const net = makeNet();
    const back = fromJSON(toJSON(net)) as Net;
    expect(back).toBeInstanceOf(Net);
    expect(eq(back, net)).toBe(true);
    expect(back.stages[3]!.blocks[2]!.symPath()).toBe('stages[3].blocks[2]');
    expect(back.stages[0]!.blocks[0]).toBeInstanceOf(Block);
    expect(back.stages[0]!.blocks[0]!.area()).toBe(9);
    expect(fromJSON({ a: [1, { b: null }] })).toBeInstanceOf(Dict);
    expect(fromJSON([1, 2])).toBeInstanceOf(List);
    expect(fromJSON('x')).toBe('x');
    expect(fromJSON(null)).toBeNull();
  });

  it('string forms round trip, with indentation on request', () => {
    const net = makeNet([2]);
    const text = toJSONString(net, 2);
    expect(text.split('\n').length).toBeGreaterThan(5);
    expect(eq(fromJSONString(text), net)).toBe(true);
    expect(eq(fromJSONString(toJSONString(net)), net)).toBe(true);
    expect(JSON.stringify(net)).toBe(toJSONString(net));
  });

  it('validates every field, naming the path from the document root', () => {
    const json = toJSON(makeNet()) as any;
    json.stages[3].blocks[1].kernel = 0;
    expect(() => fromJSON(json)).toThrow(ValidationError);
    expect(() => fromJSON(json)).toThrow(/^stages\[3\]\.blocks\[1\]\.kernel: expected int in \[1, 11\], got 0$/);
    json.stages[3].blocks[1] = { _type: 'test.Block', kernel: 3, kernal: 5 };
    expect(() => fromJSON(json)).toThrow('stages[3].blocks[1].kernal: test.Block has no field "kernal"');
    json.stages[3] = { _type: 'test.Block' };
    expect(() => fromJSON(json)).toThrow('stages[3]: expected Stage, got Block(...)');
  });

  it('an unknown _type is a clear error naming the type and its path', () => {
    let error: unknown;
    try {
      fromJSON({ a: [{ _type: 'evil.Exploit', x: 1 }] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(JSONError);
    expect((error as JSONError).message).toMatch(/^a\[0\]: unknown _type "evil\.Exploit" \(registered: .*test\.Block/);
    expect((error as JSONError).path).toBe('a[0]');
    expect(() => fromJSON({ _type: 3 })).toThrow('_type: type tag must be a string');
    expect(() => fromJSON({ _type: 'tsglove.number', value: 'one' })).toThrow('bad tsglove.number value "one"');
    expect(() => fromJSON({ _type: 'Object' })).toThrow('unknown _type "Object"');
    expect(() => fromJSON({ _type: 'constructor' })).toThrow('unknown _type "constructor"');
  });

  it('prototype keys never reach a prototype', () => {
    for (const text of [
      '{"__proto__": {"polluted": 1}}',
      '{"a": {"constructor": {"prototype": {"polluted": 1}}}}',
      '{"_type": "test.Block", "__proto__": {"kernel": 5}}',
      '[{"prototype": 1}]',
    ]) {
      expect(() => fromJSONString(text)).toThrow(JSONError);
      expect(() => fromJSONString(text)).toThrow(/key "(__proto__|constructor|prototype)" is not allowed/);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).kernel).toBeUndefined();
  });

  it('documents nested too deeply for the stack are JSONErrors, not RangeErrors', () => {
    const depth = 50_000;
    expect(() => fromJSONString('['.repeat(depth) + ']'.repeat(depth))).toThrow(JSONError);
    expect(() => fromJSONString('{"a":'.repeat(depth) + '1' + '}'.repeat(depth))).toThrow('cannot read JSON nested this deeply');
    expect(fromJSONString('['.repeat(100) + ']'.repeat(100))).toBeInstanceOf(List);
  });

  it('malformed JSON and non-JSON input are JSONErrors', () => {
    expect(() => fromJSONString('{"a": ')).toThrow(/^malformed JSON: /);
    expect(() => fromJSONString('')).toThrow(JSONError);
    expect(() => fromJSON({ a: () => 1 })).toThrow('a: not JSON (got a function)');
    expect(() => fromJSON({ a: new Date(0) })).toThrow('a: not a JSON object');
    expect(() => fromJSON(undefined)).toThrow(SymbolicError);
  });

  it('static register() makes a subclass with methods the target of fromJSON before any instance exists', () => {
    class Early extends symbolic('json.Early', { x: t.int() }) {
      static {
        this.register();
      }
      double(): number {
        return this.x * 2;
      }
    }
    const back = fromJSON({ _type: 'json.Early', x: 4 }) as Early;
    expect(back).toBeInstanceOf(Early);
    expect(back.double()).toBe(8);
    class Late extends symbolic('json.Late', { x: t.int() }) {}
    expect(fromJSON({ _type: 'json.Late', x: 1 })).not.toBeInstanceOf(Late); // not registered, not built yet
    expect(Late.register()).toBe(Late);
    expect(fromJSON({ _type: 'json.Late', x: 1 })).toBeInstanceOf(Late);
  });

  it('a throwing constructor becomes a JSONError; partial objects come back partial', () => {
    class Strict extends symbolic('json.Strict', { x: t.int() }) {
      constructor(init: { x: number }) {
        super(init);
        if (this.x === 13) throw new Error('unlucky');
      }
    }
    // A subclass is known to the registry once it is constructed or registered (JS has no hook
    // that runs when a class extends another); register it before reading JSON in a fresh process.
    registerClass('json.Strict', Strict as never);
    expect(lookupClass('json.Strict')).toBe(Strict);
    expect(() => fromJSON({ _type: 'json.Strict', x: 13 })).toThrow('<root>: constructing json.Strict failed: unlucky');
    expect(fromJSON({ _type: 'json.Strict', x: 1 })).toBeInstanceOf(Strict);
    const partial = fromJSON(toJSON(Net.partial({ stages: [] }))) as Net;
    expect(() => registerClass('json.Strict', class Other {} as never)).toThrow(/a different class is already registered as "json.Strict"/);
    expect(partial.stem).toBe(MISSING);
    expect(partial.symMissing()).toEqual({ stem: 'int >= 1' });
  });
});
