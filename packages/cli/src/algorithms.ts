/**
 * Algorithm names the CLI accepts (`--algo`), each made with the study's seed. An algorithm's CLI
 * name is the name its study stores (`DNAGenerator.name`, what `tsglove study list` shows) and the
 * name of its factory in `@tsglove/search` (`cmaES`), so one name works everywhere. `evolution` is
 * not an algorithm but the CLI's default preset: `regularizedEvolution` with a population of 20.
 */
import { cmaES, grid, hillClimb, nsga2, ppo, random, regularizedEvolution, reinforce, tpe, type DNAGenerator } from '@tsglove/search';
import { usageError } from './errors.js';

const MAKERS: Record<string, (seed: number) => DNAGenerator> = {
  evolution: (seed) => regularizedEvolution({ populationSize: 20, tournamentSize: 5, seed }),
  regularizedEvolution: (seed) => regularizedEvolution({ seed }),
  random: (seed) => random({ seed }),
  grid: () => grid(),
  hillClimb: (seed) => hillClimb({ seed }),
  tpe: (seed) => tpe({ seed }),
  cmaES: (seed) => cmaES({ seed }),
  ppo: (seed) => ppo({ seed }),
  reinforce: (seed) => reinforce({ seed }),
  nsga2: (seed) => nsga2({ seed }),
};

/** Spellings of tsglove 0.2.0's CLI, still accepted (not listed in the help). */
const OLD_NAMES: Readonly<Record<string, string>> = {
  'regularized-evolution': 'regularizedEvolution',
  'hill-climb': 'hillClimb',
  'cma-es': 'cmaES',
};

/** The names `--algo` takes. */
export const ALGORITHMS: readonly string[] = Object.keys(MAKERS);

/** The algorithm name `name` stands for (an old spelling gives today's name); a usage error lists the names otherwise. */
export function algorithmName(name: string): string {
  const resolved = Object.hasOwn(OLD_NAMES, name) ? OLD_NAMES[name]! : name;
  if (!Object.hasOwn(MAKERS, resolved)) {
    throw usageError(`--algo: unknown algorithm ${JSON.stringify(name)}; choose one of ${ALGORITHMS.join(', ')}`);
  }
  return resolved;
}

/** The algorithm called `name` (or an old spelling of it), seeded; a usage error lists the names otherwise. */
export function makeAlgorithm(name: string, seed: number): DNAGenerator {
  return MAKERS[algorithmName(name)]!(seed);
}
