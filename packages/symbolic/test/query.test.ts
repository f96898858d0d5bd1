import { describe, expect, it } from 'vitest';
import { query, traverse, Dict, List } from '@tsglove/symbolic';
import { Block, makeNet } from './fixtures.js';

describe('traverse', () => {
  it('visits every value pre-order in field order with paths, parents and keys', () => {
    const net = makeNet([1]);
    const seen: Array<[string, unknown]> = [];
    traverse(net, (path, _value, parent, key) => {
      seen.push([path, key]);
      if (path === 'stages[0].blocks[0]') expect(parent).toBe(net.stages[0]!.blocks);
    });
    expect(seen.map(([p]) => p)).toEqual([
      '',
      'stem',
      'stages',
      'stages[0]',
      'stages[0].blocks',
      'stages[0].blocks[0]',
      'stages[0].blocks[0].kernel',
      'stages[0].blocks[0].expand',
      'stages[0].blocks[0].act',
      'stages[0].name',
      'head',
      'meta',
    ]);
    expect(seen[0]![1]).toBeNull();
    expect(seen[3]![1]).toBe(0);
  });

  it("'skip' does not descend, 'stop' ends the walk", () => {
    const net = makeNet([1, 1]);
    const paths: string[] = [];
    const finished = traverse(net, (path) => {
      paths.push(path);
      if (path === 'stages[0]') return 'skip';
      if (path === 'stages[1].blocks') return 'stop';
    });
    expect(finished).toBe(false);
    expect(paths).toEqual(['', 'stem', 'stages', 'stages[0]', 'stages[1]', 'stages[1].blocks']);
  });

  it('walks plain objects and arrays too; leaves have no children', () => {
    const paths: string[] = [];
    expect(traverse({ a: [1, { 'b c': 2 }] }, (p) => void paths.push(p))).toBe(true);
    expect(paths).toEqual(['', 'a', 'a[0]', 'a[1]', 'a[1]["b c"]']);
    const one: string[] = [];
    traverse(5, (p) => void one.push(p));
    expect(one).toEqual(['']);
  });
});

describe('query', () => {
  it('finds values by path pattern', () => {
    const net = makeNet([1, 2]);
    expect(query(net, { path: /\.kernel$/ })).toEqual({
      'stages[0].blocks[0].kernel': 3,
      'stages[1].blocks[0].kernel': 3,
      'stages[1].blocks[1].kernel': 3,
    });
    expect(query(net, { path: 'stages[1].blocks[1].act' })).toEqual({ 'stages[1].blocks[1].act': 'swish' });
    expect(query(net, { path: 'stages[9]' })).toEqual({});
  });

  it('filters by predicate, combined with a path', () => {
    const net = makeNet([1, 2]);
    net.stages[1]!.blocks[1]!.kernel = 5;
    const blocks = query(net, { where: (v) => v instanceof Block && v.kernel === 5 });
    expect(Object.keys(blocks)).toEqual(['stages[1].blocks[1]']);
    expect(blocks['stages[1].blocks[1]']).toBe(net.stages[1]!.blocks[1]);
    expect(Object.keys(query(net, { path: /^stages\[0\]/, where: (v) => typeof v === 'number' }))).toEqual([
      'stages[0].blocks[0].kernel',
      'stages[0].blocks[0].expand',
    ]);
  });

  it('a global regex gives the same answer twice; includeRoot adds the root', () => {
    const net = makeNet([2]);
    const re = /kernel/g;
    expect(Object.keys(query(net, { path: re }))).toHaveLength(2);
    expect(Object.keys(query(net, { path: re }))).toHaveLength(2);
    expect(Object.keys(query(net, { includeRoot: true, where: (v) => v === net }))).toEqual(['']);
  });

  it('works on Dict and List roots', () => {
    expect(query(new Dict({ a: { b: 1 } }), { path: /b$/ })).toEqual({ 'a.b': 1 });
    expect(query(List.of(1, 2, 3), { where: (v) => v === 2 })).toEqual({ '[1]': 2 });
  });
});
