/** The custom training loop: a tiny CNN learns a few hundred Fashion-MNIST images in seconds. */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import {
  initBackend,
  loadFashionMnist,
  smallCnn,
  fit,
  evaluate,
  trainStep,
  sgd,
  adam,
  lars,
  warmupCosine,
  softmaxCrossEntropy,
  ModelsError,
} from '@tsglove/train';
import { FASHION_MNIST_SUBSET as dir } from './fashion-mnist-subset.js';

beforeAll(async () => {
  expect(await initBackend('wasm')).toBe('wasm');
});

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('fit on Fashion-MNIST', () => {
  const train = loadFashionMnist({ dir, limit: 384 });
  const test = loadFashionMnist({ dir, split: 'test', limit: 300 });

  it('the loss falls and the model beats chance (SGD momentum, warm-up + cosine, label smoothing)', () => {
    const model = smallCnn({ channels: [8, 16], seed: 3 });
    const before = tf.memory().numTensors;
    const steps = 48;
    const opt = sgd({ momentum: 0.9 });
    const { losses, images } = fit(model, train, {
      optimizer: opt,
      batchSize: 32,
      steps,
      labelSmoothing: 0.1,
      schedule: warmupCosine({ baseLr: 0.05, warmupSteps: 4, totalSteps: steps }),
    });
    expect(images).toBe(steps * 32);
    expect(losses).toHaveLength(steps);
    expect(mean(losses.slice(-8))).toBeLessThan(0.6 * mean(losses.slice(0, 4)));
    expect(evaluate(model, test).accuracy).toBeGreaterThan(0.5);
    opt.dispose();
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('Adam and LARS also reduce the loss', () => {
    for (const [opt, lr] of [
      [adam(), 0.003],
      [lars({ eta: 0.05, momentum: 0.9 }), 0.5],
    ] as const) {
      const model = smallCnn({ channels: [8, 16], seed: 4 });
      const { losses } = fit(model, train, { optimizer: opt, schedule: lr, batchSize: 32, steps: 24 });
      expect(mean(losses.slice(-6)), opt.name).toBeLessThan(0.75 * mean(losses.slice(0, 3)));
      opt.dispose();
      model.dispose();
    }
  });

  it('a training step leaks no tensors', () => {
    const model = smallCnn({ channels: [4, 8], seed: 5 });
    const opt = sgd({ momentum: 0.9 });
    const x = tf.randomUniform([8, 28, 28, 1]) as tf.Tensor4D;
    const y = tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7], 'int32');
    trainStep(model, opt, x, y, 0.01).dispose();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) trainStep(model, opt, x, y, 0.01).dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, y]);
    opt.dispose();
    model.dispose();
  });

  it('rejects bad options', () => {
    const model = smallCnn({ channels: [4, 8] });
    expect(() => fit(model, train, { optimizer: sgd(), schedule: 0.1, batchSize: 0 })).toThrow(ModelsError);
    expect(() => fit(model, train, { optimizer: sgd(), schedule: 0.1, batchSize: 0 })).toThrow(/batchSize: expected int >= 1, got 0/);
    expect(() => smallCnn({ inputShape: [30, 30, 1] })).toThrow(/inputShape: /);
    model.dispose();
  });
});

describe('softmaxCrossEntropy', () => {
  it('with label smoothing matches the hand-computed value', () => {
    const logits = tf.tensor2d([[2, 0, 0]]);
    const labels = tf.tensor1d([0], 'int32');
    const z = Math.log(Math.exp(2) + 2);
    const logp = [2 - z, -z, -z];
    const eps = 0.3;
    const target = [1 - eps + eps / 3, eps / 3, eps / 3];
    const expected = -target.reduce((s, t, i) => s + t * logp[i]!, 0);
    expect(softmaxCrossEntropy(labels, logits, eps).dataSync()[0]).toBeCloseTo(expected, 5);
    expect(softmaxCrossEntropy(labels, logits).dataSync()[0]).toBeCloseTo(-logp[0]!, 5);
    expect(() => softmaxCrossEntropy(labels, logits, 1)).toThrow(/labelSmoothing: /);
    tf.dispose([logits, labels]);
  });
});
