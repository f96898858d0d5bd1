/** LAMB against its published update rule, the LR-scaling rule, cross-replica batch norm. */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@tsglove/train';
import { lamb, scaleLearningRate, shardedBatchNorm, shardStats, allReduceMoments, shardSizes, convNet } from '@tsglove/methods';
import { ModelsError } from '@tsglove/models';

beforeAll(async () => {
  await initBackend('cpu');
});

/** Algorithm 2 of You et al. 2020 on plain numbers, for one layer. */
function lambReference(w0: number[], grads: number[][], lr: number, o: { b1: number; b2: number; eps: number; wd: number }): number[][] {
  let w = [...w0];
  let m = w.map(() => 0);
  let v = w.map(() => 0);
  const out: number[][] = [];
  grads.forEach((g, i) => {
    const t = i + 1;
    m = m.map((mi, j) => o.b1 * mi + (1 - o.b1) * g[j]!);
    v = v.map((vi, j) => o.b2 * vi + (1 - o.b2) * g[j]! * g[j]!);
    const r = w.map((wj, j) => m[j]! / (1 - o.b1 ** t) / (Math.sqrt(v[j]! / (1 - o.b2 ** t)) + o.eps) + o.wd * wj);
    const norm = (xs: number[]): number => Math.sqrt(xs.reduce((s, x) => s + x * x, 0));
    const trust = norm(w) / norm(r);
    w = w.map((wj, j) => wj - lr * trust * r[j]!);
    out.push(w);
  });
  return out;
}

describe('lamb', () => {
  it('first step on a worked example: w = [3, 4], g = [0.3, 0.4], λ = 0.01, lr = 0.1', () => {
    // m̂ = g, v̂ = g², so m̂/(√v̂ + ε) ≈ [1, 1]; r ≈ [1.03, 1.04]; ‖w‖ = 5; trust = 5 / ‖r‖ ≈ 3.41587
    const w = tf.variable(tf.tensor2d([[3, 4]]));
    const g = tf.tensor2d([[0.3, 0.4]]);
    const opt = lamb({ weightDecay: 0.01, epsilon: 0 });
    opt.apply([w], [g], 0.1);
    const rn = Math.hypot(1.03, 1.04);
    const expected = [3 - (0.1 * 5 * 1.03) / rn, 4 - (0.1 * 5 * 1.04) / rn];
    expect(expected[0]).toBeCloseTo(2.64814, 4);
    Array.from(w.dataSync()).forEach((x, i) => expect(x).toBeCloseTo(expected[i]!, 5));
    tf.dispose([w, g]);
    opt.dispose();
  });

  it('follows Algorithm 2 over several steps (moments, bias correction, trust ratio)', () => {
    const grads = [
      [0.3, -0.4, 0.1],
      [-0.2, 0.5, 0.05],
      [0.1, 0.1, -0.3],
      [0.4, -0.1, 0.2],
    ];
    const o = { b1: 0.9, b2: 0.99, eps: 1e-6, wd: 0.05 };
    const expected = lambReference([1, -2, 0.5], grads, 0.05, o);
    const w = tf.variable(tf.tensor2d([[1, -2, 0.5]]));
    const opt = lamb({ beta1: o.b1, beta2: o.b2, epsilon: o.eps, weightDecay: o.wd });
    const before = tf.memory().numTensors;
    grads.forEach((gv, i) => {
      const g = tf.tensor2d([gv]);
      opt.apply([w], [g], 0.05);
      g.dispose();
      if (i === 0) expect(tf.memory().numTensors).toBe(before + 2); // its m and v slots
      Array.from(w.dataSync()).forEach((x, j) => expect(x).toBeCloseTo(expected[i]![j]!, 5));
    });
    expect(opt.iterations).toBe(4);
    opt.dispose();
    expect(tf.memory().numTensors).toBe(before);
    w.dispose();
  });

  it('excluded (rank-1) weights take the plain Adam step; a zero weight takes trust 1', () => {
    const b = tf.variable(tf.tensor1d([3, 4]));
    const z = tf.variable(tf.zeros([1, 2]));
    const g = tf.tensor1d([0.3, -0.4]);
    const g2 = tf.tensor2d([[0.3, -0.4]]);
    const opt = lamb({ weightDecay: 0.5, epsilon: 0 });
    opt.apply([b, z], [g, g2], 0.1);
    Array.from(b.dataSync()).forEach((x, i) => expect(x).toBeCloseTo([2.9, 4.1][i]!, 5)); // Adam step ±1·lr, no decay
    Array.from(z.dataSync()).forEach((x, i) => expect(x).toBeCloseTo([-0.1, 0.1][i]!, 5));
    tf.dispose([b, z, g, g2]);
    opt.dispose();
  });

  it('rejects bad options with the field name', () => {
    expect(() => lamb({ beta1: 1 })).toThrow(/^beta1: expected float in \[0, 1\), got 1$/);
    expect(() => lamb({ epsilon: -1 })).toThrow(/^epsilon: expected float >= 0, got -1$/);
    expect(() => lamb({ weightDecay: -1 })).toThrow(ModelsError);
  });
});

describe('scaleLearningRate', () => {
  it('linear and square-root rules', () => {
    expect(scaleLearningRate({ baseLr: 0.1, baseBatch: 256, batch: 1024 })).toBeCloseTo(0.4, 12);
    expect(scaleLearningRate({ baseLr: 0.016, batch: 4096 })).toBeCloseTo(0.256, 12); // EfficientNet's 0.016·B/256
    expect(scaleLearningRate({ baseLr: 0.1, baseBatch: 64, batch: 256, rule: 'sqrt' })).toBeCloseTo(0.2, 12);
    expect(() => scaleLearningRate({ baseLr: 0.1, batch: 0 })).toThrow(/batch/);
    expect(() => scaleLearningRate({ baseLr: 0.1, batch: 8, rule: 'cubic' as never })).toThrow(/rule/);
  });
});

describe('cross-replica batch norm', () => {
  const x = (): tf.Tensor4D => tf.randomNormal([8, 3, 3, 2], 1, 2, 'float32', 11) as tf.Tensor4D;

  it('all-reduced moments over shards equal the moments of the whole batch', () => {
    const t = x();
    const before = tf.memory().numTensors;
    const parts = tf.split(t, [3, 3, 2], 0);
    const stats = parts.map(shardStats);
    const { mean, variance } = allReduceMoments(stats);
    const ref = tf.moments(t, [0, 1, 2]);
    expect(tf.tidy(() => tf.max(tf.abs(tf.sub(mean, ref.mean))).dataSync()[0]!)).toBeLessThan(1e-5);
    expect(tf.tidy(() => tf.max(tf.abs(tf.sub(variance, ref.variance))).dataSync()[0]!)).toBeLessThan(1e-4);
    tf.dispose([...parts, ...stats.flatMap((s) => [s.sum, s.sumSq]), mean, variance, ref.mean, ref.variance]);
    expect(tf.memory().numTensors).toBe(before);
    t.dispose();
  });

  it('cross-replica BN over 4 shards equals full-batch BN; local BN normalizes each shard by itself', () => {
    const t = x();
    const full = shardedBatchNorm(t, { shards: 1 });
    const cross = shardedBatchNorm(t, { shards: 4, mode: 'crossReplica' });
    const local = shardedBatchNorm(t, { shards: 4, mode: 'local' });
    expect(tf.tidy(() => tf.max(tf.abs(tf.sub(full.y, cross.y))).dataSync()[0]!)).toBeLessThan(1e-4);
    expect(tf.tidy(() => tf.max(tf.abs(tf.sub(full.y, local.y))).dataSync()[0]!)).toBeGreaterThan(1e-2);
    // every local shard has mean ≈ 0 per channel
    const shardMeans = tf.tidy(() => tf.split(local.y, 4, 0).map((s) => tf.max(tf.abs(tf.mean(s, [0, 1, 2]))).dataSync()[0]!));
    shardMeans.forEach((m) => expect(m).toBeLessThan(1e-4));
    tf.dispose([t, full.y, full.mean, full.variance, cross.y, cross.mean, cross.variance, local.y, local.mean, local.variance]);
  });

  it('shard sizes and errors', () => {
    expect(shardSizes(10, 4)).toEqual([3, 3, 2, 2]);
    expect(() => shardSizes(3, 4)).toThrow(/shards/);
    const t = x();
    expect(() => shardedBatchNorm(t, { mode: 'global' as never })).toThrow(/mode/);
    t.dispose();
  });

  it('a ConvNet trained with shards: cross-replica gradients equal unsharded ones', () => {
    const net = convNet({ inputShape: [8, 8, 1], filters: [4, 4], numClasses: 3, seed: 1 });
    const xb = tf.randomUniform([8, 8, 8, 1], 0, 1, 'float32', 3) as tf.Tensor4D;
    const y = tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1], 'int32');
    const gradsFor = (shards: number, bnMode: 'local' | 'crossReplica'): number[] =>
      tf.tidy(() => {
        const { grads } = tf.variableGrads(() => {
          const { logits } = net.forward(xb, { training: true, shards, bnMode, updateStats: false });
          return tf.losses.softmaxCrossEntropy(tf.oneHot(y, 3), logits) as tf.Scalar;
        }, net.trainableWeights as tf.Variable[]);
        return Array.from(grads[net.kernels[0]!.name]!.dataSync());
      });
    const g1 = gradsFor(1, 'crossReplica');
    const g4 = gradsFor(4, 'crossReplica');
    const gl = gradsFor(4, 'local');
    g1.forEach((v, i) => expect(g4[i]).toBeCloseTo(v, 4));
    expect(gl.some((v, i) => Math.abs(v - g1[i]!) > 1e-3)).toBe(true);
    tf.dispose([xb, y]);
    net.dispose();
  });
});
