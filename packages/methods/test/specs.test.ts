/** The method parts as search choices: symbolic configs with oneOf, materialized and built. */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { oneOf, dnaSpec, materialize, iterate } from '@tsglove/symbolic';
import { initBackend } from '@tsglove/train';
import { MethodConvNet, SequenceModel, METHOD_ACTIVATIONS, ATTENTION_KINDS } from '@tsglove/methods';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('method specs in a search space', () => {
  it('activation: oneOf(METHOD_ACTIVATIONS) enumerates six ConvNets that build and run', () => {
    const space = new MethodConvNet({ filters: [4, 8], activation: oneOf([...METHOD_ACTIVATIONS]) });
    expect(dnaSpec(space).spaceSize).toBe(6);
    const nets = [...iterate(space)];
    expect(nets.map((n) => n.activation)).toEqual([...METHOD_ACTIVATIONS]);
    const x = tf.zeros([1, 28, 28, 1]) as tf.Tensor4D;
    for (const spec of nets.slice(0, 2)) {
      const m = spec.build(1);
      const y = m.apply(x);
      expect(y.shape).toEqual([1, 10]);
      tf.dispose(y);
      m.dispose();
    }
    x.dispose();
  });

  it('attention: oneOf(ATTENTION_KINDS) × landmarks', () => {
    const space = new SequenceModel({ vocab: 8, length: 16, width: 8, attention: oneOf([...ATTENTION_KINDS]), landmarks: oneOf([4, 8]) });
    expect(dnaSpec(space).spaceSize).toBe(4);
    const child = materialize(space, [1, 0]);
    expect(child.attention).toBe('nystrom');
    expect(child.landmarks).toBe(4);
    const m = child.build();
    const tokens = tf.zeros([2, 16], 'int32') as tf.Tensor2D;
    const y = m.apply(tokens);
    expect(y.shape).toEqual([2, 2]);
    tf.dispose([tokens, y]);
    m.dispose();
    expect(() => new SequenceModel({ vocab: 8, length: 16, attention: 'linear' as never })).toThrow(/attention/);
  });
});
