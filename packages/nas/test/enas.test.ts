/** ENAS: shared weights on controller-sampled paths; the REINFORCE controller shifts toward the better op. */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { reinforce } from '@tsglove/search';
import { initBackend, sgd } from '@tsglove/train';
import { enas, mseLoss, negMseMetric, runEnas, searchArchitecture } from '@tsglove/nas';
import { disposeSplits, linearData, linearSpace } from './fixtures.js';

beforeAll(async () => {
  await initBackend('cpu');
});

/** Fraction of `n` controller proposals that choose the linear op (candidate 1). */
function linearShare(controller: { propose(): { toNumbers(): number[] } }, n = 200): number {
  let k = 0;
  for (let i = 0; i < n; i++) k += controller.propose().toNumbers()[0]!;
  return k / n;
}

describe('enas', () => {
  it("the controller's probabilities shift toward the linear op when the target is linear in the input", () => {
    const space = linearSpace();
    const data = linearData();
    const untrained = reinforce({ seed: 3 });
    untrained.setup(space.dnaSpec);
    const initial = linearShare(untrained);
    expect(initial).toBeGreaterThan(0.35);
    expect(initial).toBeLessThan(0.65);
    const before = tf.memory().numTensors;
    const rewards: number[] = [];
    const r = runEnas(space, data, {
      epochs: 5,
      warmupSteps: 10,
      weightSteps: 10,
      controllerSteps: 10,
      finalSamples: 3,
      lr: 0.2,
      optimizer: () => sgd(),
      loss: mseLoss,
      metric: negMseMetric,
      seed: 3,
      onEpoch: (_, info) => rewards.push(info.meanReward),
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(r.controller.numFeedbacks).toBe(50);
    const final = linearShare(r.controller);
    expect(final, `linear share ${initial} -> ${final}`).toBeGreaterThan(0.85);
    expect(r.label).toBe('op=linear');
    // Rewards rise as the controller samples the linear path more and its shared weights train.
    expect(rewards.at(-1)!).toBeGreaterThan(rewards[0]!);
    // The chosen path fits the target under the shared weights (the zero op's -MSE is about -5).
    expect(r.sharedMetric).toBeGreaterThan(-0.5);
    disposeSplits(data);
  });

  it('runs through searchArchitecture with the same space, and rejects bad options naming the field', async () => {
    const space = linearSpace();
    const data = linearData(64, 2);
    const r = await searchArchitecture(
      space,
      data,
      enas({ epochs: 1, weightSteps: 2, controllerSteps: 2, finalSamples: 2, loss: mseLoss, metric: negMseMetric }),
    );
    expect(r.method).toBe('enas');
    expect(space.describe(r.dna)).toBe(r.label);
    expect(() => runEnas(space, data, { epochs: 0 })).toThrow(/^epochs: expected int >= 1, got 0/);
    expect(() => runEnas(space, data, { finalSamples: 1.5 })).toThrow(/^finalSamples:/);
    disposeSplits(data);
  });
});
