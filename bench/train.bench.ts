/**
 * Training throughput (images/sec) of the fixed small CNN of bench/README.md — conv3×3-16 → relu →
 * maxpool → conv3×3-32 → relu → maxpool → dense 10, batch 64, SGD momentum 0.9, 28×28×1 — on the
 * pure-JS cpu backend and on the patched wasm backend, against the same network in PyTorch
 * (bench/train_torch.py, 1 and 2 threads) on this machine.
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initBackend, smallCnn, sgd, trainStep, mulberry32, DataParallelTrainer, restoreCpuGradKernels, type BackendName } from '@tsglove/models/tf';
import type { Workload, WorkloadResult } from './harness.js';

const BATCH = 64;
const benchDir = dirname(fileURLToPath(import.meta.url));

/** Fixed random batches (values do not change the work done). */
function makeBatches(count: number): Array<{ x: tf.Tensor4D; y: tf.Tensor1D }> {
  const r = mulberry32(42);
  return Array.from({ length: count }, () => ({
    x: tf.tensor4d(Float32Array.from({ length: BATCH * 784 }, () => r()), [BATCH, 28, 28, 1]),
    y: tf.tensor1d(Int32Array.from({ length: BATCH }, () => Math.floor(r() * 10)), 'int32'),
  }));
}

/** Throughput of a training step function: the best and the median of timing windows. */
export interface Throughput {
  /** images/s of the best window (least disturbed by other processes). */
  imagesPerSec: number;
  medianImagesPerSec: number;
  steps: number;
}

/** Runs `step` in `windows` windows of about `seconds` each (at least one step per window). */
async function timeWindows(step: (i: number) => unknown, windows: number, seconds: number): Promise<Throughput> {
  const rates: number[] = [];
  let steps = 0;
  for (let w = 0; w < windows; w++) {
    let done = 0;
    const start = performance.now();
    do {
      await step(steps++);
      done++;
    } while (performance.now() - start < seconds * 1000);
    rates.push((done * BATCH * 1000) / (performance.now() - start));
  }
  rates.sort((a, b) => a - b);
  return { imagesPerSec: rates[rates.length - 1]!, medianImagesPerSec: rates[rates.length >> 1]!, steps };
}

/** Single-thread training throughput of the bench CNN on `backend` after `warmup` steps. */
export async function measureTraining(backend: BackendName, windows: number, seconds: number, warmup = 3, patchCpu = true): Promise<Throughput> {
  await initBackend(backend, { patchCpu });
  if (!patchCpu) restoreCpuGradKernels();
  const model = smallCnn({ seed: 0 });
  const opt = sgd({ momentum: 0.9 });
  const batches = makeBatches(4);
  const step = (i: number): void => {
    const b = batches[i % batches.length]!;
    const loss = trainStep(model, opt, b.x, b.y, 0.01);
    loss.dataSync();
    loss.dispose();
  };
  for (let i = 0; i < warmup; i++) step(i);
  const result = await timeWindows(step, windows, seconds);
  batches.forEach((b) => tf.dispose([b.x, b.y]));
  opt.dispose();
  model.dispose();
  return result;
}

/** Same workload, data-parallel: the calling thread plus `workers` wasm worker threads. */
export async function measureParallelTraining(workers: number, windows: number, seconds: number): Promise<Throughput> {
  await initBackend('wasm');
  const trainer = await DataParallelTrainer.create({ spec: { kind: 'smallCnn', options: { seed: 0 } }, optimizer: sgd({ momentum: 0.9 }), workers });
  const r = mulberry32(42);
  const batches = Array.from({ length: 4 }, () => ({
    images: Float32Array.from({ length: BATCH * 784 }, () => r()),
    labels: Int32Array.from({ length: BATCH }, () => Math.floor(r() * 10)),
  }));
  const step = (i: number): Promise<number> => trainer.trainStep(batches[i % 4]!.images, batches[i % 4]!.labels, 0.01);
  try {
    for (let i = 0; i < 3; i++) await step(i);
    return await timeWindows(step, windows, seconds);
  } finally {
    await trainer.close();
  }
}

interface TorchResult {
  torchVersion: string;
  /** Best-window images/s with 1 and 2 threads, and the medians. */
  threads1: number;
  threads2: number;
  threads1Median: number;
  threads2Median: number;
  python: string;
}

let torchCache: TorchResult | null | undefined;

/** Runs bench/train_torch.py with the first python3 that imports torch; null when none does. */
export function torchReference(): TorchResult | null {
  if (torchCache !== undefined) return torchCache;
  torchCache = null;
  for (const python of ['python3', '/usr/bin/python3']) {
    const probe = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' });
    if (probe.status !== 0) continue;
    const run = spawnSync(python, [join(benchDir, 'train_torch.py'), '--seconds', '2', '--windows', '4'], { encoding: 'utf8', timeout: 120_000 });
    if (run.status !== 0) throw new Error(`train_torch.py failed: ${run.stderr}`);
    torchCache = { ...(JSON.parse(run.stdout) as Omit<TorchResult, 'python'>), python };
    break;
  }
  return torchCache;
}

function versusTorch(r: Throughput, note: string): WorkloadResult {
  const torch = torchReference();
  const imagesPerSec = r.imagesPerSec;
  // Other processes share the 2 cores: the 1-minute load average says how busy the machine was.
  const metrics: Record<string, number> = {
    imagesPerSec, medianImagesPerSec: r.medianImagesPerSec, steps: r.steps, loadAverage1m: loadavg()[0]!,
  };
  if (torch) {
    metrics['torch1ImagesPerSec'] = torch.threads1;
    metrics['ratioVsTorch1'] = imagesPerSec / torch.threads1;
    metrics['ratioVsTorch2'] = imagesPerSec / torch.threads2;
  }
  return {
    primary: 'imagesPerSec',
    unit: 'images/s',
    metrics,
    ...(torch ? { reference: { value: torch.threads1, label: `PyTorch ${torch.torchVersion}, 1 thread` } } : {}),
    markdown: `${note} Best of the timing windows: ${imagesPerSec.toFixed(1)} images/s (median ${r.medianImagesPerSec.toFixed(1)}); ${r.steps} steps of ${BATCH}.${torch ? ` PyTorch on the same machine: ${torch.threads1.toFixed(0)} images/s (1 thread), ${torch.threads2.toFixed(0)} (2 threads); ratio ${(imagesPerSec / torch.threads1).toFixed(2)} of 1-thread PyTorch (goal ≥ 0.33).` : ' (python3 + torch not found: no PyTorch reference.)'}`,
  };
}

export const workloads: Workload[] = [
  {
    id: 'TRAIN-CPU',
    title: 'Train the bench CNN, stock tfjs cpu backend (pure JS)',
    async run() {
      // One step takes ~25 s: one warm-up step, then one one-step window.
      const r = await measureTraining('cpu', 1, 0, 1, false);
      return versusTorch(r, 'Stock tfjs pure-JS cpu backend (its Conv2DBackpropFilter takes ~95% of a step).');
    },
  },
  {
    id: 'TRAIN-CPU-PATCHED',
    title: 'Train the bench CNN, tfjs cpu backend with tsglove gradient kernels',
    async run() {
      const r = await measureTraining('cpu', 4, 4, 1, true);
      return versusTorch(r, "tfjs cpu backend with tsglove's Conv2DBackpropFilter and MaxPoolGrad loops.");
    },
  },
  {
    id: 'TRAIN-WASM',
    title: 'Train the bench CNN, patched wasm backend (1 thread)',
    async run() {
      const r = await measureTraining('wasm', 6, 2);
      return versusTorch(r, "tfjs wasm (SIMD, 1 thread) with tsglove's gradient kernels.");
    },
  },
  {
    id: 'TRAIN-WASM-2T',
    title: 'Train the bench CNN, patched wasm, data-parallel on 2 threads',
    async run() {
      const r = await measureParallelTraining(1, 6, 2);
      return versusTorch(r, 'Main thread + 1 worker thread, each with its own wasm backend, 32 images each per step, gradients averaged.');
    },
  },
  {
    id: 'TRAIN-TORCH',
    title: 'Train the bench CNN, PyTorch 1 thread (reference)',
    run() {
      const torch = torchReference();
      if (!torch) throw new Error('TRAIN-TORCH needs python3 with torch (apt-get install python3-torch)');
      return {
        primary: 'imagesPerSec',
        unit: 'images/s',
        metrics: {
          imagesPerSec: torch.threads1, medianImagesPerSec: torch.threads1Median,
          threads2ImagesPerSec: torch.threads2, threads2MedianImagesPerSec: torch.threads2Median, loadAverage1m: loadavg()[0]!,
        },
        markdown: `bench/train_torch.py via ${torch.python}, torch ${torch.torchVersion}, best of 4 two-second windows: ${torch.threads1.toFixed(0)} images/s with torch.set_num_threads(1) (median ${torch.threads1Median.toFixed(0)}), ${torch.threads2.toFixed(0)} with 2 threads (median ${torch.threads2Median.toFixed(0)}).`,
      };
    },
  },
];
