/**
 * A real architecture search on Fashion-MNIST that trains two candidates at a time, one per core.
 *
 * The space is a small family of conv nets written as symbolic classes holding `oneOf` decisions: a
 * stride-2 stem of 8 or 16 filters, then one to three blocks (each conv 3×3 or 5×5 with 16 or 32
 * filters, BatchNorm, ReLU, optionally a 2×2 max-pool), then a head over the flattened map (a
 * 'valid' conv as wide as the map) straight to the 10 logits or through 64 hidden units — 2,336
 * networks. Each is built as an IR graph. Regularized evolution proposes them through
 * `sample(...).run(...)` with `workers` = threads, so that many trials are in flight (a proposal
 * repeating an evaluated network is redrawn: training is deterministic, a repeat would tell
 * nothing new). Each trial is trained with Adam and scored on held-out validation images (from the
 * last 10,000 of the training split; the test split is never looked at) by a {@link TrialPool}
 * worker thread while the search runs here. Every trial is stored in SQLite (`nas-parallel.db`): `--resume` continues an
 * interrupted search; without it the file starts afresh.
 *
 * Pruning: each trial's thread reports its validation accuracy after every epoch to the study
 * (`pool.train(spec, { trial: feedback })`), and the study's median rule stops a trial whose
 * accuracy is below the median of its peers' at the same epoch (`--pruning none` trains every
 * trial to the end). A pruned trial is stored as pruned with its learning curve; the summary
 * reports the epochs trained against the budget without pruning (trials × epochs).
 *
 * `npx tsx --conditions=source examples/nas-parallel.ts [--trials 40] [--train 2000] [--valid 1000]
 *  [--epochs 3] [--pruning median|none] [--threads 2] [--seed 1] [--db nas-parallel.db] [--resume] [--data DIR]
 *  [--valid-offset 50000]`
 *
 * `--data` reads Fashion-MNIST's gzipped IDX files from DIR instead of Debian's
 * `dataset-fashion-mnist`; validation images start at training image `--valid-offset`.
 */
import { existsSync, rmSync } from 'node:fs';
import { medianStopping, regularizedEvolution, sample, scalarReward, type TrialEvent } from '@tsglove/search';
import { DNA, dnaSpec, format, materialize, oneOf, symbolic, t } from '@tsglove/symbolic';
import { GraphBuilder, type Graph } from '@tsglove/models';
import { TrialPool, hasFashionMnist, type ModelSpec, type PoolTrialResult } from '@tsglove/train';
import { flag, hasFlag, intOption } from './args.js';

const trials = intOption('trials', 40);
const trainImages = intOption('train', 2000);
const validImages = intOption('valid', 1000);
const epochs = intOption('epochs', 3);
const pruningFlag = flag('pruning') ?? 'median';
if (pruningFlag !== 'median' && pruningFlag !== 'none') {
  console.error(`--pruning must be "median" or "none", got ${JSON.stringify(pruningFlag)}`);
  process.exit(2);
}
// Median rule: after an epoch, stop a trial below the median of at least 3 peers at that epoch.
const earlyStopping = pruningFlag === 'median' ? medianStopping({ minSteps: 1, minPeers: 3 }) : undefined;
const threads = intOption('threads', 2);
const seed = intOption('seed', 1);
const db = flag('db') ?? 'nas-parallel.db';
const resume = hasFlag('resume');
const dataDir = flag('data');
const validOffset = intOption('valid-offset', 50_000);
const name = `nas-parallel-seed${seed}`;

/** One block: conv k×k → BatchNorm → ReLU, then a 2×2 max-pool or not. */
class ConvBlock extends symbolic('examples.nasParallel.ConvBlock', {
  filters: t.int({ min: 1 }),
  kernel: t.int({ min: 1, max: 7 }),
  pool: t.bool().describe('2×2 max-pool after the block'),
}) {}

/** The network: a stride-2 stem, the blocks, a head over the flattened map. */
class ConvNet extends symbolic('examples.nasParallel.ConvNet', {
  stem: t.int({ min: 1 }).describe('filters of the 3×3 stride-2 stem conv'),
  blocks: t.list(t.object(ConvBlock), { minSize: 1 }),
  hidden: t.int({ min: 0 }).describe('hidden units of the head (0: straight to the logits)'),
}) {
  /** The IR graph for 28×28×1 images and 10 classes. */
  build(): Graph {
    const g = new GraphBuilder([28, 28, 1], 'convnet');
    let x = g.activation(
      g.batchNorm(g.conv2d(g.input(), { filters: this.stem, kernel: 3, stride: 2, useBias: false }), { momentum: 0.9 }),
      'relu',
    );
    this.blocks.forEach((b, i) => {
      x = g.scope(`block${i}`, () => {
        let h = g.activation(g.batchNorm(g.conv2d(x, { filters: b.filters, kernel: b.kernel, useBias: false }), { momentum: 0.9 }), 'relu');
        if (b.pool) h = g.maxPool(h, { size: 2 });
        return h;
      });
    });
    // A conv as large as the map, 'valid': a dense layer over the flattened features.
    const flat = (units: number, name: string) => g.conv2d(x, { filters: units, kernel: x.shape[0]!, padding: 'valid', name });
    if (this.hidden > 0) {
      x = g.activation(flat(this.hidden, 'head/hidden'), 'relu');
      return g.build(g.dense(g.globalPool(x), { units: 10, name: 'head/logits' }));
    }
    return g.build(g.globalPool(flat(10, 'head/logits')));
  }
}

const block = (): ConvBlock => new ConvBlock({ filters: oneOf([16, 32]), kernel: oneOf([3, 5]), pool: oneOf([false, true]) });
const space = new ConvNet({
  stem: oneOf([8, 16]),
  blocks: oneOf([[block()], [block(), block()], [block(), block(), block()]]),
  hidden: oneOf([0, 64]),
});

if (!hasFashionMnist(dataDir)) {
  console.error(
    dataDir
      ? `no Fashion-MNIST IDX files in ${dataDir}`
      : 'Fashion-MNIST is not installed: apt-get install dataset-fashion-mnist (or pass --data DIR)',
  );
  process.exit(1);
}
if (!resume) for (const suffix of ['', '-wal', '-shm']) if (existsSync(db + suffix)) rmSync(db + suffix);

const spec = dnaSpec(space);
console.log(
  `Search space: ${spec.spaceSize.toLocaleString('en-US')} conv nets — stem 8|16, 1–3 × block(filters 16|32, kernel 3|5, max-pool or not), head 0|64 hidden`,
);
console.log(
  `Data: ${trainImages} training images, ${validImages} validation images (train split ${validOffset.toLocaleString('en-US')}+), ${epochs} epoch(s) per trial`,
);
console.log(`Pruning: ${earlyStopping ? earlyStopping.name : 'none'}`);
const started = performance.now();
const pool = await TrialPool.create({
  threads,
  backend: 'wasm',
  data: {
    source: 'fashionMnist',
    train: { dir: dataDir, limit: trainImages },
    test: { dir: dataDir, split: 'train', offset: validOffset, limit: validImages },
  },
});
console.log(`${threads} trial thread(s) ready in ${((performance.now() - started) / 1000).toFixed(1)} s; trials are stored in ${db}\n`);
process.on('SIGINT', () => {
  console.log(`\n\ninterrupted: every reported trial is in ${db}; add --resume to continue`);
  process.exit(130);
});

const results: PoolTrialResult[] = [];
let failed = 0;
let pruned = 0;
const tty = process.stdout.isTTY === true;
const searchStart = performance.now();
/** The progress line, after every trial (`onTrial`): done, best so far, rate, trials in flight. */
const progress = (e: TrialEvent): void => {
  if (e.trial.status === 'failed') failed++;
  const minutes = (performance.now() - searchStart) / 60_000;
  const best = e.best ? `best ${(100 * scalarReward(e.best.reward)).toFixed(2)}% (trial ${e.best.id})` : 'best -';
  const line =
    `trials ${String(e.numCompleted).padStart(3)}/${trials}  ${best}  ${(results.length / minutes).toFixed(1)} trials/min` +
    `  ${pool.pending} training  ${(minutes * 60).toFixed(0)} s${failed ? `  ${failed} failed` : ''}`;
  if (tty) process.stdout.write(`\r${line}   `);
  else console.log(line);
};

const sampling = sample(space, regularizedEvolution({ populationSize: 10, tournamentSize: 3, dedupRetries: 10, seed }), {
  numExamples: trials,
  workers: threads,
  storage: `sqlite:${db}`,
  name,
  onTrial: progress,
  earlyStopping,
});
const study = await sampling.study;
if (study.numTrials > 0) console.log(`resuming study "${name}" from ${study.numTrials} stored trials`);

await sampling.run(
  async (net, feedback) => {
    const model: ModelSpec = { kind: 'graph', graph: net.build().toJSON(), seed };
    // With `trial`, the thread reports each epoch to the study and stops when its policy says so.
    const trial = earlyStopping ? feedback : undefined;
    const r = await pool.train(model, { epochs, batchSize: 32, optimizer: 'adam', lr: 3e-3, seed, trial });
    results.push(r);
    if (r.stopped) {
      pruned++;
      await feedback.prune(`pruned after epoch ${r.epochs} of ${epochs}`);
    }
    return { reward: r.accuracy, metrics: { params: r.params, seconds: r.seconds, loss: r.loss } };
  },
  { onError: 'fail' },
);
const wall = (performance.now() - searchStart) / 1000;
if (tty) process.stdout.write('\n');
await pool.close();

const completed = (await study.trials()).filter((tr) => tr.status === 'completed');
if (completed.length === 0) {
  console.log('\nno trial completed');
  process.exit(1);
}
const best = completed.reduce((b, tr) => (scalarReward(tr.reward!) > scalarReward(b.reward!) ? tr : b));
const bestNet = materialize(space, DNA.fromJSON(best.dna, study.spec));
const trainSeconds = results.reduce((s, r) => s + r.seconds, 0);
const fmt = (n: number): string => n.toLocaleString('en-US');
console.log('\nSummary');
console.log(
  `  trials       ${results.length} trained in this run (${pruned} pruned, ${failed} failed), ${completed.length} completed in the study; ` +
    `${wall.toFixed(1)} s, ${(results.length / (wall / 60)).toFixed(1)} trials/min`,
);
console.log(
  `  best         trial ${best.id}: ${(100 * scalarReward(best.reward!)).toFixed(2)}% validation accuracy, ${fmt(Number(best.metrics?.['params']))} params`,
);
console.log(`               ${format(bestNet, { compact: true })}`);
// Compute saved: epochs trained against the budget without pruning (every trial of this run to the end).
const trained = results.reduce((n, r) => n + r.epochs, 0);
const budget = results.length * epochs;
console.log(
  `  pruning      ${earlyStopping ? earlyStopping.name : 'none'}: ${pruned} of ${results.length} trials pruned; ` +
    `${fmt(trained)} of ${fmt(budget)} epochs trained (${((100 * (budget - trained)) / budget).toFixed(1)}% of the budget saved)`,
);
// Per-trial seconds are measured while the threads share the machine, so this is the overlap of
// the trials, an upper bound on the speedup over one thread (which trains each trial a bit faster).
console.log(
  `  speedup      ${threads} thread(s): ${trainSeconds.toFixed(1)} s of training in ${wall.toFixed(1)} s = ${(trainSeconds / wall).toFixed(2)}× (trials overlapped)`,
);
console.log(`\nLook at the study:\n  npm run tsglove -- study show sqlite:${db} ${name}\n  npm run tsglove -- dashboard sqlite:${db}`);
