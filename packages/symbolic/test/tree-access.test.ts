import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  symAncestor,
  symDescendants,
  contains,
  traverse,
  compare,
  lt,
  gt,
  eq,
  clone,
  nonDefaultValues,
  Ref,
  ref,
  deref,
  toJSON,
  fromJSON,
  format,
  hash,
  rebind,
  symbolic,
  t,
  Dict,
  ValidationError,
  PathError,
} from '@tsglove/symbolic';
import { Block, Net, Stage, makeNet } from './fixtures.js';
import { descArb, build } from './tree-arbitrary.js';

const treeArbitrary = descArb.map(build);

describe('symAncestor / symDescendants / contains', () => {
  it('finds the nearest ancestor by class or predicate', () => {
    const net = makeNet();
    const block = net.stages[2]!.blocks[1]!;
    expect(symAncestor(block, Stage)).toBe(net.stages[2]);
    expect(block.symAncestor(Net)).toBe(net);
    expect(symAncestor(block)).toBe(net.stages[2]!.blocks); // the parent
    expect(symAncestor(block, (n) => n instanceof Block)).toBeNull();
  });

  it('lists descendants: all, immediate children or leaves', () => {
    const net = makeNet([1, 2]);
    expect(symDescendants(net, Block)).toHaveLength(3);
    expect(net.symDescendants<Stage>(Stage).map((s) => s.symPath())).toEqual(['stages[0]', 'stages[1]']);
    expect(symDescendants(net, undefined, { only: 'immediate' })).toHaveLength(4); // stem, stages, head, meta
    expect(symDescendants(net.stages[0]!, (v) => typeof v === 'number', { only: 'leaf' })).toEqual([3, 6]);
    expect(symDescendants(net, Net, { includeSelf: true })).toEqual([net]);
  });

  it('contains a value (structurally) or an instance of a class', () => {
    const net = makeNet();
    expect(contains(net, new Block({ kernel: 3 }))).toBe(true);
    expect(contains(net, new Block({ kernel: 5 }))).toBe(false);
    expect(contains(net, 1280)).toBe(true);
    expect(contains(net, Stage)).toBe(true);
    expect(net.symContains(Dict)).toBe(true);
    expect(contains([1, [2, { a: 3 }]], 3)).toBe(true);
  });
});

describe('traverse in post-order', () => {
  it('visits children before their parent and can stop', () => {
    const order: string[] = [];
    traverse({ a: [1, 2], b: 3 }, (path) => void order.push(path), { order: 'post' });
    expect(order).toEqual(['a[0]', 'a[1]', 'a', 'b', '']);
    const seen: string[] = [];
    expect(traverse({ a: [1, 2], b: 3 }, (path) => (seen.push(path), path === 'a' ? 'stop' : undefined), { order: 'post' })).toBe(false);
    expect(seen).toEqual(['a[0]', 'a[1]', 'a']);
  });
});

describe('compare / lt / gt', () => {
  it('orders kinds, then values within a kind', () => {
    const sorted = [new Block({ kernel: 5 }), 'b', { a: 1 }, [1, 2], 2, null, true, [1], new Block({ kernel: 3 }), 'a'].sort(compare);
    expect(sorted.map((v) => format(v, { compact: true }))).toEqual([
      'null',
      'true',
      '2',
      "'a'",
      "'b'",
      '[1]',
      '[1, 2]',
      '{a: 1}',
      'Block()'.replace('()', "(kernel=3, expand=6, act='swish')"),
      "Block(kernel=5, expand=6, act='swish')",
    ]);
    expect(lt(1, 2) && gt('b', 'a') && !lt(2, 2)).toBe(true);
  });

  it('is a total order that agrees with eq (fast-check over generated trees)', () => {
    fc.assert(
      fc.property(treeArbitrary, treeArbitrary, treeArbitrary, (a, b, c) => {
        expect(compare(a, a)).toBe(0);
        expect(compare(a, b) + compare(b, a)).toBe(0);
        expect(compare(a, b) === 0).toBe(eq(a, b));
        if (compare(a, b) <= 0 && compare(b, c) <= 0) expect(compare(a, c)).toBeLessThanOrEqual(0);
      }),
      { numRuns: 200 },
    );
  });
});

describe('clone with override, nonDefaultValues', () => {
  it('clone({ override }) changes the copy only, validated, all or nothing', () => {
    const net = makeNet();
    const copy = clone(net, { override: { 'stages[0].blocks[0].kernel': 7, head: 640 } });
    expect([copy.stages[0]!.blocks[0]!.kernel, copy.head]).toEqual([7, 640]);
    expect([net.stages[0]!.blocks[0]!.kernel, net.head]).toEqual([3, 1280]);
    expect(() => clone(net, { override: { head: 0 } })).toThrow(ValidationError);
    // @ts-expect-error -- override paths are typed like rebind's
    expect(() => clone(net, { override: { 'stages[0].blokcs': [] } })).toThrow(PathError);
    expect(() => net.symClone({ override: { nope: 1 } })).toThrow(PathError);
    expect(() => clone(3 as unknown, { override: { a: 1 } })).toThrow('override needs a symbolic object');
  });

  it('lists what differs from the defaults, by path', () => {
    const net = new Net({ stem: 32, stages: [new Stage({ blocks: [new Block(), new Block({ kernel: 5, se: 0.25 })] })] });
    expect(nonDefaultValues(net)).toEqual({
      stem: 32,
      'stages[0].blocks[1].kernel': 5,
      'stages[0].blocks[1].se': 0.25,
    });
    expect(net.symNonDefault()).toEqual(nonDefaultValues(net));
    // Rebuilding from the non-default values gives the same tree.
    const rebuilt = new Net({ stem: 32, stages: [new Stage({ blocks: [new Block(), new Block()] })] });
    rebind(rebuilt, nonDefaultValues(net));
    expect(eq(rebuilt, net)).toBe(true);
  });
});

describe('Ref', () => {
  class Holder extends symbolic('access.Holder', { main: t.object(Block), alias: t.object(Block).optional() }) {}

  it('shares a node without copying or re-parenting it', () => {
    const h = new Holder({ main: new Block({ kernel: 5 }) });
    rebind(h, { alias: ref(h.main) });
    expect(h.alias).toBe(h.main); // fields read through the reference
    expect(h.main.symParent()).toBe(h);
    expect(h.main.symPath()).toBe('main');
    rebind(h, { 'main.kernel': 7 });
    expect(h.alias!.kernel).toBe(7);
    expect(h.symInitArgs().alias).toBeInstanceOf(Ref);
    expect(deref(h.symInitArgs().alias)).toBe(h.main);
  });

  it('is checked against the spec, shared by clone, written as its value in JSON', () => {
    const h = new Holder({ main: new Block(), alias: ref(new Block({ kernel: 9 })) });
    expect(() => new Holder({ main: new Block(), alias: ref(3 as never) })).toThrow('alias: expected Block, got 3');
    const copy = clone(h);
    expect(copy.alias).toBe(h.alias); // shared, not copied
    expect(eq(copy, h)).toBe(true);
    expect(hash(copy)).toBe(hash(h));
    expect(toJSON(h)).toEqual(toJSON(new Holder({ main: new Block(), alias: new Block({ kernel: 9 }) })));
    const back = fromJSON(toJSON(h)) as Holder;
    expect(back.alias!.kernel).toBe(9);
    expect(format(h, { compact: true })).toContain('alias=Ref(Block(kernel=9');
    expect(() => new Ref(new Ref(1))).toThrow('a reference to a reference');
  });
});
