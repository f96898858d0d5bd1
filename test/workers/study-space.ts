/** The small space, algorithm and deterministic reward the reliability tests' workers search. */
import { floatValue, oneOf } from '@tsglove/symbolic';
import { random, regularizedEvolution, type DNAGenerator } from '@tsglove/search';

/** A small conditional space (choices and a float). */
export function workerSpace() {
  return {
    op: oneOf([{ kind: 'conv', kernel: oneOf([1, 3, 5, 7]) }, { kind: 'pool', size: oneOf([2, 3]) }, 'identity']),
    width: oneOf([8, 16, 32, 64]),
    depth: oneOf([1, 2, 3, 4, 5]),
    lr: floatValue(0.001, 0.1),
  };
}

/** A deterministic reward of an example (so a re-run trial gets the same one). */
export function workerReward(example: ReturnType<typeof workerSpace> | Record<string, unknown>): number {
  const e = example as { op: { kernel?: number; size?: number } | string; width: number; depth: number; lr: number };
  const op = typeof e.op === 'string' ? 0.5 : (e.op.kernel ?? e.op.size ?? 0) / 7;
  return Math.round((op + Math.log2(e.width) / 6 - Math.abs(e.depth - 3) / 4 - Math.abs(Math.log10(e.lr) + 2)) * 1e6) / 1e6;
}

/** The algorithm by name, with a fixed seed: evolution depends on the order of feedback. */
export function workerAlgorithm(name: string, seed: number): DNAGenerator {
  if (name === 'random') return random({ seed });
  return regularizedEvolution({ populationSize: 6, tournamentSize: 3, seed });
}
