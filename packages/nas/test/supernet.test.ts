/** The weight-sharing supernet: one traced function, shared weights per (decision, candidate), path switching. */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { seededRandom, oneOf, floatValue } from '@tsglove/symbolic';
import { evaluate, fit, initBackend, ModelsError, sgd } from '@tsglove/train';
import { ChildNet, Supernet, crossEntropyLoss, nasSpace, opChoice, trainChild, type NasSpace } from '@tsglove/nas';
import { convSpace } from './fixtures.js';

beforeAll(async () => {
  await initBackend('cpu');
});

/** Every DNA of a small space, in grid order. */
function allDNA(space: NasSpace) {
  const out = [];
  for (let d: ReturnType<NasSpace['dna']> | null = space.dnaSpec.firstDNA(); d; d = space.dnaSpec.nextDNA(d)) out.push(d);
  return out;
}

describe('NasSpace', () => {
  it('traces the function: one decision per oneOf, labels from opChoice, names as dynamic evaluation gives them', () => {
    const space = convSpace();
    expect(space.dnaSpec.decisionPoints.map((p) => p.name)).toEqual(['cell0', 'decision_0']);
    expect(space.size).toBe(8);
    expect(space.describe(space.dna([1, 0]))).toBe('cell0=sepconv3x3, decision_0=0');
  });

  it('rejects bad input naming the field', () => {
    expect(() => nasSpace((x) => x, { inputShape: [4] })).toThrow(/^fn: the model function made no oneOf/);
    expect(() => nasSpace((x) => oneOf([() => x]), { inputShape: [0] })).toThrow(ModelsError);
    expect(() => nasSpace((x) => oneOf([() => x]), { inputShape: [0] })).toThrow(/^inputShape:/);
  });
});

describe('Supernet', () => {
  it('allocates every candidate once, keyed by decision + candidate', () => {
    const net = new Supernet(convSpace(), { seed: 1 });
    const keys = [...net.layers.variables.keys()];
    expect(keys.filter((k) => k.startsWith('cell0#0=0/'))).toEqual(['cell0#0=0/conv2d_0/kernel', 'cell0#0=0/conv2d_0/bias']);
    expect(keys.filter((k) => k.startsWith('cell0#0=1/'))).toHaveLength(3); // depthwise, pointwise, bias
    expect(keys.some((k) => k.startsWith('cell0#0=2/') || k.startsWith('cell0#0=3/'))).toBe(false); // maxpool, identity
    expect(keys.filter((k) => k.startsWith('decision_0#0=0/'))).toHaveLength(2);
    expect([...net.alphas.keys()]).toEqual(['cell0', 'decision_0']);
    net.dispose();
  });

  it("under a DNA only the active candidates' variables get non-zero gradients, and switching the DNA switches them", () => {
    const space = convSpace();
    const net = new Supernet(space, { seed: 2 });
    const x = tf.randomNormal([6, 8, 8, 1], 0, 1, 'float32', 5);
    const y = tf.tensor1d([0, 1, 2, 0, 1, 2], 'int32');
    const byName = new Map([...net.layers.variables].map(([k, v]) => [v.name, k]));
    const before = tf.memory().numTensors;
    const gradientKeys = (numbers: number[]): string[] => {
      const dna = space.dna(numbers);
      const { value, grads } = tf.variableGrads(() => crossEntropyLoss(y, net.forwardPath(x, dna)), net.weights);
      value.dispose();
      const keys = Object.entries(grads)
        .filter(([, g]) => tf.tidy(() => tf.max(tf.abs(g)).dataSync()[0]!) > 0)
        .map(([n]) => byName.get(n)!);
      tf.dispose(Object.values(grads));
      return keys.sort();
    };
    const shared = ['conv2d_0/bias', 'conv2d_0/kernel', 'dense_0/bias', 'dense_0/kernel'];
    expect(gradientKeys([0, 0])).toEqual(
      [
        ...shared.slice(0, 2),
        'cell0#0=0/conv2d_0/bias',
        'cell0#0=0/conv2d_0/kernel',
        'decision_0#0=0/conv2d_0/bias',
        'decision_0#0=0/conv2d_0/kernel',
        ...shared.slice(2),
      ].sort(),
    );
    expect(gradientKeys([1, 1])).toEqual(
      [...shared, 'cell0#0=1/sepConv2d_0/bias', 'cell0#0=1/sepConv2d_0/depthwise', 'cell0#0=1/sepConv2d_0/pointwise'].sort(),
    );
    expect(gradientKeys([3, 1])).toEqual(shared);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, y]);
    net.dispose();
  });

  it('the mixed (DARTS) pass reaches every candidate and every α, and leaks nothing', () => {
    const net = new Supernet(convSpace(), { seed: 3 });
    const x = tf.randomNormal([4, 8, 8, 1], 0, 1, 'float32', 6);
    const y = tf.tensor1d([0, 1, 2, 0], 'int32');
    const before = tf.memory().numTensors;
    const { value, grads } = tf.variableGrads(() => crossEntropyLoss(y, net.forwardMixed(x)), [...net.weights, ...net.archParams]);
    value.dispose();
    expect(Object.keys(grads)).toHaveLength(net.weights.length + net.archParams.length);
    tf.dispose(Object.values(grads));
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, y]);
    net.dispose();
  });

  it("a stand-alone child of the same function has exactly the parameters of the supernet's active path, and trains", () => {
    const space = convSpace();
    const net = new Supernet(space, { seed: 4 });
    for (const dna of allDNA(space)) {
      const child = new ChildNet(space, dna, 7);
      expect(child.countParams(), space.describe(dna)).toBe(net.pathParamCount(dna));
      child.dispose();
    }
    net.dispose();
    const x = tf.randomNormal([48, 8, 8, 1], 0, 1, 'float32', 8);
    // Labels: the sign pattern of the mean pixel — learnable by a conv net.
    const y = tf.tidy(() => tf.cast(tf.greater(tf.mean(x, [1, 2, 3]), 0), 'int32'));
    const before = tf.memory().numTensors;
    const r = trainChild(space, space.dna([0, 0]), { train: { x, y }, valid: { x, y } }, { steps: 40, batchSize: 16, lr: 0.05, seed: 1 });
    expect(r.label).toBe('cell0=conv3x3, decision_0=0');
    const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
    expect(mean(r.losses.slice(-8))).toBeLessThan(mean(r.losses.slice(0, 4)));
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, y]);
  });

  it('a child is a TfModel of the tf runtime: fit() and evaluate() train it', () => {
    const space = convSpace();
    const child = new ChildNet(space, space.dna([2, 0]), 3);
    const model = child.asTfModel();
    expect(model.countParams().trainable).toBe(child.countParams());
    expect(model.weightNames).toHaveLength(model.trainableWeights.length);
    const random = seededRandom(4);
    const n = 48;
    // Images of N(0, 1) noise; label: whether the mean pixel is positive (3rd class unused).
    const images = Float32Array.from({ length: n * 64 }, () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random()));
    const labels = Int32Array.from({ length: n }, (_, i) => (images.subarray(i * 64, (i + 1) * 64).reduce((a, b) => a + b, 0) > 0 ? 1 : 0));
    const data = { images, labels, count: n, shape: [8, 8, 1] as [number, number, number], numClasses: 3 };
    const before = tf.memory().numTensors;
    const initial = evaluate(model, data).loss;
    const opt = sgd({ momentum: 0.9 });
    const { losses } = fit(model, data, { optimizer: opt, schedule: 0.05, batchSize: 16, steps: 30 });
    opt.dispose();
    expect(losses).toHaveLength(30);
    expect(evaluate(model, data).loss).toBeLessThan(0.8 * initial);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('nested decisions (a oneOf inside a candidate op) get their own α and weights; arg-max follows the chosen branch', () => {
    const space = nasSpace(
      (x, nn) =>
        oneOf(
          [
            () => opChoice('inner', { dense: () => nn.dense(x, 2), zero: () => tf.zeros([x.shape[0]!, 2]) }),
            () => nn.dense(x, 2, { name: 'other' }),
          ],
          { name: 'outer' },
        ),
      { inputShape: [3] },
    );
    expect(space.size).toBe(3);
    const net = new Supernet(space);
    expect([...net.alphas.keys()].sort()).toEqual(['outer', 'outer=0/inner']);
    expect([...net.layers.variables.keys()].sort()).toEqual([
      'outer#0=0/inner#0=0/dense_0/bias',
      'outer#0=0/inner#0=0/dense_0/kernel',
      'outer#0=1/other/bias',
      'outer#0=1/other/kernel',
    ]);
    net.alphas.get('outer')!.assign(tf.tensor1d([1, 0]));
    net.alphas.get('outer=0/inner')!.assign(tf.tensor1d([0, 1]));
    expect(net.argmaxDNA().toNumbers()).toEqual([0, 1]);
    expect(space.describe(net.argmaxDNA())).toBe('outer=0, inner=zero');
    net.alphas.get('outer')!.assign(tf.tensor1d([0, 1]));
    expect(net.argmaxDNA().toNumbers()).toEqual([1]);
    expect(net.pathWeightKeys(space.dna([0, 0])).sort()).toEqual([
      'outer#0=0/inner#0=0/dense_0/bias',
      'outer#0=0/inner#0=0/dense_0/kernel',
    ]);
    expect(net.pathParamCount(space.dna([0, 1]))).toBe(0);
    const child = new ChildNet(space, space.dna([0, 0]));
    expect(child.countParams()).toBe(8);
    child.dispose();
    net.dispose();
  });

  it('rejects decisions it cannot share weights for, naming the decision', () => {
    const space = nasSpace((x) => tf.mul(x, floatValue(0.1, 1, { name: 'scale' }) as unknown as number), { inputShape: [2] });
    expect(() => new Supernet(space)).toThrow(/^scale: weight sharing needs oneOf over functions \(candidate ops\), got floatValue/);
    const values = nasSpace((x, nn) => nn.dense(x, oneOf([2, 3], { name: 'units' })), { inputShape: [2] });
    expect(() => new Supernet(values)).toThrow(/^units: weight sharing needs oneOf over functions/);
    const shapes = nasSpace((x, nn) => oneOf([() => nn.dense(x, 2), () => nn.dense(x, 3)], { name: 'head' }), { inputShape: [2] });
    expect(() => new Supernet(shapes)).toThrow(/^head\.candidates\[1\]: output shape \[1,3\] differs/);
  });
});
