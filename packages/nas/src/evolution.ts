/**
 * Search without weight sharing: the space's function handed as is to `sample()` of
 * `@tsglove/search` (define-by-run: traced, then run under `context.apply(dna, fn)` per trial) with
 * any `DNAGenerator` — regularized evolution by default — and every proposed child trained
 * stand-alone from scratch by {@link trainChild}; its validation metric is the reward.
 */
import { regularizedEvolution, sample, type DNAGenerator } from '@tsglove/search';
import type { DNA } from '@tsglove/symbolic';
import type { NasSpace } from './space.js';
import type { NasSplits } from './data.js';
import { checkInt } from './data.js';
import { trainChild, type ChildResult, type TrainChildOptions } from './child.js';

/** Options of {@link runEvolution}. */
export interface NasEvolutionOptions extends TrainChildOptions {
  /** The algorithm (default `regularizedEvolution({ populationSize: 8, tournamentSize: 3, seed })`). */
  algorithm?: DNAGenerator;
  /** Children trained (default 20). */
  trials?: number;
  /** Called after every trial. */
  onTrial?: (trial: number, child: ChildResult) => void;
}

/** @deprecated Renamed {@link NasEvolutionOptions}: `EvolutionOptions` is `@tsglove/search`'s evolution engine's. */
export type EvolutionOptions = NasEvolutionOptions;

/** What {@link runEvolution} found. */
export interface EvolutionResult {
  method: 'evolution';
  /** The best child's DNA. */
  dna: DNA;
  label: string;
  /** Every trained child, in order. */
  children: ChildResult[];
  ms: number;
}

/** Runs a stand-alone search over `space` (see the module comment). */
export async function runEvolution(space: NasSpace, data: NasSplits, options: NasEvolutionOptions = {}): Promise<EvolutionResult> {
  const start = performance.now();
  const trials = checkInt(options.trials ?? 20, 'trials');
  const seed = options.seed ?? 0;
  const algorithm = options.algorithm ?? regularizedEvolution({ populationSize: 8, tournamentSize: 3, seed });
  const children: ChildResult[] = [];
  // The study traces `() => space.probe()`: the same model function, with throwaway weights.
  for await (const [, feedback] of sample(() => space.probe(), algorithm, { numExamples: trials, seed })) {
    const child = trainChild(space, feedback.dna, data, { ...options, seed: seed + children.length });
    children.push(child);
    await feedback.report({ reward: child.metric, metrics: { params: child.params } });
    options.onTrial?.(children.length - 1, child);
  }
  const best = children.reduce((a, b) => (b.metric > a.metric ? b : a));
  return { method: 'evolution', dna: best.dna, label: best.label, children, ms: performance.now() - start };
}
