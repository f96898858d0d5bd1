import { describe, expect, it } from 'vitest';
import {
  symbolic,
  t,
  rebind,
  REMOVE,
  Dict,
  type List,
  PathError,
  ValidationError,
  SymbolicError,
  type FieldUpdate,
} from '@tsglove/symbolic';
import { Block, Stage, makeNet, expectRejected } from './fixtures.js';

describe('rebind by path', () => {
  it('changes values deep in the tree and returns the updates with old and new values', () => {
    const net = makeNet();
    const updates = rebind(net, { 'stages[3].blocks[1].kernel': 5, head: 640, 'meta.tag': 'x' });
    expect(net.stages[3]!.blocks[1]!.kernel).toBe(5);
    expect(net.head).toBe(640);
    expect(net.meta.tag).toBe('x');
    expect(updates.map(({ path, op, oldValue, newValue }) => ({ path, op, oldValue, newValue }))).toEqual([
      { path: 'stages[3].blocks[1].kernel', op: 'set', oldValue: 3, newValue: 5 },
      { path: 'head', op: 'set', oldValue: 1280, newValue: 640 },
      { path: 'meta.tag', op: 'set', oldValue: undefined, newValue: 'x' },
    ]);
  });

  it('accepts dotted indices and reports canonical paths (dict keys that look like indices stay keys)', () => {
    const net = makeNet();
    expect(rebind(net, { 'stages.3.blocks.1.kernel': 7 }).map((u) => u.path)).toEqual(['stages[3].blocks[1].kernel']);
    expect(net.stages[3]!.blocks[1]!.kernel).toBe(7);
    expect(rebind(net, { 'meta.0': 'zero', 'meta["1"]': 'one' }).map((u) => u.path)).toEqual(['meta["0"]', 'meta["1"]']);
    expect(net.meta['0']).toBe('zero');
    expect(net.stages.map((s) => s.symPath())).toEqual(['stages[0]', 'stages[1]', 'stages[2]', 'stages[3]']);
  });

  it('paths are relative to the target, errors name the path from the root', () => {
    const net = makeNet();
    const stage = net.stages[2]!;
    rebind(stage, { 'blocks[0].act': 'relu' });
    expect(net.stages[2]!.blocks[0]!.act).toBe('relu');
    expectRejected(
      net,
      () => rebind(stage, { 'blocks[1].kernel': 0 }),
      ValidationError,
      /^stages\[2\]\.blocks\[1\]\.kernel: expected int in \[1, 11\], got 0$/,
    );
  });

  it('is all or nothing: one bad value leaves every other value unchanged and every issue is listed', () => {
    const net = makeNet();
    const error = expectRejected(
      net,
      // @ts-expect-error -- a path or value that the typed paths reject at compile time (the runtime check is under test)
      () => rebind(net, { head: 1, 'stages[0].blocks[0].kernel': 0, 'stages[1].blocks[1].act': 'gelu', stem: 2 }),
      ValidationError,
      'stages[0].blocks[0].kernel: expected int in [1, 11], got 0',
    ) as ValidationError;
    expect(error.issues.map((i) => i.path)).toEqual(['stages[0].blocks[0].kernel', 'stages[1].blocks[1].act']);
    expect(error.path).toBe('stages[0].blocks[0].kernel');
    expect(net.head).toBe(1280);
  });

  it('bad paths are PathErrors naming the path, with nothing changed', () => {
    const net = makeNet();
    expectRejected(
      net,
      () => rebind(net, { head: 7, 'stages[9].blocks[0].kernel': 5 }),
      PathError,
      'no symbolic object, dict or list at "stages[9]"',
    );
    // @ts-expect-error -- a path or value that the typed paths reject at compile time (the runtime check is under test)
    expectRejected(net, () => rebind(net, { 'stages[0].nope': 5 }), PathError, 'stages[0].nope: test.Stage has no field "nope"');
    // @ts-expect-error -- a path or value that the typed paths reject at compile time (the runtime check is under test)
    expectRejected(net, () => rebind(net, { 'head.x': 5 }), PathError, 'head.x: no symbolic object, dict or list at "head"');
    // @ts-expect-error -- a path or value that the typed paths reject at compile time (the runtime check is under test)
    expectRejected(net, () => rebind(net, { 'stages[': 5 }), PathError, 'cannot parse path "stages["');
    // @ts-expect-error -- a path or value that the typed paths reject at compile time (the runtime check is under test)
    expectRejected(net, () => rebind(net, { 'stages[x]': 5 }), PathError, 'is not a non-negative integer');
    // @ts-expect-error -- a path or value that the typed paths reject at compile time (the runtime check is under test)
    expectRejected(net, () => rebind(net, { 'a..b': 5 }), PathError, 'empty key');
    // @ts-expect-error -- a path or value that the typed paths reject at compile time (the runtime check is under test)
    expectRejected(net, () => rebind(net, { '': 5 }), PathError, 'cannot replace the root');
    expectRejected(net, () => rebind(net, { head: REMOVE }), PathError, 'cannot remove field "head"');
  });

  it('REMOVE deletes dict keys and list elements (later indices first)', () => {
    const d = new Dict({ a: 1, b: [1, 2, 3, 4] });
    rebind(d, { a: REMOVE, 'b[1]': REMOVE, 'b[3]': REMOVE });
    expect(d.symKeys()).toEqual(['b']);
    expect([...(d.b as List)]).toEqual([1, 3]);
  });

  it('a rewriter function visits values and replaces the ones it returns anew', () => {
    const net = makeNet();
    rebind(net, (path, value) => (path.endsWith('.kernel') && value === 3 ? 5 : value));
    expect(net.stages.flatMap((s) => s.blocks.map((b) => b.kernel))).toEqual(Array(8).fill(5));
    expectRejected(
      net,
      () => rebind(net, (path, value) => (path.endsWith('.expand') ? 0 : value)),
      ValidationError,
      'stages[0].blocks[0].expand: expected int >= 1, got 0',
    );
    expectRejected(
      net,
      () => rebind(net, (path, value) => (path === 'stages[1]' ? { blocks: [] } : value)),
      ValidationError,
      'stages[1]: expected Stage, got object',
    );
    const stage = new Stage({ blocks: [new Block({ kernel: 7 })] });
    const updates = rebind(net, (path, value) => (path === 'stages[1]' ? stage : value));
    expect(updates.map((u) => u.path)).toEqual(['stages[1]']);
    expect(net.stages[1]).toBe(stage);
    expect(stage.blocks[0]!.symPath()).toBe('stages[1].blocks[0]');
  });

  it('rejects a target that is not symbolic', () => {
    // @ts-expect-error -- a path or value that the typed paths reject at compile time (the runtime check is under test)
    expect(() => rebind({} as never, { a: 1 })).toThrow(SymbolicError);
  });
});

describe('change hooks', () => {
  const log: string[] = [];
  class Leaf extends symbolic('hook.Leaf', { x: t.int({ min: 0 }), y: t.int().default(0) }) {
    override onChange(updates: FieldUpdate[]): void {
      log.push(`leaf:${updates.map((u) => `${u.path}=${String(u.oldValue)}->${String(u.newValue)}`).join(',')}`);
    }
  }
  class Tree extends symbolic('hook.Tree', { leaves: t.list(t.object(Leaf)), cfg: t.record(t.any()).default({}) }) {
    limit = Infinity;
    override onChange(updates: FieldUpdate[]): void {
      log.push(`tree:${updates.map((u) => u.path).join(',')}`);
      for (const leaf of this.leaves) if (leaf.x > this.limit) throw new Error(`x above ${this.limit}`);
    }
  }

  it('run after all updates, deepest first, with paths relative to the receiver', () => {
    log.length = 0;
    const tree = new Tree({ leaves: [new Leaf({ x: 1 }), new Leaf({ x: 2 })] });
    rebind(tree, { 'leaves[0].x': 5, 'leaves[1].y': 7, 'cfg.k': 1 });
    expect(log).toEqual(['leaf:x=1->5', 'leaf:y=0->7', 'tree:leaves[0].x,leaves[1].y,cfg.k']);
  });

  it('fire on field assignment and List methods too', () => {
    log.length = 0;
    const tree = new Tree({ leaves: [new Leaf({ x: 1 })] });
    tree.leaves[0]!.x = 3;
    tree.leaves.push(new Leaf({ x: 4 }));
    expect(log).toEqual(['leaf:x=1->3', 'tree:leaves[0].x', 'tree:leaves[1]']);
  });

  it('a hook that throws undoes the whole change', () => {
    const tree = new Tree({ leaves: [new Leaf({ x: 1 }), new Leaf({ x: 2 })] });
    tree.limit = 4;
    const before = JSON.stringify(tree);
    expect(() => rebind(tree, { 'leaves[0].x': 3, 'leaves[1].x': 9 })).toThrow('x above 4');
    expect(JSON.stringify(tree)).toBe(before);
    expect(tree.leaves[1]!.symPath()).toBe('leaves[1]');
  });

  it('are not called for failed validation, and a Dict value named onChange is never called', () => {
    log.length = 0;
    const tree = new Tree({ leaves: [new Leaf({ x: 1 })] });
    expect(() => rebind(tree, { 'leaves[0].x': -1 })).toThrow(ValidationError);
    expect(log).toEqual([]);
    let called = 0;
    const d = new Dict({ onChange: () => called++, v: 1 });
    rebind(d, { v: 2 });
    expect(called).toBe(0);
  });
});
