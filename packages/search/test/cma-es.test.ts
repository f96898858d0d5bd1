/** CMA-ES: its eigen-solver, convergence on continuous problems, choices as ordinal coordinates. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { floatValue, oneOf, manyOf } from '@tsglove/symbolic';
import { SearchError, cmaES, random, sample, type DNAGenerator } from '../src/index.js';
import { symmetricEigen } from '../src/algorithms/eigen.js';

describe('symmetricEigen', () => {
  it('decomposes random symmetric matrices: A·v = λ·v, orthonormal vectors (property)', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 7 })
          .chain((n) =>
            fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: n * n, maxLength: n * n }).map((xs) => ({ n, xs })),
          ),
        ({ n, xs }) => {
          const a = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (xs[i * n + j]! + xs[j * n + i]!) / 2));
          const { values, vectors } = symmetricEigen(a);
          for (let k = 0; k < n; k++) {
            const v = vectors.map((row) => row[k]!);
            for (let i = 0; i < n; i++) {
              const av = a[i]!.reduce((s, x, j) => s + x * v[j]!, 0);
              expect(Math.abs(av - values[k]! * v[i]!)).toBeLessThan(1e-8);
            }
            for (let l = 0; l < n; l++) {
              const dot = vectors.reduce((s, row) => s + row[k]! * row[l]!, 0);
              expect(Math.abs(dot - (k === l ? 1 : 0))).toBeLessThan(1e-9);
            }
          }
        },
      ),
    );
  });
});

/** Best reward after `n` trials of `make(seed)` on `space`/`reward`, averaged over seeds 0..seeds-1. */
async function meanBest<S>(
  space: () => S,
  reward: (v: any) => number,
  make: (seed: number) => DNAGenerator,
  n: number,
  seeds = 5,
): Promise<number> {
  let total = 0;
  for (let seed = 0; seed < seeds; seed++) {
    let best = -Infinity;
    for await (const [v, fb] of sample(space(), make(seed), { numExamples: n })) {
      const r = reward(v);
      best = Math.max(best, r);
      await fb.report(r);
    }
    total += best;
  }
  return total / seeds;
}

describe('cmaES', () => {
  it('minimizes a rotated ill-conditioned ellipsoid far better than random search', async () => {
    const space = () => ({ x: [0, 1, 2, 3, 4, 5].map(() => floatValue(-5, 5)) });
    // f(x) = Σ 10^(3i/(d-1)) (Σ_j R_ij (x_j - 1))², R a fixed rotation mixing neighbours.
    const reward = (v: { x: number[] }) => {
      const d = v.x.length;
      let f = 0;
      for (let i = 0; i < d; i++) {
        const y = (v.x[i]! - 1 + 0.5 * (v.x[(i + 1) % d]! - 1)) / Math.SQRT2;
        f += 10 ** ((3 * i) / (d - 1)) * y * y;
      }
      return -f;
    };
    const cma = await meanBest(space, reward, (seed) => cmaES({ seed }), 800, 3);
    const rnd = await meanBest(space, reward, (seed) => random({ seed }), 800, 3);
    expect(cma).toBeGreaterThan(-2); // near the optimum 0 (random is at about -100)
    expect(cma).toBeGreaterThan(rnd / 50); // rewards are negative: at least 50× closer than random
  });

  it('treats one-of choices as ordinal coordinates and finds the best of a 20^3 grid', async () => {
    const values = Array.from({ length: 20 }, (_, i) => i);
    const space = () => ({ a: oneOf(values), b: oneOf(values), c: oneOf(values), lr: floatValue(1e-4, 1, { scale: 'log' }) });
    const reward = (v: { a: number; b: number; c: number; lr: number }) =>
      -((v.a - 13) ** 2) - (v.b - 4) ** 2 - (v.c - 17) ** 2 - Math.log10(v.lr / 0.01) ** 2;
    const cma = await meanBest(space, reward, (seed) => cmaES({ seed }), 250);
    const rnd = await meanBest(space, reward, (seed) => random({ seed }), 250);
    expect(cma).toBeGreaterThan(rnd);
    expect(cma).toBeGreaterThan(-3);
  });

  it('draws k-of-n choices at random and still proposes valid DNA', async () => {
    let n = 0;
    for await (const [v, fb] of sample({ ops: manyOf(2, ['a', 'b', 'c']), x: floatValue(0, 1) }, cmaES({ seed: 1, populationSize: 4 }), {
      numExamples: 20,
    })) {
      expect(v.ops).toHaveLength(2);
      await fb.report(v.x);
      n++;
    }
    expect(n).toBe(20);
  });

  it('rejects bad options, naming them', () => {
    expect(() => cmaES({ populationSize: 1 })).toThrow(SearchError);
    expect(() => cmaES({ populationSize: 1 })).toThrow(/populationSize must be an integer >= 2/);
    expect(() => cmaES({ sigma0: 0 })).toThrow(/sigma0 must be > 0/);
  });
});
