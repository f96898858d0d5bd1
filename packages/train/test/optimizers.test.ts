/** SGD-momentum, Adam and LARS against updates computed by hand; the schedules at given steps. */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import {
  initBackend,
  sgd,
  adam,
  lars,
  warmupCosine,
  warmupPolynomial,
  constantSchedule,
  ModelsError,
  slotOptimizer,
  type Optimizer,
} from '@tsglove/train';

beforeAll(async () => {
  await initBackend('cpu');
});

let live: Array<{ dispose(): void }> = [];
afterEach(() => {
  live.forEach((d) => d.dispose());
  live = [];
});

/** Runs `steps` updates of `opt` on one variable; returns its value after each step. */
function run(opt: Optimizer, w0: number[], grads: number[][], lr: number | number[], shape = [w0.length]): number[][] {
  const w = tf.variable(tf.tensor(w0, shape));
  live.push(w, opt);
  const out: number[][] = [];
  grads.forEach((g, i) => {
    const gt = tf.tensor(g, shape);
    opt.apply([w], [gt], Array.isArray(lr) ? lr[i]! : lr);
    gt.dispose();
    out.push(Array.from(w.dataSync()));
  });
  return out;
}

function close(actual: number[], expected: number[], digits = 5): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => expect(a).toBeCloseTo(expected[i]!, digits));
}

describe('sgd', () => {
  it('momentum: v = μv + g, w = w - lr·v', () => {
    const [s1, s2] = run(
      sgd({ momentum: 0.9 }),
      [1, -2],
      [
        [0.5, 0.5],
        [0.5, 0.5],
      ],
      0.1,
    );
    close(s1!, [0.95, -2.05]);
    close(s2!, [0.855, -2.145]); // v = 0.95
  });

  it('nesterov and weight decay', () => {
    const [n1] = run(sgd({ momentum: 0.9, nesterov: true }), [1], [[0.5]], 0.1);
    close(n1!, [1 - 0.1 * (0.5 + 0.9 * 0.5)]);
    const [d1] = run(sgd({ weightDecay: 0.1 }), [2], [[0.5]], 0.1);
    close(d1!, [2 - 0.1 * (0.5 + 0.1 * 2)]);
  });

  it('keeps no tensors per step beyond its momentum buffer', () => {
    const opt = sgd({ momentum: 0.9 });
    const w = tf.variable(tf.ones([3]));
    const g = tf.ones([3]);
    live.push(w, g, opt);
    opt.apply([w], [g], 0.1);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) opt.apply([w], [g], 0.1);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('adam', () => {
  it('matches the bias-corrected update over two steps', () => {
    const g1 = [0.5, -0.25];
    const g2 = [0.1, 0.1];
    const [s1, s2] = run(adam({ beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }), [1, -2], [g1, g2], 0.1);
    close(s1!, [0.9, -1.9]); // first step moves each weight by lr·sign(g)
    const expected = [0, 1].map((i) => {
      const m = 0.9 * (0.1 * g1[i]!) + 0.1 * g2[i]!;
      const v = 0.999 * (0.001 * g1[i]! ** 2) + 0.001 * g2[i]! ** 2;
      return s1![i]! - (0.1 * (m / (1 - 0.9 ** 2))) / (Math.sqrt(v / (1 - 0.999 ** 2)) + 1e-8);
    });
    close(s2!, expected);
    close(s2!, [0.819696, -1.865439], 4);
  });

  it('decoupled weight decay (AdamW)', () => {
    const [s1] = run(adam({ weightDecay: 0.5 }), [2], [[1]], 0.1);
    close(s1!, [2 - 0.1 - 0.1 * 0.5 * 2]);
  });
});

describe('lars', () => {
  it('scales the step by the trust ratio η‖w‖ / (‖g‖ + wd‖w‖)', () => {
    const eta = 0.001;
    const wd = 0.01;
    const [s1, s2] = run(
      lars({ momentum: 0.9, eta, weightDecay: wd }),
      [3, 4],
      [
        [0.6, 0.8],
        [0.6, 0.8],
      ],
      1,
      [1, 2],
    );
    // ‖w‖ = 5, ‖g‖ = 1: trust = 0.005 / 1.05; v = trust·(g + wd·w) = [0.003, 0.004]
    close(s1!, [2.997, 3.996], 6);
    const wn = Math.hypot(2.997, 3.996);
    const trust = (eta * wn) / (1 + wd * wn);
    const v = [0.9 * 0.003 + trust * (0.6 + wd * 2.997), 0.9 * 0.004 + trust * (0.8 + wd * 3.996)];
    close(s2!, [2.997 - v[0]!, 3.996 - v[1]!], 6);
  });

  it('uses trust 1 when a norm is zero, and plain momentum for excluded (rank-1) weights', () => {
    const [z] = run(lars({ eta: 0.001, momentum: 0 }), [0, 0], [[1, 2]], 0.5, [1, 2]);
    close(z!, [-0.5, -1]);
    const [b1, b2] = run(
      lars({ eta: 0.001, momentum: 0.9, weightDecay: 0.1 }),
      [1, 1],
      [
        [1, 2],
        [1, 2],
      ],
      0.1,
    );
    close(b1!, [0.9, 0.8]);
    close(b2!, [0.9 - 0.19, 0.8 - 0.38]);
  });
});

describe('slotOptimizer', () => {
  it('gives a rule written alone its slots (zeros at first), the step count and the checks', () => {
    const seen: Array<{ iteration: number; slot: number[] }> = [];
    // sign SGD with a running count of updates in its one slot
    const opt = slotOptimizer({
      name: 'signCount',
      slots: 1,
      update: ({ param, grad, lr, iteration, slots: [count] }) => {
        seen.push({ iteration, slot: Array.from(count!.dataSync()) });
        count!.assign(tf.add(count!, 1));
        param.assign(tf.sub(param, tf.mul(tf.sign(grad), lr)));
      },
    });
    const [s1, s2] = run(
      opt,
      [1, -1],
      [
        [3, -0.5],
        [-2, 0],
      ],
      0.25,
    );
    close(s1!, [0.75, -0.75]);
    close(s2!, [1, -0.75]);
    expect(seen).toEqual([
      { iteration: 1, slot: [0, 0] },
      { iteration: 2, slot: [1, 1] },
    ]);
    expect(opt.name).toBe('signCount');
    expect(opt.iterations).toBe(2);
    const before = tf.memory().numTensors;
    opt.dispose();
    expect(tf.memory().numTensors).toBe(before - 1); // its one slot variable
    expect(() => opt.apply([], [], Number.NaN)).toThrow(/lr: expected float >= 0, got NaN/);
    expect(() => slotOptimizer({ name: 'bad', slots: -1, update: () => {} })).toThrow(/bad\.slots: expected int >= 0, got -1/);
  });
});

describe('optimizer options', () => {
  it('reject out-of-range values, naming the field', () => {
    expect(() => sgd({ momentum: 1 })).toThrow(ModelsError);
    expect(() => sgd({ momentum: 1 })).toThrow(/momentum: expected float in \[0, 1\), got 1/);
    expect(() => adam({ beta2: -0.1 })).toThrow(/beta2: /);
    expect(() => lars({ eta: -1 })).toThrow(/eta: /);
    const w = tf.variable(tf.ones([2]));
    live.push(w);
    expect(() => sgd().apply([w], [], 0.1)).toThrow(/grads: expected 1 gradients, got 0/);
    expect(() => sgd().apply([w], [w], -1)).toThrow(/lr: expected float >= 0, got -1/);
  });
});

describe('schedules', () => {
  it('warm-up then cosine', () => {
    const s = warmupCosine({ baseLr: 1, warmupSteps: 10, totalSteps: 110 });
    expect(s(0)).toBe(0);
    expect(s(5)).toBeCloseTo(0.5, 12);
    expect(s(10)).toBeCloseTo(1, 12);
    expect(s(35)).toBeCloseTo(0.5 * (1 + Math.cos(Math.PI / 4)), 12);
    expect(s(60)).toBeCloseTo(0.5, 12);
    expect(s(110)).toBeCloseTo(0, 12);
    expect(s(500)).toBeCloseTo(0, 12);
    const floor = warmupCosine({ baseLr: 0.4, totalSteps: 100, endLr: 0.1 });
    expect(floor(0)).toBeCloseTo(0.4, 12);
    expect(floor(50)).toBeCloseTo(0.25, 12);
    expect(floor(100)).toBeCloseTo(0.1, 12);
  });

  it('warm-up then polynomial', () => {
    const s = warmupPolynomial({ baseLr: 1, warmupSteps: 4, totalSteps: 104, power: 2, endLr: 0.1 });
    expect(s(2)).toBeCloseTo(0.5, 12);
    expect(s(4)).toBeCloseTo(1, 12);
    expect(s(54)).toBeCloseTo(0.1 + 0.9 * 0.25, 12);
    expect(s(104)).toBeCloseTo(0.1, 12);
    const linear = warmupPolynomial({ baseLr: 2, totalSteps: 10 });
    expect(linear(3)).toBeCloseTo(1.4, 12);
    expect(constantSchedule(0.3)(99)).toBe(0.3);
  });

  it('reject inconsistent options', () => {
    expect(() => warmupCosine({ baseLr: 1, warmupSteps: 10, totalSteps: 10 })).toThrow(
      /totalSteps: expected an integer > warmupSteps \(10\), got 10/,
    );
    expect(() => warmupPolynomial({ baseLr: 1, totalSteps: 10, power: 0 })).toThrow(/power: /);
    expect(() => warmupCosine({ baseLr: -1, totalSteps: 10 })).toThrow(/baseLr: /);
  });
});
