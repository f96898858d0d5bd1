/**
 * One entry point for the three ways of searching a space — swap the method, keep the space and
 * the data:
 *
 * ```ts
 * const result = await searchArchitecture(space, data, darts({ steps: 100 }));
 * //                                                    enas({ epochs: 5 }) / nasEvolution({ trials: 10 })
 * ```
 */
import { ModelsError } from '@tsglove/models';
import type { NasSpace } from './space.js';
import type { NasSplits } from './data.js';
import { dartsLoop, type DartsOptions, type DartsResult } from './darts.js';
import { enasLoop, type EnasOptions, type EnasResult } from './enas.js';
import { driveWithTrial, type TrialOption } from './search-trial.js';
import { runEvolution, type NasEvolutionOptions, type EvolutionResult } from './evolution.js';

/** A NAS method with its options, made by {@link darts}, {@link enas} or {@link nasEvolution}. */
export interface NasMethod<R extends NasResult = NasResult> {
  readonly name: 'darts' | 'enas' | 'evolution';
  run(space: NasSpace, data: NasSplits): Promise<R>;
}

/** What every method returns. */
export type NasResult = DartsResult | EnasResult | EvolutionResult;

/** First-order DARTS (see `runDarts`); with `trial`, wired to a study's early stopping (see `search-trial.ts`). */
export function darts(options: DartsOptions & TrialOption = {}): NasMethod<DartsResult> {
  const { trial, ...rest } = options;
  return { name: 'darts', run: async (space, data) => driveWithTrial(dartsLoop(space, data, rest), trial) };
}

/** ENAS with a REINFORCE (or any) controller (see `runEnas`); with `trial`, wired to a study's early stopping. */
export function enas(options: EnasOptions & TrialOption = {}): NasMethod<EnasResult> {
  const { trial, ...rest } = options;
  return { name: 'enas', run: async (space, data) => driveWithTrial(enasLoop(space, data, rest), trial) };
}

/**
 * Stand-alone search, regularized evolution by default (see `runEvolution`). Named apart from
 * `evolution` of `@tsglove/search`, the evolution engine (a `DNAGenerator`), which this method can run.
 */
export function nasEvolution(options: NasEvolutionOptions = {}): NasMethod<EvolutionResult> {
  return { name: 'evolution', run: (space, data) => runEvolution(space, data, options) };
}

/** @deprecated Renamed {@link nasEvolution}: `evolution` is `@tsglove/search`'s evolution engine. */
export const evolution = nasEvolution;

/** Searches `space` with `method`; returns the chosen DNA and the method's record. */
export async function searchArchitecture<R extends NasResult>(space: NasSpace, data: NasSplits, method: NasMethod<R>): Promise<R> {
  if (!method || typeof method.run !== 'function') {
    throw new ModelsError('expected a NAS method: darts(...), enas(...) or nasEvolution(...)', 'method');
  }
  return method.run(space, data);
}
