/**
 * Random scalars (PyGlove's `pg.scalars.Uniform`, `Gaussian`, `Triangular`, `LogNormal`): a fresh
 * draw at every step, reproducible — the draw at step s is a function of (`seed`, s), so a resumed
 * search sees the values a straight run saw.
 */
import { seededRandom, t } from '@tsglove/symbolic';
import { Scalar } from './scalars.js';
import { subclass } from './subclass.js';

const kinds = ['uniform', 'gaussian', 'triangular', 'logNormal'] as const;

/** A random draw per step (see the module comment); `a`, `b`, `c` are the distribution's parameters. */
export class RandomScalar extends subclass(Scalar, 'tsglove.search.evolution.scalars.Random', {
  kind: t.enum(kinds),
  a: t.float(),
  b: t.float(),
  c: t.float().optional(),
  seed: t.union([t.int(), t.str()]).default(0),
}) {
  at(step: number): number {
    const random = seededRandom(this.seed as number | string, 'scalar', step);
    const [a, b] = [this.a as number, this.b as number];
    switch (this.kind as (typeof kinds)[number]) {
      case 'uniform':
        return a + random() * (b - a);
      case 'triangular': {
        const mode = (this.c as number | undefined) ?? (a + b) / 2;
        const u = random();
        const f = (mode - a) / (b - a);
        return u < f ? a + Math.sqrt(u * (b - a) * (mode - a)) : b - Math.sqrt((1 - u) * (b - a) * (b - mode));
      }
      case 'gaussian':
        return a + b * normal(random);
      case 'logNormal':
        return Math.exp(a + b * normal(random));
    }
  }
}

function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** Uniform in [low, high). */
export const uniform = (low = 0, high = 1, seed: number | string = 0): Scalar =>
  new RandomScalar({ kind: 'uniform', a: low, b: high, seed });
/** Normal with `mean` and standard deviation `std`. */
export const gaussian = (mean = 0, std = 1, seed: number | string = 0): Scalar =>
  new RandomScalar({ kind: 'gaussian', a: mean, b: std, seed });
/** Triangular on [low, high] with `mode` (default the midpoint). */
export const triangular = (low: number, high: number, mode?: number, seed: number | string = 0): Scalar =>
  new RandomScalar({ kind: 'triangular', a: low, b: high, c: mode, seed });
/** exp of a normal with `mean` and `std`. */
export const logNormal = (mean = 0, std = 1, seed: number | string = 0): Scalar =>
  new RandomScalar({ kind: 'logNormal', a: mean, b: std, seed });
