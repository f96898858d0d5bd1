/**
 * `npm run demo`: a real architecture search. Regularized evolution (population 50, tournament 10)
 * searches the NAS-Bench-Macro space — 8 × oneOf([identity, MBConv e3k3, MBConv e6k5]), 6,561
 * networks whose CIFAR-10 accuracy is tabulated (Su et al. 2021) — for 500 trials with a live
 * progress line, then random search runs the same space with the same budget by changing one
 * argument. The summary gives the regret to the best network of the whole benchmark.
 *
 * Options: `npm run demo -- --trials 300 --seed 7`.
 */
import { regularizedEvolution, random, sample, type DNAGenerator } from '@tsglove/search';
import { nasBenchMacroSpace, nasBenchMacroTable } from '@tsglove/models';
import { format } from '@tsglove/symbolic';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  const value = i >= 0 ? Number(args[i + 1]) : fallback;
  if (!Number.isInteger(value) || value <= 0) {
    console.error(`--${name} must be a positive integer, got ${args[i + 1]}`);
    process.exit(2);
  }
  return value;
};
const trials = option('trials', 500);
const seed = option('seed', 1);

const table = nasBenchMacroTable();
const space = nasBenchMacroSpace();
const tty = process.stdout.isTTY === true;

interface Outcome {
  bestKey: string;
  bestAcc: number;
  foundAt: number;
  seconds: number;
}

async function search(label: string, algorithm: DNAGenerator): Promise<Outcome> {
  const start = performance.now();
  let best = { key: '', acc: -Infinity, at: 0 };
  const line = (done: number): string => {
    const rate = done / ((performance.now() - start) / 1000);
    const eta = rate > 0 ? (trials - done) / rate : 0;
    const width = 24;
    const filled = Math.round((done / trials) * width);
    return (
      `${label.padEnd(22)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(done).padStart(4)}/${trials}` +
      `  best ${best.acc.toFixed(2)}% (${best.key})  ${rate.toFixed(0)} trials/s  ETA ${eta.toFixed(1)}s`
    );
  };
  let done = 0;
  for await (const [net, feedback] of sample(space, algorithm, { numExamples: trials, seed })) {
    const acc = table.get(net.key).meanAcc; // the "training": a lookup of the tabulated accuracy
    await feedback.report({ reward: acc, metrics: { params: table.get(net.key).params } });
    done++;
    if (acc > best.acc) best = { key: net.key, acc, at: done };
    if (tty) process.stdout.write(`\r${line(done)}`);
    else if (done % 100 === 0 || done === trials) console.log(line(done));
  }
  if (tty) process.stdout.write(`\r${line(done)}\n`);
  return { bestKey: best.key, bestAcc: best.acc, foundAt: best.at, seconds: (performance.now() - start) / 1000 };
}

console.log(`Search space: ${format(space, { compact: true })}`);
console.log(`NAS-Bench-Macro: ${table.entries.length} networks; best ${table.best.key} at ${table.best.meanAcc.toFixed(2)}%\n`);

const evolution = await search('regularized evolution', regularizedEvolution({ populationSize: 50, tournamentSize: 10, seed }));
const randomSearch = await search('random search', random({ seed }));

console.log('\nSummary (regret = best accuracy of the benchmark − best found, in accuracy points):');
for (const [label, o] of [['regularized evolution', evolution], ['random search', randomSearch]] as const) {
  console.log(
    `  ${label.padEnd(22)} best ${o.bestKey} ${o.bestAcc.toFixed(2)}% (trial ${o.foundAt})` +
      `  regret ${(table.best.meanAcc - o.bestAcc).toFixed(3)}  ${(trials / o.seconds).toFixed(0)} trials/s`,
  );
}
