/** Algorithm names the CLI accepts (`--algo`), each made with the study's seed. */
import { cmaES, grid, hillClimb, nsga2, ppo, random, regularizedEvolution, reinforce, tpe, type DNAGenerator } from '@tsglove/search';
import { usageError } from './errors.js';

const MAKERS: Record<string, (seed: number) => DNAGenerator> = {
  evolution: (seed) => regularizedEvolution({ populationSize: 20, tournamentSize: 5, seed }),
  'regularized-evolution': (seed) => regularizedEvolution({ seed }),
  random: (seed) => random({ seed }),
  grid: () => grid(),
  'hill-climb': (seed) => hillClimb({ seed }),
  tpe: (seed) => tpe({ seed }),
  'cma-es': (seed) => cmaES({ seed }),
  ppo: (seed) => ppo({ seed }),
  reinforce: (seed) => reinforce({ seed }),
  nsga2: (seed) => nsga2({ seed }),
};

/** The names `--algo` takes. */
export const ALGORITHMS: readonly string[] = Object.keys(MAKERS);

/** The algorithm called `name`, seeded; a usage error lists the names otherwise. */
export function makeAlgorithm(name: string, seed: number): DNAGenerator {
  const make = MAKERS[name];
  if (!make) throw usageError(`--algo: unknown algorithm ${JSON.stringify(name)}; choose one of ${ALGORITHMS.join(', ')}`);
  return make(seed);
}
