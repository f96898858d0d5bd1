/** The one seeded random source (`seededRandom`, `makeRandom`): streams named by seed and parts. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dnaSpec, makeRandom, oneOf, randomDNA, seededRandom } from '@tsglove/symbolic';

const draws = (random: () => number, n = 8) => Array.from({ length: n }, () => random());

describe('seededRandom', () => {
  it('gives the same stream for the same seed and parts, floats in [0, 1)', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer(), fc.string()),
        fc.array(fc.oneof(fc.integer(), fc.string({ minLength: 1 })), { maxLength: 3 }),
        (seed, parts) => {
          const a = draws(seededRandom(seed, ...parts));
          expect(draws(seededRandom(seed, ...parts))).toEqual(a);
          for (const x of a) expect(x >= 0 && x < 1).toBe(true);
        },
      ),
    );
  });

  it('names independent sub-streams by parts; a number and its string are one seed', () => {
    expect(draws(seededRandom(7, 'propose', 0))).not.toEqual(draws(seededRandom(7, 'propose', 1)));
    expect(draws(seededRandom(7))).not.toEqual(draws(seededRandom(8)));
    expect(draws(seededRandom(7))).toEqual(draws(seededRandom('7')));
  });

  it('is the generator behind makeRandom and randomDNA', () => {
    expect(draws(makeRandom(11))).toEqual(draws(seededRandom(11)));
    expect(makeRandom()).toBe(Math.random);
    const spec = dnaSpec({ a: oneOf([1, 2, 3, 4, 5, 6, 7, 8]), b: oneOf(['x', 'y', 'z']) });
    expect(randomDNA(spec, { seed: 3 }).toJSON()).toEqual(spec.randomDNA(seededRandom(3)).toJSON());
  });
});
