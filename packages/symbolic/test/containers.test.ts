import { describe, expect, it } from 'vitest';
import { Dict, List, t, rebind, REMOVE, ValidationError, PathError, symPath, toJSON, clone, eq, diff, applyEdits } from '@tsglove/symbolic';
import { Block, Stage, makeNet, expectRejected } from './fixtures.js';

describe('Dict', () => {
  it('reads keys as properties, converts nested plain values and links parents', () => {
    const d = new Dict({ a: 1, b: { c: [1, { e: 2 }] } });
    expect(d.a).toBe(1);
    expect(d.b).toBeInstanceOf(Dict);
    const c = (d.b as Dict).c as List;
    expect(c).toBeInstanceOf(List);
    expect(symPath(c[1] as Dict)).toBe('b.c[1]');
    expect(Object.keys(d)).toEqual(['a', 'b']);
    expect(d.symKeys()).toEqual(['a', 'b']);
  });

  it('assigning a key validates against the dict spec', () => {
    const d = t.dict({ lr: t.float({ min: 0 }) }).parse({ lr: 0.1 }) as unknown as Dict;
    d.lr = 0.5;
    expect(d.lr).toBe(0.5);
    expectRejected(d, () => (d.lr = -1), ValidationError, 'lr: expected float >= 0, got -1');
    expectRejected(d, () => rebind(d, { other: 1 }), PathError, 'other: unexpected key (allowed: lr)');
    expectRejected(d, () => rebind(d, { lr: REMOVE }), PathError, 'key "lr" is required and cannot be removed');
  });

  it('rebind adds and removes keys; prototype keys are refused', () => {
    const d = new Dict({ a: 1 });
    rebind(d, { b: 2 });
    expect(d.symKeys()).toEqual(['a', 'b']);
    rebind(d, { a: REMOVE });
    expect(d.symKeys()).toEqual(['b']);
    expect('a' in d).toBe(false);
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      expectRejected(d, () => rebind(d, { [key]: { polluted: 1 } }), PathError, `key "${key}" is not allowed`);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(d)).toBe(Dict.prototype);
  });

  it('keys named like Dict methods read as values and do not break clone, diff or patch', () => {
    const d = new Dict({ symSpec: 1, symPath: { x: 1 } });
    expect(d.symSpec).toBe(1);
    const c = clone(d);
    expect(eq(c, d)).toBe(true);
    const target = new Dict({ symSpec: 2 });
    expect(eq(applyEdits(c, diff(c, target)), target)).toBe(true);
  });

  it('a record spec types every value', () => {
    const d = new Dict({ a: 1 }, t.record(t.int()));
    expectRejected(d, () => rebind(d, { b: 'x' }), ValidationError, 'b: expected int, got "x"');
    expect(() => new Dict({ a: 'x' }, t.record(t.int()))).toThrow('a: expected int, got "x"');
  });
});

describe('List', () => {
  it('is a real array and converts plain elements', () => {
    const l = List.of<unknown>(1, { a: 2 }, [3]);
    expect(Array.isArray(l)).toBe(true);
    expect(l.length).toBe(3);
    expect(l[1]).toBeInstanceOf(Dict);
    expect(l[2]).toBeInstanceOf(List);
    expect(symPath(l[2] as List)).toBe('[2]');
    const mapped = l.map((x) => x);
    expect(mapped).not.toBeInstanceOf(List);
    expect(l.slice(0, 1)).not.toBeInstanceOf(List);
  });

  it('push/pop/shift/unshift/splice validate and keep indices in parent links', () => {
    const stage = new Stage({ blocks: [new Block({ kernel: 1 }), new Block({ kernel: 3 })] });
    const blocks = stage.blocks;
    blocks.unshift(new Block({ kernel: 5 }));
    expect(blocks.map((b) => b.kernel)).toEqual([5, 1, 3]);
    expect(blocks.map((b) => b.symPath())).toEqual(['blocks[0]', 'blocks[1]', 'blocks[2]']);
    blocks.splice(1, 1, new Block({ kernel: 7 }), new Block({ kernel: 9 }));
    expect(blocks.map((b) => b.kernel)).toEqual([5, 7, 9, 3]);
    expect(blocks[3]!.symPath()).toBe('blocks[3]');
    expect(blocks.pop()!.kernel).toBe(3);
    expect(blocks.shift()!.kernel).toBe(5);
    expect(blocks.map((b) => b.symPath())).toEqual(['blocks[0]', 'blocks[1]']);
    blocks.push(new Block({ kernel: 11 }));
    expect(blocks.length).toBe(3);
  });

  it('bad elements, full lists and short lists are refused with the list unchanged', () => {
    const stage = new Stage({ blocks: [new Block()] });
    const blocks = stage.blocks;
    expectRejected(stage, () => blocks.push({ kernel: 3 } as never), ValidationError, 'blocks[1]: expected Block, got object');
    expectRejected(stage, () => blocks.pop(), PathError, 'blocks[0]: list cannot shrink below minSize 1');
    for (let i = 1; i < 8; i++) blocks.push(new Block());
    expectRejected(stage, () => blocks.push(new Block()), PathError, 'list is full (maxSize 8)');
    expectRejected(stage, () => rebind(stage, { 'blocks[9]': new Block() }), PathError, 'blocks[9]: index 9 out of range (length 8)');
    expectRejected(stage, () => rebind(stage, { 'blocks[8]': new Block() }), PathError, 'blocks[8]: list is full (maxSize 8)');
  });

  it('swapping two children by rebind keeps every parent link right', () => {
    const net = makeNet([2]);
    const [b0, b1] = [net.stages[0]!.blocks[0]!, net.stages[0]!.blocks[1]!];
    b1.kernel = 5;
    rebind(net, { 'stages[0].blocks[0]': b1, 'stages[0].blocks[1]': b0 });
    expect(net.stages[0]!.blocks.map((b) => b.kernel)).toEqual([5, 3]);
    expect(net.stages[0]!.blocks.map((b) => b.symPath())).toEqual(['stages[0].blocks[0]', 'stages[0].blocks[1]']);
    const d = new Dict({ a: { x: 1 }, b: { x: 2 } });
    const [da, db] = [d.a as Dict, d.b as Dict];
    rebind(d, { a: db, b: da });
    expect([(d.a as Dict).x, (d.b as Dict).x]).toEqual([2, 1]);
    expect([(d.a as Dict).symPath(), (d.b as Dict).symPath()]).toEqual(['a', 'b']);
  });

  it('copying a child to another key of the same parent copies it (a node has one place)', () => {
    const net = makeNet([1, 2]);
    rebind(net, { 'stages[0]': net.stages[1] });
    expect(net.stages[0]).not.toBe(net.stages[1]);
    expect(net.stages.map((s) => s.symPath())).toEqual(['stages[0]', 'stages[1]']);
    net.stages[0]!.blocks[0]!.kernel = 9;
    expect(net.stages[1]!.blocks[0]!.kernel).toBe(3);
    const l = List.of<unknown>({ v: 1 });
    rebind(l, { '[0]': l[0] }); // same place: kept as is
    expect((l[0] as Dict).symPath()).toBe('[0]');
  });

  it('storing a root inside its own tree stores a copy, never a cycle', () => {
    const d = new Dict({ a: 1, b: { c: 2 } });
    rebind(d, { 'b.c': d });
    expect(symPath(d)).toBe('');
    const inner = (d.b as Dict).c as Dict;
    expect(inner).not.toBe(d);
    expect(symPath(inner.b as Dict)).toBe('b.c.b');
    expect(toJSON(d)).toEqual({ a: 1, b: { c: { a: 1, b: { c: 2 } } } });
  });

  it('sort, reverse and fill go through validation and keep parent links', () => {
    const l = new Stage({ blocks: [1, 3, 2].map((k) => new Block({ kernel: k })) }).blocks;
    l.sort((a, b) => a.kernel - b.kernel);
    expect(l.map((b) => b.kernel)).toEqual([1, 2, 3]);
    l.reverse();
    expect(l.map((b) => b.kernel)).toEqual([3, 2, 1]);
    expect(l.map((b) => b.symPath())).toEqual(['blocks[0]', 'blocks[1]', 'blocks[2]']);
    const ints = t.list(t.int({ min: 0 })).parse([1, 2, 3]);
    expect(() => ints.fill(-1)).toThrow('[0]: expected int >= 0, got -1');
    expect([...ints]).toEqual([1, 2, 3]);
  });

  it('a removed child loses its parent link; rebind by index replaces elements', () => {
    const net = makeNet([3]);
    const blocks = net.stages[0]!.blocks;
    const first = blocks[0]!;
    blocks.shift();
    expect(first.symParent()).toBeNull();
    expect(first.symPath()).toBe('');
    rebind(net, { 'stages[0].blocks[1]': new Block({ kernel: 9 }) });
    expect(blocks[1]!.kernel).toBe(9);
    expect(blocks[1]!.symPath()).toBe('stages[0].blocks[1]');
    expect(toJSON(blocks)).toHaveLength(2);
  });
});

describe('plain input that is not a tree', () => {
  it('rejects a cyclic plain object or array with a ValidationError naming the path', () => {
    const obj: Record<string, unknown> = { a: 1, nested: { b: 2 } };
    (obj.nested as Record<string, unknown>).back = obj;
    expect(() => new Dict(obj)).toThrow(ValidationError);
    expect(() => new Dict(obj)).toThrow(/nested\.back: cyclic value/);
    const arr: unknown[] = [1, 2];
    arr.push([arr]);
    expect(() => List.make(arr)).toThrow(/\[2\]\[0\]: cyclic value/);
  });

  it('accepts the same plain value at two places (a DAG is copied, not a cycle)', () => {
    const shared = { k: 3 };
    const d = new Dict({ x: shared, y: [shared, shared] });
    expect(toJSON(d)).toEqual({ x: { k: 3 }, y: [{ k: 3 }, { k: 3 }] });
    expect(d.x).not.toBe((d.y as List)[0]);
  });
});

describe('Dict as a string', () => {
  it('renders with format, even with a key named toString', () => {
    expect(String(new Dict({ a: 1, b: [2] }))).toBe('{a: 1, b: [2]}');
    const d = new Dict({ toString: 3, valueOf: 'x' });
    expect(String(d)).toBe(`{toString: 3, valueOf: 'x'}`);
    expect(`${d}`).toBe(String(d));
  });
});
