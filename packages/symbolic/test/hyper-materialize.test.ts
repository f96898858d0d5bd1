// Spaces over symbolic classes and plain values: materialize, iterate and random sampling.
import { describe, expect, it } from 'vitest';
import {
  Dict,
  List,
  OneOf,
  SymbolicError,
  ValidationError,
  dnaSpec,
  eq,
  floatValue,
  isHyper,
  iterate,
  manyOf,
  materialize,
  oneOf,
  randomDNA,
  randomSample,
  rebind,
  symbolic,
  t,
  traverse,
  type Concrete,
} from '@tsglove/symbolic';
import { Block, Net, Stage } from './fixtures.js';

/** True when no hyper value is left anywhere in `value`. */
function concrete(value: unknown): boolean {
  let found = false;
  traverse(value, (_path, v) => {
    if (isHyper(v)) found = true;
  });
  return !found;
}

function netSpace(): Net {
  return new Net({
    stem: oneOf([16, 32], { name: 'stem' }),
    stages: [
      new Stage({ blocks: [new Block({ kernel: oneOf([3, 5]), se: floatValue(0, 0.5, { name: 'se' }) })] }),
      new Stage({
        blocks: manyOf(2, [new Block({ kernel: 3 }), new Block({ kernel: oneOf([5, 7]), act: 'relu' }), new Block({ kernel: 9 })], {
          name: 'blocks',
        }),
      }),
    ],
  });
}

describe('spaces over symbolic classes', () => {
  it('ids are symbolic paths in field order, with candidate markers', () => {
    expect(dnaSpec(netSpace()).decisionPoints.map((p) => p.id)).toEqual([
      'stem',
      'stages[0].blocks[0].kernel',
      'stages[0].blocks[0].se',
      'stages[1].blocks',
      'stages[1].blocks[=1/3].kernel',
    ]);
  });

  it('materializes new, validated instances of the user classes with their methods', () => {
    const space = netSpace();
    const net = materialize(space, [1, 1, 0.25, 1, 1, 0]);
    expect(net).toBeInstanceOf(Net);
    expect(net).not.toBe(space);
    expect(net.stem).toBe(32);
    const [b0] = net.stages[0]!.blocks;
    expect(b0).toBeInstanceOf(Block);
    expect([b0!.kernel, b0!.se, b0!.area()]).toEqual([5, 0.25, 25]);
    const chosen = net.stages[1]!.blocks;
    expect(chosen.map((b) => [b.kernel, b.act])).toEqual([
      [7, 'relu'],
      [3, 'swish'],
    ]);
    expect(chosen[0]!.symPath()).toBe('stages[1].blocks[0]');
    expect(chosen[0]!.symParent()).toBe(net.stages[1]!.blocks);
    expect(concrete(net)).toBe(true);
    expect(concrete(space)).toBe(false);
    expect(concrete(new Net({ stem: 8, stages: [new Stage({ blocks: [new Block({ kernel: oneOf([3, 5]) })] })] }))).toBe(false);
    // the space is untouched and still a space
    expect(space.stem).toBeInstanceOf(OneOf);
    expect(dnaSpec(space).decisionPoints).toHaveLength(5);
  });

  it('shares nothing mutable with the space: changing a child leaves the space alone', () => {
    const space = netSpace();
    const net = materialize(space, [0, 0, 0.1, 0, 2]);
    rebind(net, { 'stages[1].blocks[0].kernel': 11 });
    const again = materialize(space, [0, 0, 0.1, 0, 2]);
    expect(again.stages[1]!.blocks[0]!.kernel).toBe(3);
  });

  it('a value the class rejects after decoding fails with the path of the field', () => {
    class Even extends symbolic('test.hyperMat.Even', {
      n: t.int(),
    }) {}
    class Pair extends symbolic('test.hyperMat.Pair', {
      left: t.object(Even),
      right: t.int({ min: 0 }),
    }) {}
    // a candidate that is itself a space of the right class is fine
    const ok = new Pair({ left: oneOf([new Even({ n: 2 }), new Even({ n: oneOf([4, 6]) })]), right: 1 });
    expect(materialize(ok, [1, 1]).left.n).toBe(6);
    expect(materialize(ok, [1, 1]).left).toBeInstanceOf(Even);
    // a candidate of the wrong class is rejected at construction, naming the path
    let error: unknown;
    try {
      new Pair({ left: oneOf([new Even({ n: 2 }), new Block({ kernel: 3 })]) as never, right: 1 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(/left: oneOf candidate 1: expected .*Even.*got/);
  });

  it('conditional spaces three levels deep over classes', () => {
    class Leaf extends symbolic('test.hyperMat.Leaf', { v: t.int() }) {}
    class Mid extends symbolic('test.hyperMat.Mid', { leaf: t.union([t.object(Leaf), t.int()]) }) {}
    class Top extends symbolic('test.hyperMat.Top', { mid: t.union([t.object(Mid), t.str()]) }) {}
    const space = new Top({
      mid: oneOf([new Mid({ leaf: oneOf([new Leaf({ v: oneOf([1, 2]) }), 3]) }), 'none']),
    });
    const spec = dnaSpec(space);
    expect(spec.spaceSize).toBe(4);
    expect(spec.decisionPoints.map((p) => p.id)).toEqual(['mid', 'mid[=0/2].leaf', 'mid[=0/2].leaf[=0/2].v']);
    const all = [...iterate(space)];
    expect(all.map((top) => top.mid)).toHaveLength(4);
    expect(all[1]).toBeInstanceOf(Top);
    expect((all[1]!.mid as Mid).leaf).toBeInstanceOf(Leaf);
    expect(((all[1]!.mid as Mid).leaf as Leaf).v).toBe(2);
    expect((all[2]!.mid as Mid).leaf).toBe(3);
    expect(all[3]!.mid).toBe('none');
  });

  it('caches the spec per root until the tree changes', () => {
    const space = netSpace();
    const spec = dnaSpec(space);
    expect(dnaSpec(space)).toBe(spec);
    rebind(space, { stem: oneOf([8, 16, 32]) });
    const changed = dnaSpec(space);
    expect(changed).not.toBe(spec);
    expect((changed.elements[0] as unknown as { literals: number[] }).literals).toEqual([8, 16, 32]);
    expect(materialize(space, [2, 0, 0, 0, 2]).stem).toBe(32);
  });
});

describe('spaces written as plain objects and arrays', () => {
  it('come back as plain objects and arrays, fixed parts copied', () => {
    const fixed = { deep: [1, 2] };
    const space = { a: oneOf([1, 2]), fixed, list: [oneOf(['x', 'y']), 'z', { w: floatValue(0, 1) }] };
    const value = materialize(space, [1, 0, 0.5]);
    expect(value).toEqual({ a: 2, fixed: { deep: [1, 2] }, list: ['x', 'z', { w: 0.5 }] });
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Array.isArray(value.list)).toBe(true);
    expect(value.fixed).not.toBe(fixed);
    const typed: Concrete<typeof space> = value;
    expect(typeof typed.a).toBe('number');
  });

  it('grid values of a flat space are fresh: fixed parts copied, one object per value', () => {
    const fixed = { deep: [1] };
    const space = { a: oneOf([1, 2]), fixed, list: [oneOf(['x', 'y']), fixed] };
    const values = [...iterate(space)];
    expect(values).toEqual([
      { a: 1, fixed, list: ['x', fixed] },
      { a: 1, fixed, list: ['y', fixed] },
      { a: 2, fixed, list: ['x', fixed] },
      { a: 2, fixed, list: ['y', fixed] },
    ]);
    expect(values[0]!.fixed).not.toBe(fixed);
    expect(values[0]!.fixed).not.toBe(values[1]!.fixed);
    expect(values[0]!.list).not.toBe(values[1]!.list);
    values[0]!.fixed.deep.push(2);
    expect(fixed.deep).toEqual([1]);
    // stopping early and starting again
    const it = iterate(space);
    expect(it.next().value).toEqual({ a: 1, fixed: { deep: [1] }, list: ['x', { deep: [1] }] });
    expect(it.return(undefined).done).toBe(true);
    expect(it.next().done).toBe(true);
    expect([...iterate(space, { limit: 3 })]).toHaveLength(3);
  });

  it('a Dict or List space comes back as a Dict or List', () => {
    const dict = new Dict({ lr: floatValue(0.1, 1), opt: oneOf(['sgd', 'adam']) });
    const out = materialize(dict, [0.5, 1]);
    expect(out).toBeInstanceOf(Dict);
    expect(eq(out, new Dict({ lr: 0.5, opt: 'adam' }))).toBe(true);
    const list = List.make([oneOf([1, 2]), 3]);
    expect(materialize(list, [1])).toBeInstanceOf(List);
    expect([...materialize(list, [1])]).toEqual([2, 3]);
    // iterate gives what materialize gives, with or without decisions
    expect([...iterate(List.make([oneOf([1, 2])]))].every((v) => v instanceof List)).toBe(true);
    expect([...iterate(new Dict({ a: oneOf([1, 2]) }))].every((v) => v instanceof Dict)).toBe(true);
    expect([...iterate(new Dict({ a: 1 }))][0]).toBeInstanceOf(Dict);
    expect([...iterate(List.make([1]))][0]).toBeInstanceOf(List);
  });

  it('a hyper value can be the whole space; a space without decisions has one value', () => {
    expect(materialize(oneOf([{ a: oneOf([1, 2]) }, 'b']), [0, 1])).toEqual({ a: 2 });
    expect([...iterate({ a: 1 })]).toEqual([{ a: 1 }]);
    expect(dnaSpec({ a: 1 }).spaceSize).toBe(1);
    expect(dnaSpec(7).elements).toHaveLength(0);
  });

  it('rejects cyclic spaces', () => {
    const cyclic: Record<string, unknown> = { a: oneOf([1, 2]) };
    cyclic.self = cyclic;
    expect(() => dnaSpec(cyclic)).toThrow(/self: the space contains a cycle/);
    expect(() => iterate(cyclic)).toThrow(/self: the space contains a cycle/);
  });
});

describe('iterate and random sampling', () => {
  it('iterate stops at a limit and refuses an unbounded infinite space', () => {
    const space = { a: oneOf([1, 2, 3]), x: floatValue(0, 1) };
    expect(() => [...iterate(space)]).toThrow(SymbolicError);
    expect(() => [...iterate(space)]).toThrow(/infinite/);
    expect([...iterate({ a: oneOf([1, 2, 3]) }, { limit: 2 })]).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it('randomSample is deterministic per seed and covers the space', () => {
    const space = netSpace();
    const a = randomSample(space, { seed: 42, count: 30 });
    const b = randomSample(space, { seed: 42, count: 30 });
    const c = randomSample(space, { seed: 43, count: 30 });
    expect(a.every((n) => n instanceof Net && concrete(n))).toBe(true);
    expect(a.map((n, i) => eq(n, b[i]))).toEqual(a.map(() => true));
    expect(a.some((n, i) => !eq(n, c[i]))).toBe(true);
    expect(new Set(a.map((n) => n.stem))).toEqual(new Set([16, 32]));
    const se = a.map((n) => n.stages[0]!.blocks[0]!.se!);
    expect(se.every((v) => v >= 0 && v <= 0.5)).toBe(true);
  });

  it('randomDNA with a seed is reproducible and validates', () => {
    const spec = dnaSpec(netSpace());
    const d1 = randomDNA(spec, { seed: 'x' });
    expect(d1.equals(randomDNA(spec, { seed: 'x' }))).toBe(true);
    expect(() => spec.validate(d1)).not.toThrow();
    expect(d1.spec).toBe(spec);
  });
});
