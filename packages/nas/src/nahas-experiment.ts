/**
 * Hardware inside the one-shot search (NAHAS, Zhou et al. 2021) on the MBConv space: for one
 * latency target and a chip-area budget, the accelerator's fields (`edgeAcceleratorSpace()`) are
 * searched with the architecture
 *
 * - jointly: one space `{ hw, arch }`, one REINFORCE controller over both (`runTunas` with `hardware`);
 * - nested: an outer random search over feasible designs (area within budget), an inner one-shot
 *   search per design, the best inner result by reward;
 *
 * and compared with the one-shot search on a fixed mid-sized design. Found children are retrained
 * standalone with several seeds.
 */
import { seededRandom, dnaSpec, materialize } from '@tsglove/symbolic';
import { EdgeAccelerator, edgeAcceleratorSpace } from '@tsglove/hwsim';
import type { ImageDataset } from '@tsglove/train';
import * as tf from '@tensorflow/tfjs';
import { mbconvSpace, type MBConvNet } from './mbconv-space.js';
import { ChildCosts, type ChildCost } from './child-cost.js';
import { describeChild, runTunas, type TunasResult } from './tunas.js';
import { trainAndScore } from './tunas-experiment.js';
import { fromImageDataset } from './data.js';

/** The fixed design NAHAS is compared with: a mid-sized member of `edgeAcceleratorSpace()`'s family. */
export function defaultEdgeAccelerator(): EdgeAccelerator {
  return new EdgeAccelerator({
    peX: 4,
    peY: 4,
    simdUnits: 32,
    computeLanes: 2,
    localMemoryKiB: 1024,
    registerFileKiB: 32,
    ioBandwidthGBps: 10,
  });
}

/** Options of {@link runNahasExperiment}. */
export interface NahasExperimentOptions {
  train: ImageDataset;
  valid: ImageDataset;
  test: ImageDataset;
  space?: MBConvNet;
  /** Latency target, ms (default: the median of 200 random children on the fixed design). */
  target?: number;
  /** Area budget, mm² (default 1.5 × the fixed design's area). */
  areaBudget?: number;
  /** The fixed design (default {@link defaultEdgeAccelerator}). */
  fixed?: EdgeAccelerator;
  /** One-shot steps of the joint and fixed searches (default 400). */
  steps?: number;
  /** Designs of the nested search (default 3) and inner one-shot steps per design (default `steps / designs`). */
  designs?: number;
  innerSteps?: number;
  retrainSteps?: number;
  seeds?: number;
  seed?: number;
  onProgress?: (message: string) => void;
}

/** One NAHAS mode's result. */
export interface NahasResult {
  mode: 'joint' | 'nested' | 'fixed';
  hw: EdgeAccelerator;
  child: MBConvNet;
  label: string;
  cost: ChildCost;
  sharedAccuracy: number;
  reward: number;
  searchSeconds: number;
  accuracies: number[];
  meanAccuracy: number;
  stdAccuracy: number;
}

/** Runs the NAHAS comparison (see the module comment). */
export async function runNahasExperiment(
  o: NahasExperimentOptions,
): Promise<{ target: number; areaBudget: number; results: NahasResult[] }> {
  const space = o.space ?? mbconvSpace({ inputShape: o.train.shape });
  const fixed = o.fixed ?? defaultEdgeAccelerator();
  const seed = o.seed ?? 0;
  const log = o.onProgress ?? ((): void => {});
  const fixedCosts = new ChildCosts(fixed);
  const spec = dnaSpec(space);
  const r = seededRandom(seed + 21);
  const sampleCost = fixedCosts.of(materialize(space, spec.randomDNA(r)) as MBConvNet);
  let target = o.target;
  if (target === undefined) {
    const lat = Array.from({ length: 200 }, () => fixedCosts.of(materialize(space, spec.randomDNA(r)) as MBConvNet).latencyMs).sort(
      (a, b) => a - b,
    );
    target = lat[100]!;
  }
  const areaBudget = o.areaBudget ?? 1.5 * sampleCost.areaMM2;
  const steps = o.steps ?? 400;
  const designs = o.designs ?? 3;
  const innerSteps = o.innerSteps ?? Math.max(1, Math.round(steps / designs));
  const splits = { train: fromImageDataset(o.train), valid: fromImageDataset(o.valid) };
  const found: Array<Omit<NahasResult, 'accuracies' | 'meanAccuracy' | 'stdAccuracy'>> = [];
  const record = (mode: NahasResult['mode'], t: TunasResult, hw: EdgeAccelerator, seconds: number): void => {
    found.push({
      mode,
      hw,
      child: t.child,
      label: describeChild(t.child),
      cost: t.cost,
      sharedAccuracy: t.sharedAccuracy,
      reward: t.reward,
      searchSeconds: seconds,
    });
    log(
      `${mode}: ${describeChild(t.child)} on ${hwLabel(hw)}: ${t.cost.latencyMs.toFixed(4)} ms, ${t.cost.areaMM2.toFixed(2)} mm², shared accuracy ${(t.sharedAccuracy * 100).toFixed(1)}%`,
    );
  };
  const progress =
    (mode: string) =>
    (p: { step: number; steps: number; meanReward: number; label: string; latencyMs: number }): void =>
      log(`  ${mode} step ${p.step}/${p.steps}: reward ${p.meanReward.toFixed(3)}, likely ${p.label} (${p.latencyMs.toFixed(4)} ms)`);
  try {
    log(`target ${target.toFixed(4)} ms, area budget ${areaBudget.toFixed(2)} mm²: fixed design ${hwLabel(fixed)}`);
    const fixedRun = runTunas(space, splits, { target, costs: fixedCosts, steps, seed, onProgress: progress('fixed'), progressEvery: 100 });
    record('fixed', fixedRun, fixed, fixedRun.ms / 1000);
    log('joint: one controller over { hw, arch }');
    const joint = runTunas(space, splits, {
      target,
      costs: new ChildCosts(fixed),
      steps,
      seed,
      hardware: { space: edgeAcceleratorSpace(), areaBudget },
      onProgress: progress('joint'),
      progressEvery: 100,
    });
    record('joint', joint, joint.hw!, joint.ms / 1000);
    log(`nested: ${designs} feasible designs × ${innerSteps} one-shot steps`);
    const hwSpace = edgeAcceleratorSpace();
    const hwSpec = dnaSpec(hwSpace);
    const start = performance.now();
    let best: { t: TunasResult; hw: EdgeAccelerator } | undefined;
    for (let d = 0, tries = 0; d < designs && tries < 1000; tries++) {
      const hw = materialize(hwSpace, hwSpec.randomDNA(r)) as EdgeAccelerator;
      if (new ChildCosts(hw).of(materialize(space, spec.randomDNA(r)) as MBConvNet).areaMM2 > areaBudget) continue;
      d++;
      const t = runTunas(space, splits, {
        target,
        costs: new ChildCosts(hw),
        steps: innerSteps,
        seed: seed + d,
        progressEvery: innerSteps,
      });
      log(`  design ${d} ${hwLabel(hw)}: reward ${t.reward.toFixed(3)} (${describeChild(t.child)}, ${t.cost.latencyMs.toFixed(4)} ms)`);
      if (!best || t.reward > best.t.reward) best = { t, hw };
    }
    if (best) record('nested', best.t, best.hw, (performance.now() - start) / 1000);
  } finally {
    tf.dispose([splits.train.x, splits.train.y, splits.valid.x, splits.valid.y]);
  }
  const results: NahasResult[] = [];
  for (const f of found) {
    const accuracies = Array.from({ length: o.seeds ?? 3 }, (_, s) =>
      trainAndScore(f.child, o.train, o.test, o.retrainSteps ?? 150, seed + 100 + s),
    );
    const mean = accuracies.reduce((a, b) => a + b, 0) / accuracies.length;
    const std = accuracies.length > 1 ? Math.sqrt(accuracies.reduce((a, b) => a + (b - mean) ** 2, 0) / (accuracies.length - 1)) : 0;
    log(`retrained ${f.mode}: ${accuracies.map((a) => (a * 100).toFixed(1)).join(', ')} %`);
    results.push({ ...f, accuracies, meanAccuracy: mean, stdAccuracy: std });
  }
  return { target, areaBudget, results };
}

/** `4×4 PE, 32 SIMD × 2 lanes, 1024 KiB` style label of a design. */
export function hwLabel(hw: EdgeAccelerator): string {
  return `${hw.peX}×${hw.peY} PE, ${hw.simdUnits} SIMD × ${hw.computeLanes} lanes, ${hw.localMemoryKiB} KiB, ${hw.ioBandwidthGBps} GB/s`;
}
