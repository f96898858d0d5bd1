/**
 * Training throughput (images/sec) of the fixed small CNN of bench/README.md — conv3×3-16 → relu →
 * maxpool → conv3×3-32 → relu → maxpool → dense 10, batch 64, SGD momentum 0.9, 28×28×1 — on the
 * tfjs cpu backend (stock and patched), the patched wasm backend (1 thread and data-parallel on
 * 2 threads), against the same network in PyTorch (bench/train_torch.py) on this machine.
 *
 * The machine is shared, so timing windows of tsglove and PyTorch are interleaved (PyTorch runs
 * as a `--serve` subprocess) and each side reports its best window and its median window.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface, type Interface } from 'node:readline';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import {
  initBackend, smallCnn, sgd, trainStep, mulberry32, DataParallelTrainer, restoreCpuGradKernels, type BackendName,
} from '@tsglove/train';
import { median, type Workload, type WorkloadResult } from './harness.js';

const BATCH = 64;
const benchDir = dirname(fileURLToPath(import.meta.url));
const script = join(benchDir, 'train_torch.py');

/** The first python3 that imports torch, or null. */
function findPython(): string | null {
  for (const python of ['python3', '/usr/bin/python3']) {
    if (spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0) return python;
  }
  return null;
}

/** bench/train_torch.py --serve: one PyTorch timing window per request. */
class TorchServer {
  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly lines: AsyncIterator<string>,
    private readonly rl: Interface,
    readonly version: string,
    readonly python: string,
  ) {}

  static async start(): Promise<TorchServer | null> {
    const python = findPython();
    if (!python) return null;
    const child = spawn(python, [script, '--serve']);
    const rl = createInterface({ input: child.stdout });
    const lines = rl[Symbol.asyncIterator]();
    const first = await lines.next();
    if (first.done) throw new Error('train_torch.py --serve exited before it was ready');
    return new TorchServer(child, lines, rl, (JSON.parse(first.value) as { torchVersion: string }).torchVersion, python);
  }

  async window(threads: number, seconds: number): Promise<number> {
    this.child.stdin.write(`${threads} ${seconds}\n`);
    const line = await this.lines.next();
    if (line.done) throw new Error('train_torch.py --serve exited');
    return (JSON.parse(line.value) as { imagesPerSec: number }).imagesPerSec;
  }

  close(): void {
    this.rl.close();
    this.child.stdin.end();
    this.child.kill();
  }
}

/** Best and median of some images/s windows. */
interface Rates {
  best: number;
  median: number;
  windows: number[];
}

function rates(windows: number[]): Rates {
  return { best: Math.max(...windows), median: median(windows), windows };
}

/** One tsglove window: runs `step` for about `seconds` (at least once); returns images/s. */
async function ourWindow(step: () => unknown, seconds: number): Promise<number> {
  let done = 0;
  const start = performance.now();
  do {
    await step();
    done++;
  } while (performance.now() - start < seconds * 1000);
  return (done * BATCH * 1000) / (performance.now() - start);
}

/** Interleaves `windows` tsglove windows with PyTorch windows (1 and 2 threads). */
async function interleaved(step: () => unknown, windows: number, seconds: number): Promise<{ ours: Rates; torch1?: Rates; torch2?: Rates; torchVersion?: string }> {
  const torch = await TorchServer.start();
  const ours: number[] = [];
  const t1: number[] = [];
  const t2: number[] = [];
  try {
    for (let w = 0; w < windows; w++) {
      ours.push(await ourWindow(step, seconds));
      if (torch) {
        t1.push(await torch.window(1, Math.min(seconds, 2)));
        t2.push(await torch.window(2, Math.min(seconds, 2)));
      }
    }
  } finally {
    torch?.close();
  }
  return torch ? { ours: rates(ours), torch1: rates(t1), torch2: rates(t2), torchVersion: torch.version } : { ours: rates(ours) };
}

/** Fixed random batches (values do not change the work done). */
function makeBatches(count: number): Array<{ images: Float32Array; labels: Int32Array }> {
  const r = mulberry32(42);
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
  const trainer = await DataParallelTrainer.create({ spec: { kind: 'smallCnn', options: { seed: 0 } }, optimizer: sgd({ momentum: 0.9 }), workers });
  const batches = makeBatches(4);
  let i = 0;
  const step = (): Promise<number> => {
    const b = batches[i++ % batches.length]!;
    return trainer.trainStep(b.images, b.labels, 0.01);
  };
  for (let w = 0; w < 3; w++) await step();
  return { step, done: () => trainer.close() };
}

function report(r: Awaited<ReturnType<typeof interleaved>>, note: string): WorkloadResult {
  const metrics: Record<string, number> = {
    imagesPerSec: r.ours.best, medianImagesPerSec: r.ours.median, windows: r.ours.windows.length,
    // Other processes share the 2 cores: the 1-minute load average says how busy the machine was.
    loadAverage1m: loadavg()[0]!,
  };
  let torchNote = ' (python3 + torch not found: no PyTorch reference.)';
  if (r.torch1 && r.torch2) {
    Object.assign(metrics, {
      torch1ImagesPerSec: r.torch1.best, torch1MedianImagesPerSec: r.torch1.median,
      torch2ImagesPerSec: r.torch2.best, torch2MedianImagesPerSec: r.torch2.median,
      ratioVsTorch1: r.ours.best / r.torch1.best, medianRatioVsTorch1: r.ours.median / r.torch1.median,
      ratioVsTorch2: r.ours.best / r.torch2.best,
    });
    torchNote = ` Interleaved PyTorch ${r.torchVersion} windows: ${r.torch1.best.toFixed(0)} images/s with 1 thread ` +
      `(median ${r.torch1.median.toFixed(0)}), ${r.torch2.best.toFixed(0)} with 2 (median ${r.torch2.median.toFixed(0)}). ` +
      `Ratio to 1-thread PyTorch: ${(r.ours.best / r.torch1.best).toFixed(2)} best-to-best, ` +
      `${(r.ours.median / r.torch1.median).toFixed(2)} median-to-median (goal ≥ 0.33).`;
  }
  return {
    primary: 'imagesPerSec',
    unit: 'images/s',
    metrics,
    ...(r.torch1 ? { reference: { value: r.torch1.best, label: `PyTorch ${r.torchVersion}, 1 thread` } } : {}),
    markdown: `${note} Best of ${r.ours.windows.length} windows: ${r.ours.best.toFixed(1)} images/s (median ${r.ours.median.toFixed(1)}).` +
      `${torchNote} 1-minute load average at the end: ${loadavg()[0]!.toFixed(1)} on 2 cores.`,
  };
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
      const t = JSON.parse(run.stdout) as { torchVersion: string; threads1: number; threads1Median: number; threads2: number; threads2Median: number };
      return {
        primary: 'imagesPerSec',
        unit: 'images/s',
        metrics: {
          imagesPerSec: t.threads1, medianImagesPerSec: t.threads1Median,
          threads2ImagesPerSec: t.threads2, threads2MedianImagesPerSec: t.threads2Median, loadAverage1m: loadavg()[0]!,
        },
        markdown: `bench/train_torch.py via ${python}, torch ${t.torchVersion}, best of 4 two-second windows: ` +
          `${t.threads1.toFixed(0)} images/s with torch.set_num_threads(1) (median ${t.threads1Median.toFixed(0)}), ` +
          `${t.threads2.toFixed(0)} with 2 threads (median ${t.threads2Median.toFixed(0)}). ` +
          `1-minute load average: ${loadavg()[0]!.toFixed(1)} on 2 cores.`,
      };
    },
  },
];
