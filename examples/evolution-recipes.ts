/**
 * Five classic evolutionary algorithms written with the evolution algebra, each in a few lines,
 * each run on NAS-Bench-Macro (8 layers × 3 choices, reward = CIFAR-10 accuracy in %) with its
 * regret (best accuracy in the table − best found) printed after `--trials` trials (default 200).
 *
 *   npx tsx --conditions=source examples/evolution-recipes.ts [--trials 200] [--seed 0]
 */
import { nasBenchMacroTable } from '@tsglove/models';
import { oneOf } from '@tsglove/symbolic';
import {
  CrowdingDistanceSort,
  NextElite,
  NonDominatedSort,
  ScaledAverageFitness,
  SizeAtLeast,
  Speciate,
  concatenation,
  evolution,
  first,
  globalState,
  identity,
  last,
  proportional,
  random,
  randomSelect,
  sample,
  scalars,
  setGlobalState,
  top,
  tournament,
  uniformMutator,
  type DNAGenerator,
} from '@tsglove/search';

const args = new Map(process.argv.slice(2).flatMap((a, i, all) => (a.startsWith('--') ? [[a.slice(2), all[i + 1]!]] : [])));
const trials = Number(args.get('trials') ?? 200);
const seed = Number(args.get('seed') ?? 0);

export const recipes: Record<string, () => DNAGenerator> = {
  // Regularized evolution: tournament among the last 50, mutate the winner, the oldest dies.
  'regularized evolution': () =>
    evolution({ populationSize: 50, reproduction: last(50).then(tournament(10)).then(uniformMutator()), populationUpdate: last(50), seed }),
  // NSGA-II, generational: every 20 results, elites ∪ newcomers are sorted into fronts (crowding
  // distance within a front) and the first 20 are the elites; each proposal mutates the next elite.
  'NSGA-II': () =>
    evolution({
      multiObjective: true, // objectives: accuracy, −params
      populationInit: [random({ seed }), 40],
      reproduction: new NextElite().then(uniformMutator()),
      populationUpdate: concatenation(globalState('elites', []), identity)
        .then(new NonDominatedSort())
        .forEach(new CrowdingDistanceSort())
        .flatten()
        .then(concatenation(first(20).then(setGlobalState('elites')), setGlobalState('eliteCursor', 0)))
        .ifTrue(new SizeAtLeast({ n: 20 })),
      seed,
    }),
  // Hill climbing: the best so far, mutated; replaced only by a better child.
  'hill climbing': () => evolution({ populationSize: 1, reproduction: top(1).then(uniformMutator()), populationUpdate: top(1), seed }),
  // NEAT-like speciation: the latest generation is split into species by compatibility distance;
  // 20 children are shared out by species fitness, each from the top 60% of its species.
  'NEAT-like speciation': () =>
    evolution({
      populationSize: 20,
      reproduction: globalState('livingSpecies')
        .then(proportional(20, new ScaledAverageFitness()))
        .forEach(top(0.6).then(randomSelect(1)))
        .flatten()
        .then(uniformMutator()),
      populationUpdate: top(1, { cluster: true, key: 'generationId' }).then(new Speciate({ threshold: 0.2 })),
      seed,
    }),
  // (μ + λ) with a scheduled mutation rate: λ = 10 children of random parents from the μ = 10 best,
  // each mutated once, then again with a probability decaying from 0.8 to 0.1 over the run.
  '(μ+λ), scheduled mutation': () =>
    evolution({
      populationSize: 10,
      reproduction: top(10)
        .then(randomSelect(10, { replacement: true }))
        .then(uniformMutator())
        .then(uniformMutator().withProbability(scalars.linear(trials, 0.8, 0.1))),
      populationUpdate: top(10),
      seed,
    }),
};

/** Runs one recipe; returns its regret in accuracy points. */
export async function regretOf(make: () => DNAGenerator, numTrials = trials): Promise<number> {
  const table = nasBenchMacroTable();
  const space = Array.from({ length: 8 }, () => oneOf([0, 1, 2]));
  let best = -Infinity;
  const algorithm = make();
  for await (const [layers, feedback] of sample(space, algorithm, { numExamples: numTrials })) {
    const entry = table.get(layers.join(''));
    best = Math.max(best, entry.meanAcc);
    await feedback.report(algorithm.multiObjective ? [entry.meanAcc, -entry.params] : entry.meanAcc);
  }
  return table.best.meanAcc - best;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [name, make] of Object.entries(recipes))
    console.log(`${name.padEnd(28)} regret after ${trials} trials: ${(await regretOf(make)).toFixed(3)}`);
}
