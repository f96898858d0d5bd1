/**
 * Define-by-run spaces that grow with earlier choices (Optuna's `for i in range(n_layers)`): the
 * space is explored when a study opens, every algorithm searches it, and each trial stores only the
 * decisions its run made, by name.
 */
import { describe, expect, it } from 'vitest';
import { DynamicEvaluationContext, floatValue, oneOf, SymbolicError } from '@tsglove/symbolic';
import { cmaES, nsga2, paramsOf, random, regularizedEvolution, sample, seededRandom, tpe, type DNAGenerator } from '../src/index.js';

/** n layers, each with its own width; the learning rate after the loop. */
const net = () => {
  const n = oneOf([1, 2, 3, 4], { name: 'n_layers' });
  const widths: number[] = [];
  for (let i = 0; i < n; i++) widths.push(oneOf([16, 32, 64], { name: `width${i}` }));
  return { widths, lr: floatValue(1e-3, 1e-1, { name: 'lr', scale: 'log' }) };
};
const score = (e: { widths: number[]; lr: number }) => e.widths.reduce((a, w) => a + w, 0) / 256 - Math.abs(Math.log10(e.lr) + 2);

describe('define-by-run spaces that grow with earlier choices', () => {
  it('explore() finds the decisions of every loop length; collect() alone sees only the first', () => {
    const ctx = new DynamicEvaluationContext();
    ctx.collect(net);
    expect(Object.keys(ctx.decisions)).toEqual(['n_layers', 'width0', 'lr']);
    expect(() => ctx.apply({ n_layers: 3, width0: 16, lr: 0.01 }, net)).toThrow(/decision "width1" was not seen when the space was traced/);
    const added = ctx.explore(net, { random: seededRandom(1) });
    expect(added.sort()).toEqual(['width1', 'width2', 'width3']);
    expect(ctx.dnaSpec.decisionPoints.map((p) => p.name).sort()).toEqual(['lr', 'n_layers', 'width0', 'width1', 'width2', 'width3']);
  });

  it('unnamed decisions inside such loops are an error that says to name them', () => {
    const unnamed = () => {
      const n = oneOf([1, 2], { name: 'n' });
      for (let i = 0; i < n; i++) oneOf([1, 2]);
    };
    const ctx = new DynamicEvaluationContext();
    ctx.collect(unnamed);
    expect(() => ctx.explore(unnamed, { random: seededRandom(1) })).toThrow(SymbolicError);
    expect(() => ctx.explore(unnamed, { random: seededRandom(1) })).toThrow(
      /give decisions made inside loops or branches that depend on earlier choices a name/,
    );
  });

  const algorithms: Array<[string, () => DNAGenerator]> = [
    ['random', () => random({ seed: 1 })],
    ['tpe', () => tpe({ seed: 1, numStartupTrials: 5 })],
    ['regularizedEvolution', () => regularizedEvolution({ populationSize: 6, tournamentSize: 2, seed: 1 })],
    ['cmaES', () => cmaES({ seed: 1 })],
  ];
  for (const [name, make] of algorithms) {
    it(`${name}: runs 40 trials without a failure; each trial stores only the widths its run used`, async () => {
      const study = await sample(net, make(), { numExamples: 40 }).run(score, { onError: 'throw' });
      const trials = await study.trials();
      expect(trials.map((t) => t.status)).toEqual(Array(40).fill('completed'));
      const lengths = new Set<number>();
      for (const t of trials) {
        const p = paramsOf(t)!;
        const n = p.n_layers as number;
        lengths.add(n);
        expect(Object.keys(p).sort()).toEqual(['lr', 'n_layers', ...Array.from({ length: n }, (_, i) => `width${i}`)].sort());
      }
      expect(lengths.size).toBeGreaterThan(1);
    });
  }

  it('nsga2 (multi-objective) too', async () => {
    const study = await sample(net, nsga2({ populationSize: 6, seed: 1 }), { numExamples: 20 }).run((e) => [score(e), -e.widths.length]);
    expect((await study.trials()).every((t) => t.status === 'completed')).toBe(true);
  });
});

describe('TPE models each decision over the trials that used it', () => {
  it('a decision unused by the best trials is drawn from its prior, not from their ignored values', () => {
    const spec = (() => {
      const ctx = new DynamicEvaluationContext();
      const fn = () => {
        const n = oneOf([1, 2], { name: 'n' });
        for (let i = 0; i < n; i++) oneOf([0, 1, 2], { name: `w${i}` });
      };
      ctx.collect(fn);
      ctx.explore(fn, { random: seededRandom(1) });
      return ctx.dnaSpec;
    })();
    const ids = spec.decisionPoints.map((p) => p.id);
    expect(ids).toEqual(['n', 'w0', 'w1']);
    const share = (marked: boolean): number => {
      const algo = tpe({ seed: 3, numStartupTrials: 0, gamma: (n) => Math.floor(n / 2) });
      algo.setup(spec);
      // The better half has n = 1 (w1 unused, though their DNA holds w1 = 2); the trials that use w1
      // (n = 2) chose 0, 1 and 2 evenly.
      for (let i = 0; i < 42; i++) {
        const best = i % 2 === 0;
        const dna = spec.fromNumbers(best ? [0, i % 3, 2] : [1, i % 3, (i >> 1) % 3]);
        if (marked && best) dna.metadata.unusedDecisions = ['w1'];
        algo.feedback(dna, best ? 10 + i : i);
      }
      let twos = 0;
      for (let i = 0; i < 300; i++) if (algo.propose().toNumbers()[2] === 2) twos++;
      return twos / 300;
    };
    const unmarked = share(false);
    const marked = share(true);
    console.log(`TPE: share of w1 = 2 in proposals — ignored values modelled ${unmarked.toFixed(2)}, per-parameter ${marked.toFixed(2)}`);
    // Modelling the ignored values pulls proposals towards w1 = 2, which no trial that used w1 favoured.
    expect(unmarked - marked).toBeGreaterThan(0.25);
  });

  it('a study marks the decisions a trial did not use before feeding the algorithm', async () => {
    const seen: Array<{ n: number; unused: string[] }> = [];
    const algo = random({ seed: 1 });
    const feedback = algo.feedback.bind(algo);
    algo.feedback = (dna, reward) => {
      seen.push({ n: dna.toNumbers()[0]! + 1, unused: (dna.metadata.unusedDecisions as string[]) ?? [] });
      feedback(dna, reward);
    };
    await sample(net, algo, { numExamples: 12 }).run(score);
    expect(seen).toHaveLength(12);
    for (const { n, unused } of seen) expect(unused.sort()).toEqual(['width0', 'width1', 'width2', 'width3'].slice(n));
  });
});
