/**
 * Training throughput (images/sec) of the MBConv bench network (bench/mbconv-net.ts: 1×1 expand,
 * depthwise k×k, squeeze-excite, 1×1 project, batch norm, swish; 32×32×3, batch 32, SGD momentum
 * 0.9) on the patched wasm backend, 1 thread and data-parallel on 2, interleaved with the same
 * network in PyTorch (`train_torch.py --net mbconv`), and a per-kernel profile of one step.
 */
import { loadavg } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { seededRandom } from '@tsglove/symbolic';
import { initBackend, toTfModel, sgd, trainStep, DataParallelTrainer, setWasmKernelOptions } from '@tsglove/train';
import type { Workload } from './harness.js';
import { interleaved, interleavedReport } from './torch-interleave.js';
import { mbconvBenchNet } from './mbconv-net.js';

const BATCH = 32;
const PIXELS = 32 * 32 * 3;
const NET = { net: 'mbconv', batch: BATCH } as const;

/** Fixed random batches (values do not change the work done). */
function makeBatches(count: number): Array<{ images: Float32Array; labels: Int32Array }> {
  const r = seededRandom(7);
  return Array.from({ length: count }, () => ({
    images: Float32Array.from({ length: BATCH * PIXELS }, () => r() * 2 - 1),
    labels: Int32Array.from({ length: BATCH }, () => Math.floor(r() * 10)),
  }));
}

/** A 1-thread wasm training step of the bench network (after warm-up) and its cleanup. */
export async function mbconvStep(warmup = 3): Promise<{ step: () => void; done: () => void }> {
  await initBackend('wasm');
  const model = toTfModel(mbconvBenchNet(), { seed: 0 });
  const opt = sgd({ momentum: 0.9 });
  const batches = makeBatches(4).map((b) => ({ x: tf.tensor4d(b.images, [BATCH, 32, 32, 3]), y: tf.tensor1d(b.labels, 'int32') }));
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

/** What {@link profileMbconv} measured. */
export interface MbconvProfile {
  /** Per kernel name (shapes summed): the minimum over the profiled steps of its ms per step, and its calls per step. */
  kernels: Array<{ kernel: string; ms: number; calls: number }>;
  /** The minimum over the profiled steps of the step's summed kernel time. */
  kernelMsPerStep: number;
  /** The minimum over the profiled steps of wall time minus kernel time, the same step's both. */
  overheadMs: number;
  /** The minimum wall time of a step run without the profiler. */
  stepMs: number;
}

/**
 * A custom-gradient op's scope (`tsgSwish__op`, `logSoftmax__op`): `tf.profile` lists it beside
 * the kernels it runs, so it is left out of the sums.
 */
const isScope = (name: string): boolean => name.endsWith('__op');

/**
 * Per-kernel milliseconds of `steps` profiled steps, and the per-step overhead outside kernels
 * (engine, tape, JS; and the profiler's own bookkeeping): a profiled step's wall time minus its
 * kernel time, both of one step, so a loaded machine slows both alike.
 */
export async function profileMbconv(steps = 8): Promise<MbconvProfile> {
  const s = await mbconvStep(2);
  let stepMs = Infinity;
  for (let k = 0; k < steps; k++) {
    const t0 = performance.now();
    s.step();
    stepMs = Math.min(stepMs, performance.now() - t0);
  }
  const perStep: Array<Map<string, number>> = [];
  const calls = new Map<string, number>();
  let overheadMs = Infinity;
  for (let k = 0; k < steps; k++) {
    const t0 = performance.now();
    const p = await tf.profile(() => s.step());
    const wall = performance.now() - t0;
    const m = new Map<string, number>();
    for (const kern of p.kernels) {
      if (isScope(kern.name)) continue;
      m.set(kern.name, (m.get(kern.name) ?? 0) + (kern.kernelTimeMs as number));
      if (k === 0) calls.set(kern.name, (calls.get(kern.name) ?? 0) + 1);
    }
    perStep.push(m);
    overheadMs = Math.min(overheadMs, wall - [...m.values()].reduce((a, b) => a + b, 0));
  }
  s.done();
  const byName = new Map<string, number[]>();
  for (const m of perStep) for (const [name, ms] of m) byName.set(name, [...(byName.get(name) ?? []), ms]);
  const kernels = [...byName]
    .map(([kernel, ms]) => ({ kernel, ms: Math.min(...ms), calls: calls.get(kernel) ?? 0 }))
    .sort((a, b) => b.ms - a.ms);
  const kernelMsPerStep = Math.min(...perStep.map((m) => [...m.values()].reduce((a, b) => a + b, 0)));
  return { kernels, kernelMsPerStep, overheadMs, stepMs };
}

/**
 * Per-kernel ms per step before this work (commit 79826da, 2026-12-03 08:57 UTC, load 4.3, minimum
 * of 5 profiled steps), shown beside each profile as the reference column.
 */
const BEFORE_79826DA: Readonly<Record<string, number>> = {
  DepthwiseConv2dNativeBackpropFilter: 124.28,
  Multiply: 94.64,
  DepthwiseConv2dNativeBackpropInput: 68.98,
  Add: 21.46,
  Sum: 21.17,
  Conv2DBackpropFilter: 20.62,
  DepthwiseConv2dNative: 16.38,
  Conv2D: 15.95,
  Conv2DBackpropInput: 14.85,
  Sub: 14.4,
  Sigmoid: 12.03,
  Mean: 11.99,
  RealDiv: 8.82,
  Square: 3.64,
  Reshape: 0.79,
  Identity: 0.35,
  Neg: 0.31,
  AddN: 0.26,
  Cast: 0.22,
  BatchMatMul: 0.21,
  Pow: 0.21,
  logSoftmax__op: 0.13,
  Rsqrt: 0.12,
};
const BEFORE_SUM = 451.9;

export const workloads: Workload[] = [
  {
    id: 'TRAIN-MBCONV',
    title: 'Train the MBConv bench network, patched wasm backend (1 thread) vs PyTorch',
    async run() {
      const s = await mbconvStep();
      const r = await interleaved(s.step, 6, 3, NET);
      s.done();
      return interleavedReport(
        r,
        "MBConv bench network (bench/mbconv-net.ts), batch 32, tfjs wasm (SIMD, 1 thread) with tsglove's kernels.",
        1,
      );
    },
  },
  {
    id: 'TRAIN-MBCONV-2T',
    title: 'Train the MBConv bench network, patched wasm, data-parallel on 2 threads vs PyTorch',
    async run() {
      await initBackend('wasm');
      const trainer = await DataParallelTrainer.create({
        spec: { kind: 'graph', graph: mbconvBenchNet().toJSON(), seed: 0 },
        optimizer: sgd({ momentum: 0.9 }),
        workers: 1,
      });
      const batches = makeBatches(4);
      let i = 0;
      const step = (): Promise<number> => {
        const b = batches[i++ % batches.length]!;
        return trainer.trainStep(b.images, b.labels, 0.01);
      };
      for (let w = 0; w < 3; w++) await step();
      const r = await interleaved(step, 6, 3, NET);
      await trainer.close();
      return interleavedReport(r, 'MBConv bench network, main thread + 1 worker thread, 16 images each per step, gradients averaged.', 1);
    },
  },
  {
    id: 'TRAIN-MBCONV-PROFILE',
    title: 'Per-kernel time of one MBConv bench training step (wasm, 1 thread)',
    async run() {
      const simd = await profileMbconv();
      setWasmKernelOptions({ simd: false });
      const plain = await profileMbconv();
      setWasmKernelOptions({ simd: true });
      const total = (p: MbconvProfile): number => p.kernels.reduce((a, r) => a + r.ms, 0);
      const plainMs = new Map(plain.kernels.map((r) => [r.kernel, r.ms]));
      const names = [...new Set([...simd.kernels.map((r) => r.kernel), ...Object.keys(BEFORE_79826DA)])];
      const simdMs = new Map(simd.kernels.map((r) => [r.kernel, r]));
      const cell = (v: number | undefined): string => (v === undefined ? '—' : v.toFixed(2));
      const rows = names.map(
        (k) =>
          `| ${k} | ${simdMs.get(k)?.calls ?? 0} | ${cell(BEFORE_79826DA[k])} | ${cell(plainMs.get(k))} | ${cell(simdMs.get(k)?.ms)} |`,
      );
      const calls = simd.kernels.reduce((a, r) => a + r.calls, 0);
      return {
        primary: 'sumOfKernelMs',
        unit: 'ms/step',
        metrics: {
          sumOfKernelMs: total(simd),
          sumOfKernelMsNoSimd: total(plain),
          sumOfKernelMsBefore: BEFORE_SUM,
          stepMs: simd.stepMs,
          kernelMsPerStep: simd.kernelMsPerStep,
          overheadMsPerStep: simd.overheadMs,
          kernelCallsPerStep: calls,
          loadAverage1m: loadavg()[0]!,
        },
        reference: { value: BEFORE_SUM, label: 'before issue 18 (commit 79826da)' },
        markdown: [
          'Per kernel name (shapes summed), ms per step, minimum over 8 profiled steps (`tf.profile`),',
          "now without (`setWasmKernelOptions({ simd: false })`: the fused ops run JS loops) and with tsglove's SIMD kernels;",
          'before = the same profile at commit 79826da (before issue 18: no fused ops, no SIMD depthwise; 2026-12-03 08:57 UTC, load 4.3).',
          'Custom-gradient scopes (`tsgSwish__op`, `logSoftmax__op`) are left out: their kernels are listed.',
          `1-minute load average now: ${loadavg()[0]!.toFixed(1)} on 2 cores.`,
          '',
          `Per step (SIMD kernels): best ${simd.stepMs.toFixed(1)} ms without the profiler, best kernel time ${simd.kernelMsPerStep.toFixed(1)} ms; overhead outside kernels (engine, tape, JS, the profiler's bookkeeping; a profiled step's wall time minus its kernel time, best step) ${simd.overheadMs.toFixed(1)} ms; ${calls} kernel calls.`,
          '',
          '| kernel | calls/step now | before (79826da) | now, no SIMD kernels | now, SIMD kernels |',
          '|---|---|---|---|---|',
          ...rows,
          `| sum | | ${BEFORE_SUM.toFixed(1)} | ${total(plain).toFixed(1)} | ${total(simd).toFixed(1)} |`,
        ].join('\n'),
      };
    },
  },
];
