// symbolize over a class we did not write: a real TensorFlow.js layer with oneOf in its arguments.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { symbolize, t, oneOf, dnaSpec, materialize, toJSON, fromJSON, iterate } from '@tsglove/symbolic';

describe('symbolize(tf.layers.Layer subclass)', () => {
  const Dense = tf.layers.dense({ units: 1 }).constructor as unknown as new (args: {
    units: number;
    activation?: string;
    useBias?: boolean;
  }) => tf.layers.Layer;
  const SymDense = symbolize(
    Dense,
    { units: t.int({ min: 1 }), activation: t.enum(['relu', 'tanh', 'linear']).default('linear'), useBias: t.bool().default(true) },
    { name: 'tfjs.Dense' },
  );

  it('searches the arguments and creates real layers that run', () => {
    expect(SymDense.argsMode).toBe('object'); // TF.js layers take one args object
    const space = new SymDense({ units: oneOf([2, 4]), activation: oneOf(['relu', 'tanh']) });
    expect(dnaSpec(space).spaceSize).toBe(4);
    const made = [...iterate(space)].map((s) => s.create());
    expect(made.map((l) => l.getConfig().units)).toEqual([2, 2, 4, 4]);
    expect(made.map((l) => l.getConfig().activation)).toEqual(['relu', 'tanh', 'relu', 'tanh']);
    const layer = materialize(space, [1, 1]).create();
    const y = tf.tidy(() => (layer.apply(tf.ones([3, 5])) as tf.Tensor).shape);
    expect(y).toEqual([3, 4]);
  });

  it('the bound arguments serialize and validate like any symbolic object', () => {
    const s = new SymDense({ units: 8, activation: 'relu' });
    expect(toJSON(s)).toEqual({ _type: 'tfjs.Dense', units: 8, activation: 'relu', useBias: true });
    const back = fromJSON(toJSON(s)) as typeof s;
    expect(back.create().getConfig().units).toBe(8);
    expect(() => new SymDense({ units: 0 })).toThrow('units: expected int >= 1, got 0');
  });
});
