/** Layers: weights keyed by scope + counter, found again on later passes; errors name the weight. */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@tsglove/train';
import { Layers } from '@tsglove/nas';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('Layers', () => {
  it('creates weights once and finds them again on the next pass, by scope and call order', () => {
    const nn = new Layers('persistent', 3);
    const pass = (): tf.Tensor =>
      tf.tidy(() => {
        nn.beginPass();
        const x = tf.ones([2, 4]);
        const h = nn.scoped('a', () => nn.dense(x, 3, { activation: 'relu' }));
        return nn.dense(nn.dense(h, 3), 2, { name: 'head' });
      });
    const first = pass();
    expect([...nn.variables.keys()]).toEqual([
      'a/dense_0/kernel',
      'a/dense_0/bias',
      'dense_0/kernel',
      'dense_0/bias',
      'head/kernel',
      'head/bias',
    ]);
    const second = pass();
    expect(nn.variables.size).toBe(6);
    expect(second.arraySync()).toEqual(first.arraySync());
    expect(nn.touched.size).toBe(6);
    expect(nn.countParams()).toBe(4 * 3 + 3 + 3 * 3 + 3 + 3 * 2 + 2);
    tf.dispose([first, second]);
    nn.dispose();
  });

  it('seeds differ per weight and per seed; the same seed gives the same weights', () => {
    const values = (seed: number): number[][] => {
      const nn = new Layers('persistent', seed);
      nn.variable([2, 2], { name: 'a' });
      nn.variable([2, 2], { name: 'b' });
      const out = [...nn.variables.values()].map((v) => Array.from(v.dataSync()));
      nn.dispose();
      return out;
    };
    const [a, b] = values(1);
    expect(a).not.toEqual(b);
    expect(values(1)).toEqual([a, b]);
    expect(values(2)[0]).not.toEqual(a);
  });

  it('ephemeral layers make throwaway tensors (nothing kept, nothing leaked under tidy)', () => {
    const nn = new Layers('ephemeral');
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      nn.conv2d(tf.zeros([1, 4, 4, 1]), 2);
      nn.sepConv2d(tf.zeros([1, 4, 4, 2]), 2);
    });
    expect(nn.variables.size).toBe(0);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('errors name the weight or field', () => {
    const nn = new Layers();
    nn.variable([2, 3], { name: 'w' });
    nn.beginPass();
    expect(() => nn.variable([3, 3], { name: 'w' })).toThrow(/^w: weight reused with shape \[3,3\] but was created with \[2,3\]/);
    expect(() => nn.variable([0, 3], { name: 'z' })).toThrow(/^z: expected a shape of positive integers/);
    expect(() => tf.tidy(() => nn.dense(tf.ones([1, 2, 2]), 2))).toThrow(/^dense: expected a rank-2 input/);
    expect(() => tf.tidy(() => nn.dense(tf.ones([1, 2]), 2, { activation: 'silu' as never, name: 'fc' }))).toThrow(
      /^fc\.activation: expected one of "relu"/,
    );
    // every activation of the one vocabulary is accepted
    const y = tf.tidy(() => nn.dense(tf.ones([1, 2]), 2, { activation: 'gelu', name: 'g' }));
    expect(y.shape).toEqual([1, 2]);
    y.dispose();
    nn.dispose();
  });
});
