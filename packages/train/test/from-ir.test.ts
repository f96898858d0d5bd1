/** toTfModel: IR graphs become trainable tf.js models with the IR's parameter count. */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { seededRandom } from '@tsglove/symbolic';
import { ACTIVATIONS, GraphBuilder, countParams, layerKinds, nasBenchMacro, mbConv, type Graph } from '@tsglove/models';
import { initBackend, toTfModel, trainStep, sgd, ModelsError, tfLayers } from '@tsglove/train';

beforeAll(async () => {
  expect(await initBackend('wasm')).toBe('wasm');
});

/** A small MBConv net: stem, an expanded MBConv with SE and stride 2, one with a residual. */
function smallMbConvNet(): Graph {
  const g = new GraphBuilder([16, 16, 3], 'small_mbconv');
  let x = g.input();
  x = g.scope('stem', () => g.activation(g.batchNorm(g.conv2d(x, { filters: 8, kernel: 3, stride: 1, useBias: false })), 'swish'));
  x = g.scope('block1', () => mbConv(g, x, { filters: 12, kernel: 3, stride: 2, expandRatio: 4, seRatio: 0.25, activation: 'swish' }));
  x = g.scope('block2', () => mbConv(g, x, { filters: 12, kernel: 5, stride: 1, expandRatio: 2, seRatio: 0.25, activation: 'swish' }));
  x = g.globalPool(x);
  x = g.dense(x, { units: 5 });
  return g.build(x);
}

function input(shape: number[], n: number, seed: number): tf.Tensor4D {
  const r = seededRandom(seed);
  return tf.tensor4d(
    Float32Array.from({ length: n * shape.reduce((a, b) => a * b, 1) }, () => r()),
    [n, ...shape] as [number, number, number, number],
  );
}

describe('toTfModel', () => {
  it('NAS-Bench-Macro: parameter count equals the IR, forward gives logits, a step trains', () => {
    const space = nasBenchMacro('01201120');
    const graph = space.build();
    const model = toTfModel(graph, { seed: 1 });
    const ir = countParams(graph);
    expect(model.countParams()).toEqual(ir);
    expect(model.trainableWeights.reduce((n, v) => n + v.size, 0)).toBe(ir.trainable);
    expect(model.nonTrainableWeights.reduce((n, v) => n + v.size, 0)).toBe(ir.nonTrainable);
    expect(model.weightNames).toHaveLength(model.trainableWeights.length + model.nonTrainableWeights.length);
    expect(model.weightNames).toContain('stem/conv/kernel');

    const x = input([32, 32, 3], 2, 1);
    const y = tf.tensor1d([3, 7], 'int32');
    const before = tf.memory().numTensors;
    const logits = model.apply(x);
    expect(logits.shape).toEqual([2, 10]);
    expect(Array.from(logits.dataSync()).every(Number.isFinite)).toBe(true);
    logits.dispose();
    expect(tf.memory().numTensors).toBe(before);

    const opt = sgd({ momentum: 0.9 });
    const stem = model.trainableWeights[0]!;
    const stemBefore = stem.dataSync().slice();
    const movingMean = model.nonTrainableWeights[0]!;
    const loss = trainStep(model, opt, x, y, 0.01);
    expect(Number.isFinite(loss.dataSync()[0])).toBe(true);
    loss.dispose();
    expect(stem.dataSync()).not.toEqual(stemBefore);
    expect(Array.from(movingMean.dataSync()).some((v) => v !== 0)).toBe(true);
    opt.dispose();
    tf.dispose([x, y]);
    model.dispose();
  });

  it('a small MBConv net (SE, swish, stride 2, residual): parameter count and gradients match cpu', async () => {
    const graph = smallMbConvNet();
    const model = toTfModel(graph, { seed: 2 });
    expect(model.countParams()).toEqual(countParams(graph));
    expect(graph.layers.some((l) => l.kind === 'conv2d' && l.config.groups > 1)).toBe(true);

    const gradsOn = async (backend: string): Promise<Float32Array[]> => {
      await tf.setBackend(backend);
      const x = input([16, 16, 3], 3, 5);
      const y = tf.tensor1d([0, 3, 4], 'int32');
      const before = tf.memory().numTensors;
      const weights = model.trainableWeights as tf.Variable[];
      const { value, grads } = tf.variableGrads(
        () => tf.losses.softmaxCrossEntropy(tf.oneHot(y, 5), model.apply(x, true)) as tf.Scalar,
        weights,
      );
      const out = weights.map((w) => grads[w.name]!.dataSync() as Float32Array);
      tf.dispose([value, ...Object.values(grads)]);
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([x, y]);
      return out;
    };
    const cpu = await gradsOn('cpu');
    const wasm = await gradsOn('wasm');
    cpu.forEach((g, i) => {
      let diff = 0;
      let scale = 1e-12;
      g.forEach((v, j) => {
        diff = Math.max(diff, Math.abs(v - wasm[i]![j]!));
        scale = Math.max(scale, Math.abs(v));
      });
      expect(diff / scale, model.weightNames[i]).toBeLessThan(1e-3);
    });
    model.dispose();
  });

  it('covers the other layer kinds (grouped conv, pools, concat, fusion, upsample, space-to-depth, dropout)', () => {
    const g = new GraphBuilder([8, 8, 4], 'kinds');
    const x = g.input();
    const a = g.conv2d(x, { filters: 6, kernel: 3, groups: 2 });
    const b = g.maxPool(g.spaceToDepth(x, 2), { size: 1 });
    const up = g.upsample(g.avgPool(a, { size: 2 }), 2);
    const f = g.fusion([a, up]);
    const c = g.concat([f, g.upsample(b, 2)]);
    const d = g.dropConnect(g.dropout(g.activation(c, 'hardSwish'), 0.2), 0.2);
    const out = g.dense(g.globalPool(d, { mode: 'max' }), { units: 3 });
    const graph = g.build(out);
    const model = toTfModel(graph);
    expect(model.countParams()).toEqual(countParams(graph));
    const xs = input([8, 8, 4], 2, 3);
    const before = tf.memory().numTensors;
    for (const training of [false, true]) {
      const y = model.apply(xs, training);
      expect(y.shape).toEqual([2, 3]);
      y.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    expect(() => model.apply(input([9, 8, 4], 1, 1))).toThrow(ModelsError);
    expect(() => model.apply(input([9, 8, 4], 1, 1))).toThrow(/x: expected a batch of \[8, 8, 4\] inputs, got shape \[1, 9, 8, 4\]/);
    xs.dispose();
    model.dispose();
  });

  it('every registered layer kind has a builder; flatten and every activation train with the IR parameter count', () => {
    expect(Object.keys(tfLayers).sort()).toEqual(Object.keys(layerKinds).sort());
    const g = new GraphBuilder([4, 4, 2], 'acts');
    let x = g.conv2d(g.input(), { filters: 3, kernel: 3 });
    for (const fn of ACTIVATIONS) x = g.activation(x, fn, `act_${fn}`, fn === 'parametricSoftplus' ? 4 : undefined);
    const graph = g.build(g.dense(g.flatten(x), { units: 2 }));
    const model = toTfModel(graph, { seed: 2 });
    expect(model.countParams()).toEqual(countParams(graph));
    const xs = input([4, 4, 2], 3, 4);
    const ys = tf.tensor1d([0, 1, 1], 'int32');
    const opt = sgd();
    const loss = trainStep(model, opt, xs, ys, 0.01);
    expect(Number.isFinite(loss.dataSync()[0])).toBe(true);
    tf.dispose([xs, ys, loss]);
    opt.dispose();
    model.dispose();
  });
});
