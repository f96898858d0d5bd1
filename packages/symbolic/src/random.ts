/**
 * The project's one random-number generator. Every seeded draw in tsglove (random DNA, search
 * algorithms, data shuffles, synthetic datasets, benchmarks) goes through `seededRandom`, so one
 * seed means one stream whichever package draws from it. The generator is seedrandom's alea: fast,
 * well tested, and seeded by any string, which lets a caller derive independent streams from one
 * seed by naming them (`seededRandom(seed, 'propose', step)`).
 */
import seedrandom from 'seedrandom';

/** A random source: returns a float in [0, 1). */
export type Random = () => number;

/** A seed: a number or a string (both name the same stream when they print the same). */
export type Seed = number | string;

/**
 * A seeded random source for `(seed, ...parts)`: the stream of `seed` alone, or of a sub-stream
 * named by `parts` (`seededRandom(7, 'shuffle', epoch)`). The same arguments give the same stream.
 */
export function seededRandom(seed: Seed, ...parts: Array<string | number>): Random {
  return seedrandom.alea([seed, ...parts].join('/'));
}

/** {@link seededRandom} of `seed`, or `Math.random` without one (unseeded draws). */
export function makeRandom(seed?: Seed): Random {
  return seed === undefined ? Math.random : seededRandom(seed);
}
