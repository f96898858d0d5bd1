/**
 * Training throughput (images/sec) of the fixed small CNN of bench/README.md — conv3×3-16 → relu →
 * maxpool → conv3×3-32 → relu → maxpool → dense 10, batch 64, SGD momentum 0.9, 28×28×1 — on the
 * tfjs cpu backend (stock and patched), the patched wasm backend (1 thread and data-parallel on
 * 2 threads), against the same network in PyTorch (bench/train_torch.py) on this machine.
 *
 * The machine is shared, so timing windows of tsglove and PyTorch are interleaved (PyTorch runs
 * as a `--serve` subprocess) and each side reports its best window and its median window.
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { seededRandom } from '@tsglove/symbolic';
import { initBackend, smallCnn, sgd, trainStep, DataParallelTrainer, restoreCpuGradKernels, type BackendName } from '@tsglove/train';
import type { Workload } from './harness.js';
import { findPython, interleaved as interleavedWith, interleavedReport as report, TORCH_SCRIPT as script } from './torch-interleave.js';

const BATCH = 64;
const interleaved = (step: () => unknown, windows: number, seconds: number) =>
  interleavedWith(step, windows, seconds, { net: 'cnn', batch: BATCH });

/** Fixed random batches (values do not change the work done). */
function makeBatches(count: number): Array<{ images: Float32Array; labels: Int32Array }> {
  const r = seededRandom(42);
  return Array.from({ length: count }, () => ({
    images: Float32Array.from({ length: BATCH * 784 }, () => r()),
    labels: Int32Array.from({ length: BATCH }, () => Math.floor(r() * 10)),
  }));
}

/** A single-thread training step on `backend` (after warm-up) and its cleanup. */
async function singleThread(backend: BackendName, warmup: number, patchCpu: boolean): Promise<{ step: () => void; done: () => void }> {
  await initBackend(backend, { patchCpu });
  if (!patchCpu) restoreCpuGradKernels();
  const model = smallCnn({ seed: 0 });
  const opt = sgd({ momentum: 0.9 });
  const batches = makeBatches(4).map((b) => ({ x: tf.tensor4d(b.images, [BATCH, 28, 28, 1]), y: tf.tensor1d(b.labels, 'int32') }));
  let i = 0;
  const step = (): void => {
    const b = batches[i++ % batches.length]!;
    const loss = trainStep(model, opt, b.x, b.y, 0.01);
    loss.dataSync();
    loss.dispose();
  };
  for (let w = 0; w < warmup; w++) step();
  return { step, done: () => (batches.forEach((b) => tf.dispose([b.x, b.y])), opt.dispose(), model.dispose()) };
}

/** A data-parallel step: the calling thread plus `workers` wasm worker threads. */
async function dataParallel(workers: number): Promise<{ step: () => Promise<number>; done: () => Promise<void> }> {
  await initBackend('wasm');
  const trainer = await DataParallelTrainer.create({
    spec: { kind: 'smallCnn', options: { seed: 0 } },
    optimizer: sgd({ momentum: 0.9 }),
    workers,
  });
  const batches = makeBatches(4);
  let i = 0;
  const step = (): Promise<number> => {
    const b = batches[i++ % batches.length]!;
    return trainer.trainStep(b.images, b.labels, 0.01);
  };
  for (let w = 0; w < 3; w++) await step();
  return { step, done: () => trainer.close() };
}

export const workloads: Workload[] = [
  {
    id: 'TRAIN-CPU',
    title: 'Train the bench CNN, stock tfjs cpu backend (pure JS)',
    async run() {
      // One step takes ~25 s: one warm-up step, then one one-step window.
      const s = await singleThread('cpu', 1, false);
      const r = await interleaved(s.step, 1, 0);
      s.done();
      return report(r, 'Stock tfjs pure-JS cpu backend (its Conv2DBackpropFilter takes ~95% of a step).');
    },
  },
  {
    id: 'TRAIN-CPU-PATCHED',
    title: 'Train the bench CNN, tfjs cpu backend with tsglove gradient kernels',
    async run() {
      const s = await singleThread('cpu', 1, true);
      const r = await interleaved(s.step, 4, 3);
      s.done();
      return report(r, "tfjs cpu backend with tsglove's Conv2DBackpropFilter and MaxPoolGrad loops.");
    },
  },
  {
    id: 'TRAIN-WASM',
    title: 'Train the bench CNN, patched wasm backend (1 thread)',
    async run() {
      const s = await singleThread('wasm', 3, true);
      const r = await interleaved(s.step, 6, 2);
      s.done();
      return report(r, "tfjs wasm (SIMD, 1 thread) with tsglove's gradient kernels.");
    },
  },
  {
    id: 'TRAIN-WASM-2T',
    title: 'Train the bench CNN, patched wasm, data-parallel on 2 threads',
    async run() {
      const s = await dataParallel(1);
      const r = await interleaved(s.step, 6, 2);
      await s.done();
      return report(r, 'Main thread + 1 worker thread, each with its own wasm backend, 32 images each per step, gradients averaged.');
    },
  },
  {
    id: 'TRAIN-TORCH',
    title: 'Train the bench CNN, PyTorch 1 thread (reference)',
    run() {
      const python = findPython();
      if (!python) throw new Error('TRAIN-TORCH needs python3 with torch (apt-get install python3-torch)');
      const run = spawnSync(python, [script, '--seconds', '2', '--windows', '4'], { encoding: 'utf8', timeout: 120_000 });
      if (run.status !== 0) throw new Error(`train_torch.py failed: ${run.stderr}`);
      const t = JSON.parse(run.stdout) as {
        torchVersion: string;
        threads1: number;
        threads1Median: number;
        threads2: number;
        threads2Median: number;
      };
      return {
        primary: 'imagesPerSec',
        unit: 'images/s',
        metrics: {
          imagesPerSec: t.threads1,
          medianImagesPerSec: t.threads1Median,
          threads2ImagesPerSec: t.threads2,
          threads2MedianImagesPerSec: t.threads2Median,
          loadAverage1m: loadavg()[0]!,
        },
        markdown:
          `bench/train_torch.py via ${python}, torch ${t.torchVersion}, best of 4 two-second windows: ` +
          `${t.threads1.toFixed(0)} images/s with torch.set_num_threads(1) (median ${t.threads1Median.toFixed(0)}), ` +
          `${t.threads2.toFixed(0)} with 2 threads (median ${t.threads2Median.toFixed(0)}). ` +
          `1-minute load average: ${loadavg()[0]!.toFixed(1)} on 2 cores.`,
      };
    },
  },
];
