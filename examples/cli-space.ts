/**
 * A space module for `tsglove search` (the contract: export `space` and `evaluate(example)`):
 * NAS-Bench-Macro — 8 layers × {identity, MB3, MB6}, 6,561 networks, each with its CIFAR-10
 * accuracy from the benchmark table, so a search runs in seconds with real rewards.
 *
 *   npm run tsglove -- search examples/cli-space.ts --algo evolution --trials 200 --storage sqlite:./nas.db
 *   npm run tsglove -- dashboard sqlite:./nas.db
 */
import { nasBenchMacroSpace, nasBenchMacroTable, type NasBenchMacro } from '@tsglove/models';

/** The search space: a NasBenchMacro whose 8 layer ops are `oneOf([0, 1, 2])`. */
export const space = nasBenchMacroSpace();

/** Reward: the network's mean CIFAR-10 test accuracy (%), with its size and FLOPs as metrics. */
export function evaluate(net: NasBenchMacro): { reward: number; metrics: Record<string, number> } {
  const entry = nasBenchMacroTable().get(net.key);
  return { reward: entry.meanAcc, metrics: { params: entry.params, flops: entry.flops } };
}
