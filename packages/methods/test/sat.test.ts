/** Smooth activations, PGD/FGSM and adversarial training steps on a small ConvNet. */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend, sgd } from '@tsglove/train';
import {
  METHOD_ACTIVATIONS,
  applyActivation,
  parametricSoftplus,
  convNet,
  pgd,
  fgsm,
  classificationLoss,
  adversarialTrainStep,
} from '@tsglove/methods';
import { ModelsError } from '@tsglove/models';

beforeAll(async () => {
  await initBackend('cpu');
});

const values = (t: tf.Tensor): number[] => Array.from(t.dataSync());

describe('activations', () => {
  const xs = [-2, -0.5, 0, 0.5, 2];
  const phi = (x: number): number => 0.5 * (1 + erf(x / Math.SQRT2));
  function erf(x: number): number {
    // Abramowitz–Stegun 7.1.26, |error| < 1.5e-7
    const t = 1 / (1 + 0.3275911 * Math.abs(x));
    const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
    return Math.sign(x) * y;
  }
  const expected: Record<string, (x: number) => number> = {
    relu: (x) => Math.max(0, x),
    swish: (x) => x / (1 + Math.exp(-x)),
    gelu: (x) => x * phi(x),
    softplus: (x) => Math.log(1 + Math.exp(x)),
    parametricSoftplus: (x) => Math.log(1 + Math.exp(10 * x)) / 10,
    elu: (x) => (x > 0 ? x : Math.exp(x) - 1),
  };

  it('every activation matches its formula', () => {
    const x = tf.tensor1d(xs);
    for (const name of METHOD_ACTIVATIONS) {
      const y = applyActivation(x, name);
      values(y).forEach((v, i) => expect(v).toBeCloseTo(expected[name]!(xs[i]!), 5));
      y.dispose();
    }
    x.dispose();
  });

  it('parametric softplus is stable for large inputs and tends to ReLU as α grows', () => {
    const x = tf.tensor1d([-100, 100, 0.3]);
    const y = parametricSoftplus(x, 1000);
    values(y).forEach((v, i) => expect(v).toBeCloseTo([0, 100, 0.3][i]!, 4));
    tf.dispose([x, y]);
    expect(() => applyActivation(tf.scalar(1), 'mish' as never)).toThrow(ModelsError);
    expect(() => parametricSoftplus(tf.scalar(1), 0)).toThrow(/alpha/);
  });

  it("smooth activations have continuous gradients at 0; ReLU's jumps", () => {
    const jump = (name: (typeof METHOD_ACTIVATIONS)[number]): number =>
      tf.tidy(() => {
        const g = tf.grad((x: tf.Tensor) => tf.sum(applyActivation(x, name)))(tf.tensor1d([-1e-3, 1e-3]));
        const [a, b] = values(g);
        return Math.abs(b! - a!);
      });
    expect(jump('relu')).toBeCloseTo(1, 5);
    for (const name of ['swish', 'gelu', 'softplus', 'elu'] as const) expect(jump(name)).toBeLessThan(0.01);
  });
});

describe('pgd / fgsm', () => {
  const setup = () => {
    const net = convNet({ inputShape: [8, 8, 1], filters: [4, 8], numClasses: 3, activation: 'swish', seed: 2 });
    const x = tf.randomUniform([6, 8, 8, 1], 0, 1, 'float32', 5) as tf.Tensor4D;
    const y = tf.tensor1d([0, 1, 2, 0, 1, 2], 'int32');
    return { net, x, y, loss: classificationLoss(net, y) };
  };

  it('stays in the ε-ball and the valid range, and increases the loss', () => {
    const { net, x, y, loss } = setup();
    const before = tf.memory().numTensors;
    const eps = 0.05;
    const adv = pgd(loss, x, { epsilon: eps, steps: 5, seed: 1 });
    const dist = tf.tidy(() => tf.max(tf.abs(tf.sub(adv, x))).dataSync()[0]!);
    expect(dist).toBeLessThanOrEqual(eps + 1e-6);
    expect(dist).toBeGreaterThan(eps / 2);
    expect(tf.tidy(() => tf.min(adv).dataSync()[0]!)).toBeGreaterThanOrEqual(0);
    expect(tf.tidy(() => tf.max(adv).dataSync()[0]!)).toBeLessThanOrEqual(1);
    const [clean, attacked] = tf.tidy(() => [loss(x).dataSync()[0]!, loss(adv).dataSync()[0]!]);
    expect(attacked).toBeGreaterThan(clean);
    const f = fgsm(loss, x, eps);
    expect(tf.tidy(() => loss(f).dataSync()[0]!)).toBeGreaterThan(clean);
    // FGSM moves every pixel by exactly ε unless clipped at 0 or 1
    const moved = tf.tidy(() => tf.mean(tf.cast(tf.greater(tf.abs(tf.sub(f, x)), eps - 1e-6), 'float32')).dataSync()[0]!);
    expect(moved).toBeGreaterThan(0.8);
    tf.dispose([adv, f]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, y]);
    net.dispose();
  });

  it('more PGD steps find a loss at least as high as FGSM on average', () => {
    const { net, x, y, loss } = setup();
    const f = fgsm(loss, x, 0.1);
    const p = pgd(loss, x, { epsilon: 0.1, steps: 10, randomStart: false });
    const [lf, lp] = tf.tidy(() => [loss(f).dataSync()[0]!, loss(p).dataSync()[0]!]);
    expect(lp).toBeGreaterThanOrEqual(lf - 1e-4);
    tf.dispose([f, p, x, y]);
    net.dispose();
  });

  it('rejects bad arguments naming the field', () => {
    const { net, x, y, loss } = setup();
    expect(() => pgd(loss, x, { epsilon: 0 })).toThrow(/epsilon/);
    expect(() => pgd(loss, x, { epsilon: 0.1, steps: 0 })).toThrow(/steps/);
    tf.dispose([x, y]);
    net.dispose();
  });
});

describe('convNet and adversarial training', () => {
  it('shapes, per-layer features, aux batch norm', () => {
    const net = convNet({ inputShape: [8, 8, 1], filters: [4, 6, 8], numClasses: 5, auxBatchNorm: true });
    const x = tf.zeros([2, 8, 8, 1]) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const { logits, features } = net.forward(x, { bn: 'aux' });
    expect(logits.shape).toEqual([2, 5]);
    expect(features.map((f) => f.shape)).toEqual([
      [2, 8, 8, 4],
      [2, 4, 4, 6],
      [2, 2, 2, 8],
    ]);
    tf.dispose([logits, ...features]);
    expect(tf.memory().numTensors).toBe(before);
    expect(net.weightNames.filter((n) => n.includes('_aux'))).toHaveLength(12);
    x.dispose();
    net.dispose();
    expect(() => convNet({ filters: [] })).toThrow(/filters/);
    expect(() => convNet({ filters: [4], activation: 'silu' as never })).toThrow(/activation: expected one of/);
    const plain = convNet({ filters: [4] });
    const z = tf.zeros([1, 28, 28, 1]) as tf.Tensor4D;
    expect(() => plain.forward(z, { bn: 'aux' })).toThrow(/bn/);
    z.dispose();
    plain.dispose();
  });

  it('an adversarial training step lowers the adversarial loss on its batch and leaks nothing', () => {
    const net = convNet({ inputShape: [8, 8, 1], filters: [4, 8], numClasses: 2, activation: 'gelu', seed: 3 });
    const x = tf.randomUniform([8, 8, 8, 1], 0, 1, 'float32', 9) as tf.Tensor4D;
    const y = tf.tensor1d([0, 1, 0, 1, 0, 1, 0, 1], 'int32');
    const opt = sgd({ momentum: 0.9 });
    const attack = { epsilon: 0.05, steps: 2, seed: 4 };
    adversarialTrainStep(net, opt, x, y, 0.05, { attack, cleanWeight: 0.5 });
    const before = tf.memory().numTensors;
    const losses: number[] = [];
    for (let i = 0; i < 15; i++) losses.push(adversarialTrainStep(net, opt, x, y, 0.05, { attack }));
    expect(tf.memory().numTensors).toBe(before);
    expect(losses[losses.length - 1]!).toBeLessThan(losses[0]!);
    tf.dispose([x, y]);
    opt.dispose();
    net.dispose();
  });
});
