/** DARTS on a task where one op is clearly better: α moves toward it and the arg-max DNA picks it. */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@tsglove/train';
import { darts, mseLoss, runDarts, searchArchitecture } from '@tsglove/nas';
import { disposeSplits, linearData, linearSpace } from './fixtures.js';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('darts', () => {
  it('the logits move toward the linear op when the target is linear in the input (zero-op vs linear op)', () => {
    const space = linearSpace();
    const data = linearData();
    const before = tf.memory().numTensors;
    const probs: number[] = [];
    const r = runDarts(space, data, {
      steps: 60,
      batchSize: 32,
      lr: 0.01,
      archLr: 0.1,
      loss: mseLoss,
      seed: 3,
      onStep: () => probs.push(0),
    });
    expect(probs).toHaveLength(60);
    const [pZero, pLinear] = r.probabilities.op!;
    expect(pLinear, `softmax(α) = [${pZero}, ${pLinear}]`).toBeGreaterThan(0.8);
    expect(r.label).toBe('op=linear');
    expect(r.dna.toNumbers()).toEqual([1]);
    // The mixture learns the target: the weight loss falls.
    expect(r.losses.at(-1)!).toBeLessThan(0.5 * r.losses[0]!);
    expect(tf.memory().numTensors).toBe(before);
    disposeSplits(data);
  });

  it('with the arch learning rate at 0 the logits stay where they started', async () => {
    const space = linearSpace();
    const data = linearData(64, 2);
    const r = await searchArchitecture(space, data, darts({ steps: 10, archLr: 0, archWeightDecay: 0, loss: mseLoss }));
    const [p0, p1] = r.probabilities.op!;
    expect(Math.abs(p0! - p1!)).toBeLessThan(0.01);
    disposeSplits(data);
  });

  it('rejects bad options naming the field', () => {
    const space = linearSpace();
    const data = linearData(16, 3);
    expect(() => runDarts(space, data, { steps: 0 })).toThrow(/^steps: expected int >= 1, got 0/);
    expect(() => runDarts(space, data, { archLr: -1 })).toThrow(/^archLr:/);
    expect(() => runDarts(space, { train: data.train, valid: { x: data.valid.x, y: data.train.y } })).toThrow(
      /^data\.valid\.y: expected 4 targets/,
    );
    disposeSplits(data);
  });
});
