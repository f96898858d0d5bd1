import { describe, expect, it } from 'vitest';
import {
  symbolic,
  t,
  Dict,
  List,
  SymObject,
  isSymObject,
  lookupClass,
  symPath,
  symParent,
  symRoot,
  SymbolicError,
  ValidationError,
  SCHEMA,
  toJSON,
} from '@tsglove/symbolic';
import { Block, Net, Stage, makeNet, expectRejected } from './fixtures.js';

describe('symbolic classes', () => {
  it('construct with validated fields, defaults and user methods', () => {
    const b = new Block({ kernel: 5 });
    expect(b.kernel).toBe(5);
    expect(b.expand).toBe(6);
    expect(b.act).toBe('swish');
    expect(b.se).toBeUndefined();
    expect(b.area()).toBe(25);
    expect(b).toBeInstanceOf(SymObject);
    expect(isSymObject(b)).toBe(true);
    expect(isSymObject({ kernel: 5 })).toBe(false);
    expect(b.symInitArgs()).toEqual({ kernel: 5, expand: 6, act: 'swish' });
    expect(Block[SCHEMA].keys).toEqual(['kernel', 'expand', 'act', 'se']);
    expect(Block.typeName).toBe('test.Block');
  });

  it('registers the user subclass for JSON under the given name', () => {
    new Block();
    expect(lookupClass('test.Block')).toBe(Block);
  });

  it('rejects bad field values with every issue and its path', () => {
    let error: unknown;
    try {
      new Block({ kernel: 0, act: 'gelu' as never, expand: 1.5 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path)).toEqual(['kernel', 'expand', 'act']);
    expect((error as Error).message).toContain('kernel: expected int in [1, 11], got 0');
  });

  it('rejects unknown fields, missing required fields and non-object input', () => {
    expect(() => new Block({ kernal: 3 } as never)).toThrow('kernal: test.Block has no field "kernal"');
    expect(() => new Net({ stages: [] } as never)).toThrow('stem: missing required value (int >= 1)');
    expect(() => new Block([] as never)).toThrow('<root>: expected field values of test.Block, got array of 0');
    expect(() => new Block({ ['__proto__']: 1 } as never)).toThrow('__proto__: test.Block has no field "__proto__"');
    expect(() => new Block(JSON.parse('{"__proto__": 1}'))).toThrow(ValidationError);
    expect(() => new Block(JSON.parse('{"constructor": 1}'))).toThrow('has no field "constructor"');
  });

  it('plain arrays and objects given as field values become children with parent links', () => {
    const net = new Net({ stem: 8, stages: [new Stage({ blocks: [new Block()] })], meta: { tags: ['a'], cfg: { x: 1 } } });
    expect(net.stages).toBeInstanceOf(List);
    expect(net.meta).toBeInstanceOf(Dict);
    const tags = (net.meta.cfg as Dict).symParent();
    expect(tags).toBe(net.meta);
    expect(symParent(net.stages)).toBe(net);
    expect(symPath(net.stages[0]!.blocks[0]!)).toBe('stages[0].blocks[0]');
    expect(net.stages[0]!.blocks[0]!.symPath()).toBe('stages[0].blocks[0]');
    expect(symPath(net.meta.tags as List as never)).toBe('meta.tags');
    expect(net.stages[0]!.blocks[0]!.symRoot()).toBe(net);
    expect(symRoot(net.meta as never)).toBe(net);
    expect(net.symPath()).toBe('');
    expect(net.symParent()).toBeNull();
  });

  it('odd dict keys are quoted in paths', () => {
    const net = new Net({ stem: 8, stages: [], meta: { 'a b': { c: 1 } } });
    expect(symPath(net.meta['a b'] as never)).toBe('meta["a b"]');
  });

  it('a child that already lives in another tree is copied, not moved', () => {
    const a = makeNet([1]);
    const block = a.stages[0]!.blocks[0]!;
    const b = new Net({ stem: 1, stages: [new Stage({ blocks: [block] })] });
    expect(b.stages[0]!.blocks[0]).not.toBe(block);
    expect(block.symParent()).toBe(a.stages[0]!.blocks);
  });

  it('assigning a field validates it, names the path and leaves the tree unchanged on error', () => {
    const net = makeNet();
    net.stages[1]!.blocks[1]!.kernel = 7;
    expect(net.stages[1]!.blocks[1]!.kernel).toBe(7);
    expectRejected(
      net,
      () => {
        net.stages[3]!.blocks[1]!.kernel = 0;
      },
      ValidationError,
      'stages[3].blocks[1].kernel: expected int in [1, 11], got 0',
    );
    expectRejected(
      net,
      () => {
        net.stages[0]!.blocks = [] as never;
      },
      ValidationError,
      /stages\[0\]\.blocks: expected list of Block of size/,
    );
  });

  it('fields with reserved names and non-spec fields are refused when the class is made', () => {
    expect(() => symbolic('bad.A', { symPath: t.int() })).toThrow(SymbolicError);
    expect(() => symbolic('bad.B', { toJSON: t.int() })).toThrow('"toJSON" cannot be a field name');
    expect(() => symbolic('bad.C', { onChange: t.int() })).toThrow(SymbolicError);
    expect(() => symbolic('bad.D', { constructor: t.int() })).toThrow(SymbolicError);
    expect(() => symbolic('bad.E', { x: 3 as never })).toThrow('bad.E.x: expected a value spec');
    expect(() => symbolic('', {})).toThrow(SymbolicError);
  });

  it('a taken name cannot be registered by an unrelated class', () => {
    symbolic('dup.A', { x: t.int() });
    expect(() => symbolic('dup.A', { y: t.int() })).toThrow('already registered as "dup.A"');
  });

  it('inherits fields from a base class', () => {
    const Base = symbolic('inh.Base', { a: t.int().default(1) });
    const Derived = symbolic('inh.Derived', { b: t.str().default('x') }, { base: Base });
    const d = new Derived({ a: 2 });
    expect(d.a).toBe(2);
    expect(d.b).toBe('x');
    expect(d).toBeInstanceOf(Base);
    expect(toJSON(d)).toEqual({ _type: 'inh.Derived', a: 2, b: 'x' });
  });

  it('JSON.stringify and toString use the symbolic forms', () => {
    const b = new Block({ kernel: 5 });
    expect(JSON.parse(JSON.stringify(b))).toEqual({ _type: 'test.Block', kernel: 5, expand: 6, act: 'swish' });
    expect(String(b)).toBe("Block(kernel=5, expand=6, act='swish')");
  });
});
