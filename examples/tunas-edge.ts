/**
 * Hardware-aware NAS for an edge accelerator, small enough for a laptop: one symbolic MBConv
 * space (`mbconvSpace()`: per block kernel {3,5,7}, expansion {3,6}, squeeze-excite {off, 0.25},
 * kept or not; per stage output filters), three searches with TuNAS's absolute reward
 * `accuracy − 0.07·|latency/target − 1|` where latency is the simulated Edge TPU's
 * (`estimate(edgeTpu(), ops(child))`):
 *
 * 1. one-shot: a weight-sharing supernet and a REINFORCE controller (`runTunas`);
 * 2. regularized evolution, each child trained from scratch for a few proxy steps;
 * 3. random sampling for as long as evolution took;
 *
 * then every found child and a MobileNetV2-style baseline scaled to the target are retrained and
 * scored on test images. Fashion-MNIST at its native 28×28×1.
 *
 * `npx tsx --conditions=source examples/tunas-edge.ts [--train 2000] [--targets 2] [--steps 120]
 *  [--trials 6] [--proxy 15] [--retrain 60] [--seeds 1] [--data DIR] [--valid-offset 50000]`
 *
 * `--data` reads the gzipped IDX files from DIR instead of Debian's `dataset-fashion-mnist`
 * (`/usr/share/datasets/fashion-mnist`); validation images start at training image `--valid-offset`.
 * The full configuration is the bench workload `TUNAS-EDGE` (bench/README.md).
 */
import { initBackend, loadFashionMnist, hasFashionMnist, FASHION_MNIST_DIR } from '@tsglove/train';
import { ChildCosts, mbconvSpace, runHardwareAwareSearch } from '@tsglove/nas';
import { seededRandom, dnaSpec, materialize } from '@tsglove/symbolic';
import { flag, intOption } from './args.js';

const dir = flag('data') ?? FASHION_MNIST_DIR;
if (!hasFashionMnist(dir)) {
  console.error(`No Fashion-MNIST in ${dir}: install Debian's dataset-fashion-mnist or pass --data DIR.`);
  process.exit(2);
}
const trainImages = intOption('train', 2000);
const targetCount = intOption('targets', 2);
const validOffset = intOption('valid-offset', 50_000);

await initBackend('wasm');
const train = loadFashionMnist({ dir, split: 'train', limit: trainImages });
const valid = loadFashionMnist({ dir, split: 'train', offset: validOffset, limit: 500 });
const test = loadFashionMnist({ dir, split: 'test', limit: 500 });

// Latency targets: evenly spaced quantiles of random children's simulated latency.
const space = mbconvSpace({ inputShape: train.shape });
const costs = new ChildCosts();
const random = seededRandom(1);
const spec = dnaSpec(space);
const latencies = Array.from({ length: 200 }, () => costs.of(materialize(space, spec.randomDNA(random)) as never).latencyMs).sort(
  (a, b) => a - b,
);
const targets = Array.from({ length: targetCount }, (_, i) => latencies[Math.floor((200 * (i + 1)) / (targetCount + 1))]!);
console.log(
  `Space: ${spec.spaceSize.toLocaleString('en-US')} MBConv networks; Edge TPU latency of random children ` +
    `${latencies[0]!.toFixed(4)}–${latencies[199]!.toFixed(4)} ms; targets ${targets.map((t) => t.toFixed(4)).join(', ')} ms`,
);

const start = performance.now();
const results = await runHardwareAwareSearch({
  train,
  valid,
  test,
  space,
  costs,
  targets,
  oneShotSteps: intOption('steps', 120),
  evolutionTrials: intOption('trials', 6),
  proxySteps: intOption('proxy', 15),
  retrainSteps: intOption('retrain', 60),
  seeds: intOption('seeds', 1),
  onProgress: (m) => console.log(`[${((performance.now() - start) / 1000).toFixed(0).padStart(4)} s] ${m}`),
});

console.log('\n  target ms  method     test acc  latency ms  energy µJ  params   search s  child');
for (const r of results) {
  console.log(
    `  ${r.target.toFixed(4).padEnd(9)}  ${r.method.padEnd(9)}  ${(r.meanAccuracy * 100).toFixed(1).padStart(6)}%  ` +
      `${r.cost.latencyMs.toFixed(4).padStart(10)}  ${r.cost.energyUJ.toFixed(1).padStart(9)}  ${String(r.cost.params).padStart(7)}  ` +
      `${r.searchSeconds.toFixed(1).padStart(8)}  ${r.label}`,
  );
}
console.log(`\nDone in ${((performance.now() - start) / 1000).toFixed(0)} s.`);
