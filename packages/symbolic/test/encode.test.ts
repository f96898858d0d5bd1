import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  encode,
  materialize,
  dnaSpec,
  randomDNA,
  makeRandom,
  eq,
  oneOf,
  manyOf,
  floatValue,
  evolve,
  symbolic,
  t,
  SymbolicError,
} from '@tsglove/symbolic';
import { spaceArb, buildSpace } from './hyper-arbitrary.js';

class Blk extends symbolic('encode.Blk', { kernel: t.int(), act: t.str().default('relu') }) {}

describe('encode(space, value): the DNA that makes a value', () => {
  it('inverts materialize, nested choices included', () => {
    const space = {
      a: oneOf([1, { b: oneOf([2, 3]) }]),
      ops: manyOf(2, ['x', 'y', 'z']),
      lr: floatValue(0.1, 1),
      blk: new Blk({ kernel: oneOf([3, 5]) }),
    };
    const dna = encode(space, { a: { b: 3 }, ops: ['z', 'x'], lr: 0.5, blk: new Blk({ kernel: 5 }) });
    expect(dna.toNumbers()).toEqual([1, 1, 2, 0, 0.5, 1]);
    expect(dna.spec!.decisionPoints.map((p) => p.id)).toEqual(dnaSpec(space).decisionPoints.map((p) => p.id));
    const evolving = { w: evolve(new Blk({ kernel: 1 }), (b) => b) };
    expect(eq(materialize(evolving, encode(evolving, { w: new Blk({ kernel: 7 }) })).w, new Blk({ kernel: 7 }))).toBe(true);
  });

  it('names the path of a value the space cannot make', () => {
    const space = { a: oneOf([1, 2]), lr: floatValue(0, 1), blk: new Blk({ kernel: oneOf([3, 5]) }) };
    expect(() => encode(space, { a: 4, lr: 0.5, blk: new Blk({ kernel: 3 }) })).toThrow('encode: a: 4 is none of the 2 candidates');
    expect(() => encode(space, { a: 1, lr: 2, blk: new Blk({ kernel: 3 }) })).toThrow('encode: lr: expected a float in [0, 1], got 2');
    expect(() => encode(space, { a: 1, lr: 0.5, blk: new Blk({ kernel: 3, act: 'gelu' }) })).toThrow(
      "encode: blk.act: expected 'relu', got 'gelu'",
    );
    expect(() => encode(space, { a: 1, lr: 0.5, blk: new Blk({ kernel: 3 }), extra: 1 })).toThrow('encode: extra: not in the space');
    expect(() => encode(space, 3)).toThrow(SymbolicError);
  });

  it('materialize(encode(materialize(d))) equals materialize(d) over generated spaces (property)', () => {
    fc.assert(
      fc.property(spaceArb({ floats: true }), fc.integer(), (desc, seed) => {
        const space = buildSpace(desc);
        const spec = dnaSpec(space);
        const random = makeRandom(seed);
        for (let i = 0; i < 4; i++) {
          const value = materialize(space, randomDNA(spec, { random }), spec);
          expect(eq(materialize(space, encode(space, value, spec), spec), value)).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});
