/**
 * The MBConv supernet: one symbolic space for every algorithm; a sampled child's forward pass under
 * the shared (masked) weights equals the standalone child built with those weights; TuNAS's search
 * runs end to end and its latency is the accelerator model's, cached per child.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { dnaSpec, materialize, rebind } from '@tsglove/symbolic';
import { initBackend, toTfModel } from '@tsglove/train';
import { estimate, edgeTpu, edgeAcceleratorSpace, EdgeAccelerator } from '@tsglove/hwsim';
import { tunasReward } from '@tsglove/search';
import { ops } from '@tsglove/models';
import { ChildCosts, MBConvSupernet, largestChild, mbconvSpace, mobileNetV2Baseline, runTunas, type MBConvNet } from '@tsglove/nas';

/** A small space (16×16 input) so a forward pass takes milliseconds. */
const small = (): MBConvNet =>
  mbconvSpace({
    inputShape: [16, 16, 1],
    stem: 8,
    stemStride: 1,
    head: 16,
    stages: [
      { filters: [8, 12], stride: 2, blocks: 2 },
      { filters: [16, 24], stride: 2, blocks: 2 },
    ],
  });

beforeAll(async () => {
  await initBackend('wasm');
});

describe('mbconvSpace', () => {
  it("has the issue's choices per block and per stage", () => {
    const spec = dnaSpec(mbconvSpace());
    const names = spec.elements.map((p) => p.name);
    expect(names).toContain('stage0.filters');
    expect(names).toContain('stage1.block1.keep');
    expect(names).not.toContain('stage1.block0.keep');
    // 3 stages × (filters) + 6 blocks × (kernel, expand, se) + 3 keeps
    expect(spec.elements.length).toBe(3 + 18 + 3);
    expect(spec.spaceSize).toBe(2 * 3 * 3 * 12 ** 6 * 2 ** 3);
  });
  it('children and the baseline build graphs the accelerator model can estimate', () => {
    const child = materialize(mbconvSpace(), dnaSpec(mbconvSpace()).randomDNA(Math.random)) as MBConvNet;
    for (const net of [child, mobileNetV2Baseline(0), mobileNetV2Baseline(1)]) {
      expect(estimate(edgeTpu(), ops(net.build())).totals.latencyMs).toBeGreaterThan(0);
    }
  });
  it('rejects a skipped first block with the path', () => {
    const net = mobileNetV2Baseline(0.5);
    rebind(net, { 'stages[0].blocks[0].keep': false });
    expect(() => net.build()).toThrow(/stages\[0\]\.blocks\[0\]\.keep/);
  });
});

describe('MBConvSupernet', () => {
  it('a sampled child under the shared weights equals the standalone child built with them', () => {
    const space = small();
    const spec = dnaSpec(space);
    const net = new MBConvSupernet(space, { seed: 1 });
    const x = tf.randomNormal([3, 16, 16, 1], 0, 1, 'float32', 7) as tf.Tensor4D;
    try {
      fc.assert(
        fc.property(fc.array(fc.nat(), { minLength: spec.elements.length, maxLength: spec.elements.length }), (raw) => {
          const numbers = spec.elements.map((p, i) => raw[i]! % (p as unknown as { candidates: unknown[] }).candidates.length);
          const child = net.child(numbers);
          const graph = child.build();
          const standalone = toTfModel(graph, { seed: 99 });
          const weights = net.childWeights(graph);
          standalone.trainableWeights.forEach((v, i) => {
            const w = weights.get(standalone.weightNames[i]!)!;
            expect(w, standalone.weightNames[i]).toBeDefined();
            v.assign(tf.tensor(w.values, w.shape));
          });
          const [a, b] = tf.tidy(() => [net.apply(child, x), standalone.apply(x, true)]);
          const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(a!, b!))).dataSync()[0]!);
          const scale = tf.tidy(() => tf.max(tf.abs(b!)).dataSync()[0]!);
          tf.dispose([a!, b!]);
          standalone.dispose();
          expect(diff, `child ${numbers}`).toBeLessThan(1e-4 * Math.max(1, scale));
        }),
        { numRuns: 6, seed: 18 },
      );
    } finally {
      x.dispose();
      net.dispose();
    }
  });
  it("shares the largest child's weights: kernels are centered windows, channels the first ones", () => {
    const space = small();
    const net = new MBConvSupernet(space, { seed: 2 });
    const big = net.childWeights(largestChild(space));
    const spec = dnaSpec(space);
    const child = net.child(spec.elements.map(() => 0)); // kernel 3, expansion 3, smallest filters
    const w = net.childWeights(child).get('stage1/block0/dwconv/kernel')!;
    const full = big.get('stage1/block0/dwconv/kernel')!;
    expect(full.shape).toEqual([7, 7, 72, 1]); // 12 input channels × expansion 6
    expect(w.shape).toEqual([3, 3, 24, 1]); // 8 input channels × expansion 3
    const at = (shape: number[], v: Float32Array, i: number, j: number, c: number): number => v[(i * shape[1]! + j) * shape[2]! + c]!;
    expect(at(w.shape, w.values, 0, 0, 5)).toBe(at(full.shape, full.values, 2, 2, 5));
    expect(at(w.shape, w.values, 2, 1, 23)).toBe(at(full.shape, full.values, 4, 3, 23));
    net.dispose();
  });
});

describe('runTunas', () => {
  it('searches end to end with cached latencies and returns a child of the space', () => {
    const space = small();
    const data = {
      train: {
        x: tf.randomNormal([64, 16, 16, 1], 0, 1, 'float32', 1),
        y: tf.tensor1d(
          Array.from({ length: 64 }, (_, i) => i % 10),
          'int32',
        ),
      },
      valid: {
        x: tf.randomNormal([32, 16, 16, 1], 0, 1, 'float32', 2),
        y: tf.tensor1d(
          Array.from({ length: 32 }, (_, i) => i % 10),
          'int32',
        ),
      },
    };
    const costs = new ChildCosts();
    const before = tf.memory().numTensors;
    const progress: number[] = [];
    const r = runTunas(space, data, {
      target: 0.01,
      steps: 12,
      batchSize: 16,
      costs,
      progressEvery: 4,
      onProgress: (p) => progress.push(p.step),
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(progress).toEqual([4, 8, 12]);
    expect(r.controller.numFeedbacks).toBe(9); // 12 steps, 3 warm-up
    expect(r.cost.latencyMs).toBe(estimate(edgeTpu(), ops(r.child.build())).totals.latencyMs);
    expect(costs.size).toBeGreaterThan(0);
    expect(costs.size).toBeLessThanOrEqual(9 + 4);
    expect(r.sharedAccuracy).toBeGreaterThanOrEqual(0);
    tf.dispose([data.train.x, data.train.y, data.valid.x, data.valid.y]);
  });
  it('NAHAS joint: searches the accelerator with the child; the reward is charged for area over budget', () => {
    const space = small();
    const data = {
      train: {
        x: tf.randomNormal([32, 16, 16, 1], 0, 1, 'float32', 3),
        y: tf.tensor1d(
          Array.from({ length: 32 }, (_, i) => i % 10),
          'int32',
        ),
      },
      valid: {
        x: tf.randomNormal([16, 16, 16, 1], 0, 1, 'float32', 4),
        y: tf.tensor1d(
          Array.from({ length: 16 }, (_, i) => i % 10),
          'int32',
        ),
      },
    };
    const areaBudget = 20;
    const r = runTunas(space, data, { target: 0.01, steps: 6, batchSize: 16, hardware: { space: edgeAcceleratorSpace(), areaBudget } });
    expect(r.hw).toBeInstanceOf(EdgeAccelerator);
    const totals = estimate(r.hw!, ops(r.child.build())).totals;
    expect(r.cost.latencyMs).toBe(totals.latencyMs);
    expect(r.cost.areaMM2).toBe(totals.areaMM2);
    const expected = tunasReward(r.sharedAccuracy, totals.latencyMs, { target: 0.01 }) - (totals.areaMM2 > areaBudget ? 1 : 0);
    expect(r.reward).toBeCloseTo(expected, 12);
    expect(() => runTunas(space, data, { target: 0.01, steps: 1, hardware: { space: edgeAcceleratorSpace(), areaBudget: 0 } })).toThrow(
      /areaBudget/,
    );
    tf.dispose([data.train.x, data.train.y, data.valid.x, data.valid.y]);
  });
});
