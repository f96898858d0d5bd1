import { describe, expect, it } from 'vitest';
import { diff, patch, clone, eq, rebind, Dict, List, PathError, ValidationError } from '@tsglove/symbolic';
import { Block, Stage, makeNet, expectRejected } from './fixtures.js';

describe('diff', () => {
  it('is empty for equal trees', () => {
    expect(diff(makeNet(), makeNet())).toEqual([]);
  });

  it('lists typed edits with paths', () => {
    const a = makeNet([1, 2]);
    const b = clone(a);
    rebind(b, { 'stages[1].blocks[0].kernel': 5, 'meta.x': 1, 'stages[0].blocks[0].se': 0.5 });
    b.stages[1]!.blocks.push(new Block({ act: 'relu' }));
    expect(diff(a, b)).toEqual([
      { op: 'replace', path: 'stages[0].blocks[0].se', value: 0.5 },
      { op: 'replace', path: 'stages[1].blocks[0].kernel', value: 5 },
      { op: 'add', path: 'stages[1].blocks[2]', value: b.stages[1]!.blocks[2] },
      { op: 'add', path: 'meta.x', value: 1 },
    ]);
  });

  it('removes list tails from the end and dict keys by name', () => {
    const a = new Dict({ l: [1, 2, 3], k: 1, keep: 2 });
    const b = new Dict({ l: [1], keep: 2 });
    expect(diff(a, b)).toEqual([
      { op: 'remove', path: 'l[2]' },
      { op: 'remove', path: 'l[1]' },
      { op: 'remove', path: 'k' },
    ]);
  });

  it('replaces values of a different kind or class whole', () => {
    const a = new Dict({ v: new Block() });
    const b = new Dict({ v: new Stage({ blocks: [new Block()] }) });
    expect(diff(a, b)).toEqual([{ op: 'replace', path: 'v', value: b.v }]);
    expect(diff(1, 2)).toEqual([{ op: 'replace', path: '', value: 2 }]);
  });
});

describe('patch', () => {
  it('patch(a, diff(a, b)) equals b, in place, and edits can be applied twice', () => {
    const a = makeNet([1, 2, 3]);
    const b = makeNet([2, 1]);
    rebind(b, { 'stages[0].blocks[1].kernel': 7, 'stages[0].name': 'first', head: 8 });
    const edits = diff(a, b);
    const a2 = clone(a);
    expect(patch(a, edits)).toBe(a);
    expect(eq(a, b)).toBe(true);
    patch(a2, edits);
    expect(eq(a2, b)).toBe(true);
    expect(a.stages[0]!.blocks[1]).not.toBe(b.stages[0]!.blocks[1]); // values are cloned on the way in
    expect(a.stages[0]!.blocks[1]!.symRoot()).toBe(a);
  });

  it('a root edit returns a new value', () => {
    const value = { a: [1] };
    const out = patch<unknown>(1, diff(1, value));
    expect(out).toEqual(value);
    expect((out as typeof value).a).not.toBe(value.a);
    const net = makeNet();
    expect(patch(net, [])).toBe(net);
  });

  it('is all or nothing: bad edits leave the target unchanged and name the path', () => {
    const net = makeNet();
    expectRejected(
      net,
      () =>
        patch(net, [
          { op: 'replace', path: 'head', value: 2 },
          { op: 'replace', path: 'stages[1].blocks[0].kernel', value: 0 },
        ]),
      ValidationError,
      'stages[1].blocks[0].kernel: expected int in [1, 11], got 0',
    );
    expectRejected(
      net,
      () =>
        patch(net, [
          { op: 'replace', path: 'head', value: 2 },
          { op: 'remove', path: 'stages[7]' },
        ]),
      PathError,
      'stages[7]: index 7 out of range',
    );
    expectRejected(net, () => patch(net, [{ op: 'add', path: 'stem', value: 2 }]), PathError, 'cannot add field "stem"');
    expectRejected(net, () => patch(net, [{ op: 'replace', path: 'x[', value: 2 }]), PathError, 'cannot parse path');
    expect(() => patch(net, [{ op: 'remove', path: '' }])).toThrow(PathError);
    expect(() =>
      patch(net, [
        { op: 'replace', path: '', value: 1 },
        { op: 'replace', path: 'head', value: 1 },
      ]),
    ).toThrow('only edit');
    expect(() => patch({ a: 1 }, [{ op: 'replace', path: 'a', value: 2 }])).toThrow(PathError);
  });

  it('list edits: add in the middle, remove by index', () => {
    const l = List.of(1, 2, 3);
    patch(l, [{ op: 'add', path: '[1]', value: 9 }]);
    expect([...l]).toEqual([1, 9, 2, 3]);
    patch(l, [{ op: 'remove', path: '[0]' }]);
    expect([...l]).toEqual([9, 2, 3]);
  });
});
