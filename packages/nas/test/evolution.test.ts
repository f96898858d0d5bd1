/**
 * The same space and the same model function, without weight sharing: traced and run by `sample()`
 * under regularized evolution, each proposed child trained stand-alone from scratch.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { regularizedEvolution } from '@tsglove/search';
import { initBackend, sgd } from '@tsglove/train';
import { ChildNet, Supernet, nasEvolution, mseLoss, negMseMetric, runEvolution, searchArchitecture } from '@tsglove/nas';
import { disposeSplits, linearData, linearSpace } from './fixtures.js';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('evolution over the same space', () => {
  it("regularized evolution with stand-alone training finds the linear op; children match the supernet's paths", async () => {
    const space = linearSpace();
    const data = linearData();
    const before = tf.memory().numTensors;
    const seen: string[] = [];
    const r = await runEvolution(space, data, {
      algorithm: regularizedEvolution({ populationSize: 4, tournamentSize: 2, seed: 5 }),
      trials: 8,
      steps: 30,
      lr: 0.2,
      optimizer: () => sgd(),
      loss: mseLoss,
      metric: negMseMetric,
      seed: 5,
      onTrial: (_, child) => seen.push(child.label),
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(r.children).toHaveLength(8);
    expect(seen).toEqual(r.children.map((c) => c.label));
    expect(new Set(seen)).toEqual(new Set(['op=zero', 'op=linear']));
    expect(r.label).toBe('op=linear');
    const best = r.children.find((c) => c.label === 'op=linear')!;
    const worst = r.children.find((c) => c.label === 'op=zero')!;
    expect(best.metric).toBeGreaterThan(-0.1);
    expect(worst.metric).toBeLessThan(-1);
    // The stand-alone child and the supernet's active path have the same parameters.
    const net = new Supernet(space);
    for (const c of r.children) {
      const child = new ChildNet(space, c.dna);
      expect(c.params).toBe(child.countParams());
      expect(c.params).toBe(net.pathParamCount(c.dna));
      child.dispose();
    }
    net.dispose();
    disposeSplits(data);
  });

  it('swaps in through searchArchitecture by one argument', async () => {
    const space = linearSpace();
    const data = linearData(64, 4);
    const r = await searchArchitecture(space, data, nasEvolution({ trials: 3, steps: 5, loss: mseLoss, metric: negMseMetric }));
    expect(r.method).toBe('evolution');
    expect(r.children).toHaveLength(3);
    await expect(searchArchitecture(space, data, {} as never)).rejects.toThrow(/^method: expected a NAS method/);
    disposeSplits(data);
  });
});
