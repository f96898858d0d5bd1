/**
 * `npm run demo`: a real architecture search on the embedded default storage. Regularized evolution
 * (population 50, tournament 10) searches the NAS-Bench-Macro space — 8 × oneOf([identity, MBConv
 * e3k3, MBConv e6k5]), 6,561 networks whose CIFAR-10 accuracy is tabulated (Su et al. 2021) — for
 * 500 trials with a live progress line, then random search runs the same space with the same budget
 * by changing one argument. Every trial is stored durably in a SQLite file (`tsglove-demo.db`), so
 * the studies can be inspected afterwards with the `tsglove` CLI or its dashboard, and an
 * interrupted demo continues where it stopped with `--resume`. The summary gives the regret to the
 * best network of the whole benchmark.
 *
 * Options: `npm run demo -- --trials 300 --seed 7 --db ./my.db --resume`.
 */
import { existsSync, rmSync } from 'node:fs';
import { regularizedEvolution, random, sample, scalarReward, type DNAGenerator } from '@tsglove/search';
import { nasBenchMacroSpace, nasBenchMacroTable } from '@tsglove/models';
import { format } from '@tsglove/symbolic';
import { flag, hasFlag, intOption } from './args.js';

const trials = intOption('trials', 500);
const seed = intOption('seed', 1);
const db = flag('db') ?? 'tsglove-demo.db';
const resume = hasFlag('resume');
const storage = `sqlite:${db}`;

const table = nasBenchMacroTable();
const space = nasBenchMacroSpace();
const tty = process.stdout.isTTY === true;

if (!resume) for (const suffix of ['', '-wal', '-shm']) if (existsSync(db + suffix)) rmSync(db + suffix);
process.on('SIGINT', () => {
  console.log(
    `\n\ninterrupted: every reported trial is in ${db}; \`npm run demo -- --resume${db === 'tsglove-demo.db' ? '' : ` --db ${db}`}\` continues`,
  );
  process.exit(130);
});

interface Outcome {
  bestKey: string;
  bestAcc: number;
  foundAt: number;
  searched: number;
  seconds: number;
}

async function search(label: string, name: string, algorithm: DNAGenerator): Promise<Outcome> {
  const sampling = sample(space, algorithm, { numExamples: trials, seed, storage, name });
  const study = await sampling.study;
  const resumedFrom = study.numCompleted;
  const start = performance.now();
  const line = (): string => {
    const done = study.numCompleted;
    const rate = (done - resumedFrom) / ((performance.now() - start) / 1000);
    const eta = rate > 0 ? (trials - done) / rate : 0;
    const width = 24;
    const filled = Math.round((done / trials) * width);
    const best = study.best ? `best ${scalarReward(study.best.reward).toFixed(2)}% (trial ${study.best.id})` : 'best -';
    return `${label.padEnd(22)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(done).padStart(4)}/${trials}  ${best}  ${rate.toFixed(0)} trials/s  ETA ${eta.toFixed(1)}s`;
  };
  if (resumedFrom > 0) console.log(`${label}: resuming study "${name}" from ${resumedFrom} stored trials`);
  for await (const [net, feedback] of sampling) {
    const entry = table.get(net.key); // the "training": a lookup of the tabulated accuracy
    await feedback.report({ reward: entry.meanAcc, metrics: { params: entry.params } });
    if (tty) process.stdout.write(`\r${line()}`);
    else if (study.numCompleted % 100 === 0 || study.numCompleted === trials) console.log(line());
  }
  if (tty) process.stdout.write(`\r${line()}\n`);
  const seconds = (performance.now() - start) / 1000;
  // The outcome comes from the stored trials, so a resumed study reports the whole search.
  const best = study.best!;
  const bestKey = study.bestExample()!.key;
  return { bestKey, bestAcc: scalarReward(best.reward), foundAt: best.id, searched: study.numCompleted - resumedFrom, seconds };
}

console.log(`Search space: ${format(space, { compact: true })}`);
console.log(`NAS-Bench-Macro: ${table.entries.length} networks; best ${table.best.key} at ${table.best.meanAcc.toFixed(2)}%`);
console.log(`Trials are stored in ${db} (SQLite, the embedded default storage)\n`);

const evolution = await search(
  'regularized evolution',
  `evolution-seed${seed}`,
  regularizedEvolution({ populationSize: 50, tournamentSize: 10, seed }),
);
const randomSearch = await search('random search', `random-seed${seed}`, random({ seed }));

console.log('\nSummary (regret = best accuracy of the benchmark − best found, in accuracy points):');
for (const [label, o] of [
  ['regularized evolution', evolution],
  ['random search', randomSearch],
] as const) {
  console.log(
    `  ${label.padEnd(22)} best ${o.bestKey} ${o.bestAcc.toFixed(2)}% (trial ${o.foundAt})` +
      `  regret ${(table.best.meanAcc - o.bestAcc).toFixed(3)}  ${o.searched > 0 ? `${(o.searched / o.seconds).toFixed(0)} trials/s` : ''}`,
  );
}
console.log(
  `\nLook at the stored studies:\n  npm run tsglove -- study list sqlite:${db}\n  npm run tsglove -- study show sqlite:${db} evolution-seed${seed} --limit 10\n  npm run tsglove -- dashboard sqlite:${db}`,
);
