/**
 * The NAS-Bench-Macro table (CIFAR-10 results of all 6,561 networks), shipped in
 * `packages/models/data/nas-bench-macro/cifar10.json` (Apache-2.0, Su et al. 2021).
 */
import { readFileSync } from 'node:fs';
import { ModelsError } from '../errors.js';
import { parseNasBenchMacroKey } from './model.js';

/** One trained network of the benchmark. */
export interface NasBenchMacroEntry {
  /** 8 characters over {0,1,2}. */
  key: string;
  /** Test accuracy (%) of three training runs. */
  testAcc: readonly number[];
  /** Mean test accuracy (%). */
  meanAcc: number;
  std: number;
  params: number;
  /** Multiply-adds. */
  flops: number;
}

/** Lookup table of NAS-Bench-Macro. */
export interface NasBenchMacroTable {
  readonly entries: readonly NasBenchMacroEntry[];
  /** The entry of a key (throws for a malformed key). */
  get(key: string): NasBenchMacroEntry;
  /** The entry with the best mean accuracy. */
  readonly best: NasBenchMacroEntry;
}

let cached: NasBenchMacroTable | undefined;

/** Loads (once) and returns the NAS-Bench-Macro table. */
export function nasBenchMacroTable(): NasBenchMacroTable {
  if (cached) return cached;
  const url = new URL('../../data/nas-bench-macro/cifar10.json', import.meta.url);
  const raw = JSON.parse(readFileSync(url, 'utf8')) as Record<
    string,
    { test_acc: number[]; mean_acc: number; std: number; params: number; flops: number }
  >;
  const byKey = new Map<string, NasBenchMacroEntry>();
  for (const [key, v] of Object.entries(raw)) {
    byKey.set(key, { key, testAcc: v.test_acc, meanAcc: v.mean_acc, std: v.std, params: v.params, flops: v.flops });
  }
  const entries = [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : 1));
  const best = entries.reduce((a, b) => (b.meanAcc > a.meanAcc ? b : a));
  cached = {
    entries,
    best,
    get(key: string): NasBenchMacroEntry {
      parseNasBenchMacroKey(key);
      const e = byKey.get(key);
      if (!e) throw new ModelsError(`${JSON.stringify(key)} is not in the table`, 'key');
      return e;
    },
  };
  return cached;
}
