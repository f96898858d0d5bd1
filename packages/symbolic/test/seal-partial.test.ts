import { describe, expect, it } from 'vitest';
import { seal, isSealed, rebind, missingValues, MISSING, SealedError, ValidationError, t, symbolic, toJSON } from '@tsglove/symbolic';
import { Block, Net, Stage, makeNet, expectRejected } from './fixtures.js';

describe('seal', () => {
  it('rejects every kind of change anywhere in the tree, leaving it unchanged', () => {
    const net = makeNet();
    expect(seal(net)).toBe(net);
    expect(isSealed(net)).toBe(true);
    expect(isSealed(net.stages[2]!.blocks[1]!)).toBe(true);
    expectRejected(net, () => rebind(net, { head: 1 }), SealedError, 'head: cannot change a sealed object');
    expectRejected(
      net,
      () => (net.stages[2]!.blocks[1]!.kernel = 5),
      SealedError,
      'stages[2].blocks[1].kernel: cannot change a sealed object',
    );
    expectRejected(net, () => net.stages[0]!.blocks.push(new Block()), SealedError, 'stages[0].blocks[1]: cannot change a sealed object');
    expectRejected(net, () => rebind(net, { 'meta.x': 1 }), SealedError, 'meta.x');
    expectRejected(net, () => net.stages.reverse(), SealedError, 'sealed');
  });

  it('a sealed rebind with a bad path is still a path error', () => {
    const net = seal(makeNet());
    // @ts-expect-error -- a path or value that the typed paths reject at compile time (the runtime check is under test)
    expect(() => rebind(net, { nope: 1 })).toThrow('has no field "nope"');
  });

  it('unsealing allows changes again; sym methods agree', () => {
    const net = makeNet();
    net.symSeal();
    expect(net.symIsSealed()).toBe(true);
    net.symSeal(false);
    expect(isSealed(net.stages[0]!)).toBe(false);
    rebind(net, { head: 1 });
    expect(net.head).toBe(1);
  });

  it('sealing a subtree seals only that subtree', () => {
    const net = makeNet([1, 1]);
    seal(net.stages[0]!);
    rebind(net, { head: 1, 'stages[1].blocks[0].kernel': 5 });
    expect(net.head).toBe(1);
    expectRejected(
      net,
      () => rebind(net, { stem: 2, 'stages[0].blocks[0].kernel': 5 }),
      SealedError,
      'stages[0].blocks[0].kernel: cannot change a sealed object',
    );
    expect(isSealed(net)).toBe(false);
  });
});

describe('partial objects', () => {
  it('allow missing required fields when asked, and report them with their types', () => {
    expect(() => new Net({ stages: [] } as never)).toThrow('stem: missing required value');
    const net = Net.partial({ stages: [Stage.partial({})] });
    expect(net.stem).toBe(MISSING);
    expect(missingValues(net)).toEqual({ stem: 'int >= 1', 'stages[0].blocks': 'list of Block of size in [1, 8]' });
    expect(net.symMissing()).toEqual(missingValues(net));
    const alsoPartial = new Net({ stages: [] } as never, { allowPartial: true });
    expect(alsoPartial.symMissing()).toEqual({ stem: 'int >= 1' });
  });

  it('still validate the values that are given', () => {
    expect(() => Net.partial({ stem: 0 })).toThrow('stem: expected int >= 1, got 0');
    expect(() => Net.partial({ stages: [{}] })).toThrow('stages[0]: expected Stage, got object');
  });

  it('are completed by rebind; a partial tree accepts MISSING, a complete one does not', () => {
    const net = Net.partial({ stages: [] });
    rebind(net, { stem: 16 });
    expect(missingValues(net)).toEqual({});
    rebind(net, { stem: MISSING });
    expect(net.stem).toBe(MISSING);
    const full = makeNet([1]);
    expectRejected(full, () => rebind(full, { stem: MISSING }), ValidationError, 'stem: missing required value (int >= 1)');
  });

  it('optional and defaulted fields are never missing', () => {
    const P = symbolic('partial.P', { a: t.int().optional(), b: t.int().default(1), c: t.int() });
    expect(missingValues(P.partial())).toEqual({ c: 'int' });
    expect(toJSON(P.partial())).toEqual({ _type: 'partial.P', b: 1, c: { _type: 'tsglove.missing' } });
  });
});
