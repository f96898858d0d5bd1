/**
 * The DNA-generator contract, run against every algorithm: proposals validate; same seed, same
 * proposals; recover(history) then continuing proposes what an uninterrupted run proposes
 * (fast-check over seeds and interruption points; fast-check prints the seed and the failing case);
 * multi-objective rewards accepted where declared, a RewardError where not.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DNA, type DNASpec } from '@tsglove/symbolic';
import {
  RewardError,
  SearchError,
  grid,
  hillClimb,
  nsga2,
  tpe,
  cmaES,
  reinforce,
  ppo,
  random,
  regularizedEvolution,
  evolution,
  pipeline,
  tournament,
  uniformCrossover,
  swapMutator,
  uniformMutator,
  withProbability,
  type DNAGenerator,
  type Reward,
} from '../src/index.js';
import { dynamicSpec, finiteSpec, mixedSpec, rewardOf, rewardsOf } from './spaces.js';

interface Factory {
  name: string;
  make(seed: number): DNAGenerator;
  /** Needs a finite space. */
  finite?: boolean;
  multiObjective: boolean;
}

export const FACTORIES: Factory[] = [
  { name: 'random', make: (seed) => random({ seed }), multiObjective: true },
  { name: 'grid', make: () => grid(), finite: true, multiObjective: true },
  {
    name: 'regularizedEvolution',
    make: (seed) => regularizedEvolution({ populationSize: 6, tournamentSize: 3, seed }),
    multiObjective: false,
  },
  {
    name: 'evolution (crossover + swap)',
    make: (seed) =>
      evolution({
        populationSize: 5,
        reproduction: pipeline(tournament(3, 2), uniformCrossover(), withProbability(0.5, swapMutator()), uniformMutator()),
        dedupRetries: 3,
        seed,
      }),
    multiObjective: false,
  },
  { name: 'hillClimb', make: (seed) => hillClimb({ seed }), multiObjective: false },
  { name: 'nsga2', make: (seed) => nsga2({ populationSize: 5, seed }), multiObjective: true },
  { name: 'tpe', make: (seed) => tpe({ numStartupTrials: 4, numCandidates: 8, seed }), multiObjective: false },
  { name: 'cmaES', make: (seed) => cmaES({ populationSize: 4, seed }), multiObjective: false },
  { name: 'reinforce', make: (seed) => reinforce({ seed }), multiObjective: false },
  { name: 'ppo', make: (seed) => ppo({ batchSize: 4, seed }), multiObjective: false },
];

const STEPS = 24;

function specFor(f: Factory): DNASpec {
  return f.finite ? finiteSpec() : mixedSpec();
}

function rewardFor(f: Factory, dna: DNA): Reward {
  return f.multiObjective ? rewardsOf(dna) : rewardOf(dna);
}

/** Runs `steps` propose/feedback rounds; returns the proposals' keys and the history. */
function run(f: Factory, g: DNAGenerator, spec: DNASpec, steps: number, history: Array<{ dna: DNA; reward: Reward }> = []): string[] {
  const keys: string[] = [];
  for (let i = 0; i < steps; i++) {
    const dna = g.propose();
    spec.validate(dna);
    keys.push(dna.key());
    const reward = rewardFor(f, dna);
    g.feedback(dna, reward);
    history.push({ dna, reward });
  }
  return keys;
}

describe.each(FACTORIES)('generator contract: $name', (f) => {
  it('proposes DNA that validates against the spec', () => {
    const spec = specFor(f);
    const g = f.make(7);
    g.setup(spec);
    expect(run(f, g, spec, STEPS)).toHaveLength(STEPS);
    expect(g.numProposals).toBe(STEPS);
    expect(g.numFeedbacks).toBe(STEPS);
  });

  it.skipIf(f.finite)('proposes valid DNA for a define-by-run space with conditional function branches', () => {
    const spec = dynamicSpec();
    const g = f.make(5);
    g.setup(spec);
    const keys = run(f, g, spec, STEPS);
    expect(new Set(keys).size).toBeGreaterThan(1);
  });

  it('proposes the same DNA for the same seed', () => {
    const spec = specFor(f);
    const a = f.make(11);
    const b = f.make(11);
    a.setup(spec);
    b.setup(spec);
    expect(run(f, a, spec, STEPS)).toEqual(run(f, b, spec, STEPS));
  });

  it('recover(history) then continuing proposes what an uninterrupted run proposes', () => {
    const spec = specFor(f);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: STEPS }), (seed, cut) => {
        const straight = f.make(seed);
        straight.setup(spec);
        const expected = run(f, straight, spec, STEPS);

        const first = f.make(seed);
        first.setup(spec);
        const history: Array<{ dna: DNA; reward: Reward }> = [];
        const before = run(f, first, spec, cut, history);
        const resumed = f.make(seed);
        resumed.setup(spec);
        // History entries as a store would give them back: DNA rebuilt from JSON.
        resumed.recover(history.map((h) => ({ dna: DNA.fromJSON(h.dna.toJSON(), spec), reward: h.reward })));
        const after = run(f, resumed, spec, STEPS - cut);
        expect([...before, ...after]).toEqual(expected);
      }),
      { numRuns: 8 },
    );
  });

  it(f.multiObjective ? 'accepts multi-objective rewards' : 'rejects multi-objective rewards with a RewardError', () => {
    const spec = specFor(f);
    const g = f.make(3);
    g.setup(spec);
    const dna = g.propose();
    if (f.multiObjective) {
      expect(() => g.feedback(dna, [1, 2])).not.toThrow();
    } else {
      expect(() => g.feedback(dna, [1, 2])).toThrow(RewardError);
      expect(() => g.feedback(dna, [1, 2])).toThrow(/single number as reward/);
    }
    expect(() => g.feedback(dna, Number.NaN)).toThrow(RewardError);
  });

  it('rejects propose before setup and feedback for DNA of another space', () => {
    const g = f.make(1);
    expect(() => g.propose()).toThrow(SearchError);
    const spec = specFor(f);
    g.setup(spec);
    const other = (f.finite ? mixedSpec() : finiteSpec()).firstDNA();
    expect(() => g.feedback(other, 1)).toThrow(SearchError);
  });
});
