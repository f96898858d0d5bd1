/**
 * Weight-sharing NAS on Fashion-MNIST (workloads NAS-ENAS and NAS-DARTS): search a small cell space
 * with ENAS or first-order DARTS on a subset of the training images (split into train/valid), then
 * retrain the chosen child stand-alone and compare it with N random children of the same space
 * trained the same way (same steps, same seeds), all measured on a subset of the test images.
 *
 * The space (4 decisions × 5 ops = 625 architectures): stem conv3×3/2 (8 ch, 14×14) → cell0, cell1
 * → maxpool/2 + conv1×1 to 16 ch (7×7) → cell2, cell3 → flatten → dense 10, each cell
 * ∈ {conv3x3, conv5x5, sepconv3x3, maxpool3x3, identity} (convs with ReLU). Weights are trained
 * with Adam (lr 3e-3) everywhere — in the supernets and in every stand-alone retraining.
 *
 * Budget by environment variables (defaults = the full configuration, about 3–6 min per workload
 * with the SIMD wasm kernels; `NAS_SHORT=1` selects the short preset in parentheses):
 *   NAS_TRAIN_IMAGES 6000 (1200) — first N training images; 5/6 train, 1/6 valid
 *   NAS_TEST_IMAGES 2000 (500) — first N test images, for the retrained children
 *   NAS_DARTS_STEPS 500 (40) — DARTS bilevel steps
 *   NAS_DARTS_ARCH_LR 0.003 (0.03) — Adam learning rate of α (larger for the short run's few steps)
 *   NAS_ENAS_EPOCHS 30 (2), NAS_ENAS_WEIGHT_STEPS 150 (20), NAS_ENAS_CONTROLLER_STEPS 20 (10)
 *     (10 × 60 weight steps left ENAS preferring parameter-free ops: 79.0% vs the random median 81.4%)
 *   NAS_RETRAIN_STEPS 300 (60) — steps of every stand-alone retraining (batch 64)
 *   NAS_RANDOM_CHILDREN 8 (3) — random children of the baseline
 *   NAS_SEEDS 3 (3) — seeds per retrained child (the reported accuracy is their mean)
 *   NAS_BACKEND wasm — wasm | cpu | node
 * Full run: `npx tsx --conditions=source bench/run.ts NAS-ENAS NAS-DARTS`.
 * Short run: `NAS_SHORT=1 npx tsx --conditions=source bench/run.ts NAS-ENAS NAS-DARTS`.
 */
import * as tf from '@tensorflow/tfjs';
import { seededRandom } from '@tsglove/symbolic';
import type { DNA } from '@tsglove/symbolic';
import { adam, initBackend, loadFashionMnist, type BackendName, type Optimizer } from '@tsglove/train';
import {
  fromImageDataset,
  nasSpace,
  opChoice,
  runDarts,
  runEnas,
  trainChild,
  type NasData,
  type NasSpace,
  type NasSplits,
} from '@tsglove/nas';
import { median, type Workload, type WorkloadResult } from './harness.js';

const short = process.env.NAS_SHORT === '1';
function env(name: string, full: number, shortValue: number): number {
  const raw = process.env[name];
  const v = raw === undefined ? (short ? shortValue : full) : Number(raw);
  if (!Number.isInteger(v) || v < 1) throw new Error(`${name}: expected an integer >= 1, got ${raw}`);
  return v;
}

const config = {
  trainImages: env('NAS_TRAIN_IMAGES', 6000, 1200),
  testImages: env('NAS_TEST_IMAGES', 2000, 500),
  dartsSteps: env('NAS_DARTS_STEPS', 500, 40),
  dartsArchLr: Number(process.env.NAS_DARTS_ARCH_LR ?? (short ? 0.03 : 0.003)),
  enasEpochs: env('NAS_ENAS_EPOCHS', 30, 2),
  enasWeightSteps: env('NAS_ENAS_WEIGHT_STEPS', 150, 20),
  enasControllerSteps: env('NAS_ENAS_CONTROLLER_STEPS', 20, 10),
  retrainSteps: env('NAS_RETRAIN_STEPS', 300, 60),
  randomChildren: env('NAS_RANDOM_CHILDREN', 8, 3),
  seeds: env('NAS_SEEDS', 3, 3),
  backend: (process.env.NAS_BACKEND ?? 'wasm') as BackendName,
  batchSize: 64,
  lr: 3e-3,
};
const optimizer = (): Optimizer => adam();

/** The cell space of the module comment. */
export function fmnistCellSpace(): NasSpace {
  return nasSpace(
    (x, nn) => {
      const cell = (h: tf.Tensor, c: number, name: string): tf.Tensor =>
        opChoice(name, {
          conv3x3: () => nn.conv2d(h, c, { kernelSize: 3, activation: 'relu' }),
          conv5x5: () => nn.conv2d(h, c, { kernelSize: 5, activation: 'relu' }),
          sepconv3x3: () => nn.sepConv2d(h, c, { kernelSize: 3, activation: 'relu' }),
          maxpool3x3: () => tf.maxPool(h as tf.Tensor4D, 3, 1, 'same'),
          identity: () => h,
        });
      let h = nn.conv2d(x, 8, { kernelSize: 3, strides: 2, activation: 'relu' });
      h = cell(h, 8, 'cell0');
      h = cell(h, 8, 'cell1');
      h = nn.conv2d(tf.maxPool(h as tf.Tensor4D, 2, 2, 'valid'), 16, { kernelSize: 1, activation: 'relu' });
      h = cell(h, 16, 'cell2');
      h = cell(h, 16, 'cell3');
      return nn.dense(tf.reshape(h, [h.shape[0]!, -1]), 10);
    },
    { inputShape: [28, 28, 1] },
  );
}

interface Prepared {
  space: NasSpace;
  search: NasSplits;
  /** Retraining split: all search images train, the test subset measures. */
  retrain: NasSplits;
  random: Array<{ label: string; accuracy: number }>;
  randomMs: number;
}

let prepared: Promise<Prepared> | undefined;

/** Mean test accuracy of a child over the seeds (each seed: fresh weights and batch order). */
function retrain(space: NasSpace, dna: DNA, data: NasSplits): { accuracy: number; params: number; perSeed: number[] } {
  const perSeed: number[] = [];
  let params = 0;
  for (let s = 0; s < config.seeds; s++) {
    const r = trainChild(space, dna, data, {
      steps: config.retrainSteps,
      batchSize: config.batchSize,
      lr: config.lr,
      optimizer,
      seed: 1000 + s,
    });
    perSeed.push(r.metric);
    params = r.params;
  }
  return { accuracy: perSeed.reduce((a, b) => a + b, 0) / perSeed.length, params, perSeed };
}

function slice(d: NasData, start: number, size: number): NasData {
  return { x: tf.slice(d.x, start, size), y: tf.slice(d.y, start, size) };
}

async function prepare(): Promise<Prepared> {
  await initBackend(config.backend);
  const space = fmnistCellSpace();
  const all = fromImageDataset(loadFashionMnist({ limit: config.trainImages }));
  const test = fromImageDataset(loadFashionMnist({ split: 'test', limit: config.testImages }));
  const nTrain = Math.floor((config.trainImages * 5) / 6);
  const search = { train: slice(all, 0, nTrain), valid: slice(all, nTrain, config.trainImages - nTrain) };
  const retrainData = { train: all, valid: test };
  const start = performance.now();
  const random = seededRandom(7);
  const children: Prepared['random'] = [];
  for (let i = 0; i < config.randomChildren; i++) {
    const dna = space.randomDNA(random);
    const r = retrain(space, dna, retrainData);
    children.push({ label: space.describe(dna), accuracy: r.accuracy });
    console.error(`  random child ${i + 1}/${config.randomChildren}: ${space.describe(dna)} -> ${(100 * r.accuracy).toFixed(1)}%`);
  }
  return { space, search, retrain: retrainData, random: children, randomMs: performance.now() - start };
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

async function runWorkload(method: 'enas' | 'darts'): Promise<WorkloadResult> {
  prepared ??= prepare();
  const p = await prepared;
  const start = performance.now();
  const found =
    method === 'darts'
      ? runDarts(p.space, p.search, {
          steps: config.dartsSteps,
          batchSize: config.batchSize,
          lr: config.lr,
          optimizer,
          archLr: config.dartsArchLr,
          seed: 0,
        })
      : runEnas(p.space, p.search, {
          epochs: config.enasEpochs,
          weightSteps: config.enasWeightSteps,
          controllerSteps: config.enasControllerSteps,
          batchSize: config.batchSize,
          rewardBatchSize: 128,
          lr: config.lr,
          optimizer,
          finalSamples: 10,
          seed: 0,
        });
  const searchSeconds = (performance.now() - start) / 1000;
  const t1 = performance.now();
  const chosen = retrain(p.space, found.dna, p.retrain);
  const retrainSeconds = (performance.now() - t1) / 1000;
  const accs = p.random.map((c) => c.accuracy);
  const med = median(accs);
  const best = Math.max(...accs);
  const extra =
    method === 'darts'
      ? `softmax(α) at the end: ${Object.entries((found as ReturnType<typeof runDarts>).probabilities)
          .map(([k, v]) => `${k} [${v.map((q) => q.toFixed(2)).join(', ')}]`)
          .join('; ')}`
      : `controller mean reward per epoch: ${(found as ReturnType<typeof runEnas>).epochs.map((e) => pct(e.meanReward)).join(' → ')}; ` +
        `chosen path's accuracy under the shared weights: ${pct((found as ReturnType<typeof runEnas>).sharedMetric)}`;
  const markdown = [
    `**${short ? 'SHORT configuration (a few minutes, shared machine) — not the full budget' : 'Full configuration'}**, ` +
      `backend ${tf.getBackend()}, ${new Date().toISOString().slice(0, 16)}Z.`,
    '',
    `Search on the first ${config.trainImages} Fashion-MNIST training images (${p.search.train.x.shape[0]} train / ` +
      `${p.search.valid.x.shape[0]} valid); every retrained child: ${config.retrainSteps} steps of batch ${config.batchSize} ` +
      `(Adam, lr ${config.lr}) on all ${config.trainImages} images, accuracy on the first ${config.testImages} test images, ` +
      `mean of ${config.seeds} seed(s). Search budget: ${
        method === 'darts'
          ? `${config.dartsSteps} DARTS steps (α: Adam lr ${config.dartsArchLr})`
          : `${config.enasEpochs} epochs × (${config.enasWeightSteps} weight + ${config.enasControllerSteps} controller steps) after ${config.enasWeightSteps} warm-up steps`
      }.`,
    '',
    '| | architecture | test accuracy | params |',
    '|---|---|---|---|',
    `| ${method.toUpperCase()} choice | ${found.label} | ${pct(chosen.accuracy)} (seeds ${chosen.perSeed.map(pct).join(', ')}) | ${chosen.params} |`,
    `| random children (N=${accs.length}) median | | ${pct(med)} | |`,
    `| random children best | ${p.random[accs.indexOf(best)]!.label} | ${pct(best)} | |`,
    '',
    `Wall time: search ${searchSeconds.toFixed(0)} s, retraining the choice ${retrainSeconds.toFixed(0)} s, ` +
      `the random baseline ${(p.randomMs / 1000).toFixed(0)} s (shared by both workloads). ${extra}.`,
    '',
    `Random children: ${p.random.map((c) => `${c.label} → ${pct(c.accuracy)}`).join('; ')}.`,
    '',
    'Full configuration: `npx tsx --conditions=source bench/run.ts NAS-ENAS NAS-DARTS` (defaults in bench/nas-fmnist.bench.ts).',
  ].join('\n');
  return {
    primary: 'chosenAccuracy',
    unit: 'test acc',
    metrics: {
      chosenAccuracy: chosen.accuracy,
      randomMedianAccuracy: med,
      randomBestAccuracy: best,
      searchSeconds,
      retrainSeconds,
      randomBaselineSeconds: p.randomMs / 1000,
      short: short ? 1 : 0,
    },
    reference: { value: med, label: `median of ${accs.length} random children` },
    markdown,
  };
}

export const workloads: Workload[] = [
  {
    id: 'NAS-ENAS',
    title: 'ENAS (REINFORCE controller, shared weights) on a Fashion-MNIST cell space, chosen child retrained',
    run: () => runWorkload('enas'),
  },
  { id: 'NAS-DARTS', title: 'first-order DARTS on a Fashion-MNIST cell space, chosen child retrained', run: () => runWorkload('darts') },
];
