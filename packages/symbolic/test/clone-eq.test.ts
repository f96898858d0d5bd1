import { describe, expect, it } from 'vitest';
import { clone, eq, ne, hash, Dict, List, rebind, toJSON, isSealed, seal } from '@tsglove/symbolic';
import { Block, Net, Stage, makeNet } from './fixtures.js';

describe('clone', () => {
  it('deep: copies every node, links the copy to itself, keeps classes and specs', () => {
    const net = makeNet();
    rebind(net, { 'meta.tags': ['a', { b: 1 }] });
    const copy = clone(net);
    expect(copy).toBeInstanceOf(Net);
    expect(copy).not.toBe(net);
    expect(eq(copy, net)).toBe(true);
    expect(copy.stages[3]!.blocks[2]).not.toBe(net.stages[3]!.blocks[2]);
    expect(copy.stages[3]!.blocks[2]!.symRoot()).toBe(copy);
    expect(copy.stages.symSpec).toBe(net.stages.symSpec);
    expect((copy.meta.tags as List)[1]).toBeInstanceOf(Dict);
    expect(copy.symParent()).toBeNull();
  });

  it('deep: the copy is independent of the original (and validated like it)', () => {
    const net = makeNet();
    const before = JSON.stringify(toJSON(net));
    const copy = clone(net, { deep: true });
    rebind(copy, { 'stages[0].blocks[0].kernel': 9, 'meta.x': 1 });
    copy.stages[1]!.blocks.push(new Block());
    expect(JSON.stringify(toJSON(net))).toBe(before);
    expect(() => rebind(copy, { 'stages[0].blocks[0].kernel': 0 })).toThrow('stages[0].blocks[0].kernel: expected int in [1, 11], got 0');
  });

  it('cloning a subtree gives a new root', () => {
    const net = makeNet();
    const stage = clone(net.stages[2]!);
    expect(stage.symParent()).toBeNull();
    expect(stage.blocks[1]!.symPath()).toBe('blocks[1]');
  });

  it('shallow: copies the top node and shares its children', () => {
    const net = makeNet();
    const copy = clone(net, { deep: false });
    expect(copy).not.toBe(net);
    expect(copy.stages).toBe(net.stages);
    expect(eq(copy, net)).toBe(true);
    const d = new Dict({ a: { b: 1 } });
    const dc = clone(d, { deep: false });
    expect(dc.a).toBe(d.a);
  });

  it('plain values, arrays and objects are copied; other instances shared', () => {
    const date = new Date(0);
    const value = { a: [1, { b: 2 }], d: date };
    const copy = clone(value);
    expect(copy).toEqual(value);
    expect(copy.a).not.toBe(value.a);
    expect(copy.d).toBe(date);
    expect(clone(5)).toBe(5);
  });

  it('keeps the seal flag off on copies of sealed trees? copies are not sealed', () => {
    const net = seal(makeNet());
    expect(isSealed(net)).toBe(true);
    expect(isSealed(clone(net))).toBe(false);
  });
});

describe('eq, ne and hash', () => {
  it('compare structure, not identity', () => {
    expect(eq(makeNet(), makeNet())).toBe(true);
    expect(eq(makeNet([1, 2]), makeNet([1, 3]))).toBe(false);
    const a = makeNet();
    const b = makeNet();
    rebind(b, { 'stages[0].blocks[0].se': 0.5 });
    expect(eq(a, b)).toBe(false);
    expect(ne(a, b)).toBe(true);
  });

  it('different classes with equal fields are not equal; Dict equals a plain object, List an array', () => {
    expect(eq(new Block(), new Stage({ blocks: [new Block()] }))).toBe(false);
    expect(eq(new Dict({ a: [1, 2] }), { a: [1, 2] })).toBe(true);
    expect(eq(List.of(1, 2), [1, 2])).toBe(true);
    expect(eq(new Dict({ a: 1 }), { a: 1, b: undefined })).toBe(true);
    expect(eq(new Dict({ a: 1 }), { b: 1 })).toBe(false);
    expect(eq([1], { 0: 1 })).toBe(false);
    expect(eq(NaN, NaN)).toBe(true);
    expect(eq(0, -0)).toBe(true);
    expect(eq(new Date(0), new Date(0))).toBe(false);
  });

  it('hash is equal for equal values and (for these) different for different ones', () => {
    expect(hash(makeNet())).toBe(hash(makeNet()));
    expect(hash(new Dict({ a: 1, b: 2 }))).toBe(hash({ b: 2, a: 1 }));
    expect(hash(0)).toBe(hash(-0));
    expect(hash(makeNet([1, 2]))).not.toBe(hash(makeNet([2, 1])));
    expect(hash(new Block({ kernel: 3 }))).not.toBe(hash(new Block({ kernel: 5 })));
    expect(hash('1')).not.toBe(hash(1));
    const h = hash(makeNet());
    expect(h).toBeGreaterThanOrEqual(0);
    expect(Number.isInteger(h)).toBe(true);
  });

  it('sym methods delegate to the free functions', () => {
    const net = makeNet();
    expect(net.symClone().symEq(net)).toBe(true);
    expect(net.symHash()).toBe(hash(net));
  });
});
