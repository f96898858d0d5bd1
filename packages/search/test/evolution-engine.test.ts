/**
 * The evolution engine with PyGlove's semantics: every child of a reproduction is proposed,
 * populationInit, global state, lineage on DNA and trial metadata, exact resume inside a batch,
 * the presets (hillClimb batches, neat, generationalNSGA2), and a study that refuses a resume
 * with another algorithm configuration, naming the difference.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DNA, dnaSpec, eq, format, fromJSON, oneOf, toJSON } from '@tsglove/symbolic';
import {
  SearchError,
  StorageError,
  iterate,
  evolution,
  generationalNSGA2,
  grid,
  hillClimb,
  lambdaOf,
  memoryStorage,
  neat,
  regularizedEvolution,
  restoreLineage,
  sample,
  tournament,
  uniformMutator,
  type Reward,
} from './evolution-helpers.js';

const space = Array.from({ length: 6 }, () => oneOf([0, 1, 2, 3]));
const spec = dnaSpec(space);
const score = (xs: readonly number[]) => xs.reduce((a, v, i) => a + v * (i + 1), 0);

describe('Evolution engine', () => {
  it('queues every child of a reproduction (one reproduction for three proposals)', () => {
    let calls = 0;
    const counted = evolution({
      populationSize: 4,
      reproduction: lambdaOf((pop) => {
        calls++;
        return [...pop];
      })
        .then(tournament(2, 3))
        .then(uniformMutator()),
      seed: 1,
    });
    counted.setup(spec);
    for (let i = 0; i < 10; i++) {
      const dna = counted.propose();
      counted.feedback(dna, score(dna.toNumbers()));
    }
    expect(calls).toBe(2); // 4 initial + 3 + 3 children
    expect(counted.numGenerations).toBe(3);
  });

  it('takes the initial population from populationInit and records lineage', () => {
    const g = evolution({
      populationInit: [grid(), 3],
      reproduction: tournament(2).then(uniformMutator()),
      populationUpdate: null,
      seed: 2,
    });
    g.setup(spec);
    const proposals: DNA[] = [];
    for (let i = 0; i < 6; i++) {
      const dna = g.propose();
      proposals.push(dna);
      g.feedback(dna, score(dna.toNumbers()));
    }
    expect(proposals.slice(0, 3).map((d) => d.toNumbers())).toEqual([
      spec.firstDNA().toNumbers(),
      spec.nextDNA(spec.firstDNA())!.toNumbers(),
      spec.nextDNA(spec.nextDNA(spec.firstDNA())!)!.toNumbers(),
    ]);
    expect(proposals.map((d) => d.metadata.proposalId)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(proposals.map((d) => d.metadata.initialPopulation)).toEqual([true, true, true, false, false, false]);
    expect(proposals[3]!.metadata.generationId).toBe(2);
    expect((proposals[3]!.metadata.parentIds as number[]).every((id) => id >= 1 && id <= 3)).toBe(true);
    expect(g.members).toHaveLength(6); // populationUpdate: null keeps everyone
    expect(g.members.map((d) => d.metadata.feedbackSequenceNumber)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('resumes exactly inside a batch (fast-check over seeds and cut points)', () => {
    const make = (seed: number) => hillClimb({ batchSize: 3, initPopulationSize: 2, dedupRetries: 3, seed });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 14 }), (seed, cut) => {
        const run = (g: ReturnType<typeof make>, n: number, history: Array<{ dna: DNA; reward: Reward }>) => {
          const keys: string[] = [];
          for (let i = 0; i < n; i++) {
            const dna = g.propose();
            keys.push(dna.key());
            const reward = score(dna.toNumbers());
            g.feedback(dna, reward);
            history.push({ dna, reward });
          }
          return keys;
        };
        const straight = make(seed);
        straight.setup(spec);
        const expected = run(straight, 14, []);
        const first = make(seed);
        first.setup(spec);
        const history: Array<{ dna: DNA; reward: Reward }> = [];
        const before = run(first, cut, history);
        const resumed = make(seed);
        resumed.setup(spec);
        // As a study gives them back: DNA from JSON, lineage from the trial metadata.
        resumed.recover(
          history.map((h) => ({
            dna: restoreLineage(DNA.fromJSON(h.dna.toJSON(), spec), { lineage: { ...h.dna.metadata } }),
            reward: h.reward,
          })),
        );
        expect([...before, ...run(resumed, 14 - cut, [])]).toEqual(expected);
      }),
      { numRuns: 60, examples: [[307, 12]] }, // [307, 12]: children dropped as duplicates inside a batch
    );
  });
});

describe('presets', () => {
  it('neat speciates and improves on its initial population', () => {
    const g = neat({ populationSize: 10, compatibilityThreshold: 0.3, seed: 3 });
    g.setup(spec);
    let bestInit = -Infinity;
    let best = -Infinity;
    for (let i = 0; i < 80; i++) {
      const dna = g.propose();
      const r = score(dna.toNumbers());
      if (i < 10) bestInit = Math.max(bestInit, r);
      best = Math.max(best, r);
      g.feedback(dna, r);
    }
    expect((g.globalState.livingSpecies as DNA[][]).length).toBeGreaterThan(0);
    expect(best).toBeGreaterThanOrEqual(bestInit);
  });

  it('generationalNSGA2 keeps populationSize elites and cycles them', () => {
    const g = generationalNSGA2({ populationSize: 4, seed: 4 });
    g.setup(spec);
    for (let i = 0; i < 20; i++) {
      const dna = g.propose();
      const x = dna.toNumbers();
      g.feedback(dna, [score(x), -x[0]!]);
    }
    expect(g.globalState.elites as DNA[]).toHaveLength(4);
    expect(g.multiObjective).toBe(true);
  });
});

describe('studies store the algorithm configuration', () => {
  it('the configuration round-trips through JSON and compares with eq', () => {
    for (const g of [regularizedEvolution({ populationSize: 7 }), hillClimb({ batchSize: 3 }), generationalNSGA2({ populationSize: 4 })]) {
      const json = JSON.parse(JSON.stringify(toJSON(g.config)));
      expect(eq(fromJSON(json), g.config)).toBe(true);
    }
    expect(eq(regularizedEvolution({ populationSize: 7 }).config, regularizedEvolution({ populationSize: 8 }).config)).toBe(false);
  });

  it('a resume with another configuration is an error listing the difference', async () => {
    const storage = memoryStorage();
    const run = (populationSize: number) =>
      sample(space, regularizedEvolution({ populationSize, tournamentSize: 3 }), { storage, name: 'cfg', numExamples: 5 }).run((x) =>
        score(x as number[]),
      );
    const study = await run(10);
    const trials = await study.trials();
    expect(trials[0]!.metadata.lineage).toMatchObject({ proposalId: 1, initialPopulation: true });
    await expect(run(10)).resolves.toBeDefined();
    await expect(run(20)).rejects.toThrow(StorageError);
    await expect(run(20)).rejects.toThrow(/reproduction\.ops\[0\]\.n: 10 → 20/); // `--algo evolution` vs `--algo regularizedEvolution` differ so
  });
});

describe('README snippets (packages/search/README.md)', () => {
  it('the algebra snippet runs as written', async () => {
    const { evolution: evo, last: lastOf, tournament: tourney, uniformMutator: mutator, scalars } = await import('../src/index.js');
    const algorithm = evo({
      populationSize: 50,
      reproduction: lastOf(50)
        .then(tourney(10))
        .then(mutator())
        .then(mutator().withProbability(scalars.linear(1000, 0.5, 0))),
      populationUpdate: lastOf(50),
    });
    const study = await sample(space, algorithm, { numExamples: 120 }).run((x) => score(x as number[]));
    expect(study.best!.reward).toBeGreaterThan(40);
  });

  it('the iterate snippet runs as written', async () => {
    const { iterate, deduping, random } = await import('../src/index.js');
    const seen = [...iterate(space, { algorithm: deduping(random({ seed: 1 })), numExamples: 5 })].map((x) => JSON.stringify(x));
    expect(new Set(seen).size).toBe(5);
  });
});

describe('an algorithm with hyper values is a space of algorithms', () => {
  it('is refused by evolution() with a hint, and searched with iterate()', async () => {
    const algoSpace = tournament(oneOf([1, 4])).then(uniformMutator());
    expect(() => evolution({ reproduction: algoSpace })).toThrow(SearchError);
    expect(() => evolution({ reproduction: algoSpace })).toThrow(/hyper values.*iterate/);
    const best: number[] = [];
    for (const reproduction of iterate(algoSpace)) {
      expect(format(reproduction, { compact: true })).toMatch(/RandomSelect\(n=[14]/);
      const study = await sample(space, evolution({ populationSize: 8, reproduction, seed: 1 }), { numExamples: 60 }).run((x) =>
        score(x as number[]),
      );
      best.push(study.best!.reward as number);
    }
    expect(best).toHaveLength(2);
  });
});
