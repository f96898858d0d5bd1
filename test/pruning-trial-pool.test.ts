/**
 * Pruning wired to TrialPool trials: `pool.train(spec, { trial: feedback })` reports each epoch's
 * accuracy from the worker thread to the study's trial and stops the training there when the
 * study's early-stopping policy says so. A pruned trial is stored as pruned with its curve; a policy
 * that never prunes trains every epoch, with the same result as training without a trial.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oneOf } from '@tsglove/symbolic';
import { EarlyStoppingPolicy, grid, medianStopping, paramsOf, sample, type TrialProgress } from '@tsglove/search';
import { GraphBuilder } from '@tsglove/models';
import { TrialPool, type ModelSpec, type TrialData, type TrialReporter } from '@tsglove/train';
import { FASHION_MNIST_SUBSET as dir } from '../packages/train/test/fashion-mnist-subset.js';

const data: TrialData = { source: 'fashionMnist', train: { dir, limit: 384 }, test: { dir, limit: 256 } };
const EPOCHS = 3;

/** conv s2 → BN → relu → 14×14 'valid' conv to 10 logits → global pool. */
function tinyNet(seed: number): ModelSpec {
  const g = new GraphBuilder([28, 28, 1], 'tiny');
  let x = g.activation(g.batchNorm(g.conv2d(g.input(), { filters: 6, kernel: 3, stride: 2 }), { momentum: 0.9 }), 'relu');
  x = g.globalPool(g.conv2d(x, { filters: 10, kernel: 14, padding: 'valid' }));
  return { kind: 'graph', graph: g.build(x).toJSON(), seed };
}

/** A policy that never stops a trial. */
class Never extends EarlyStoppingPolicy {
  readonly name = 'never';
  shouldStop(_trial: TrialProgress, _peers: readonly TrialProgress[]): boolean {
    return false;
  }
}

describe('TrialPool trials wired to a study’s early stopping', () => {
  let pool: TrialPool;
  beforeAll(async () => {
    pool = await TrialPool.create({ threads: 2, backend: 'wasm', data });
  }, 60_000);
  afterAll(async () => {
    await pool?.close();
  });

  /** A search over learning rates, good ones first, two trials in flight; returns the stored trials and epochs trained. */
  async function search(policy: EarlyStoppingPolicy) {
    const space = { lr: oneOf([1e-2, 8e-3, 6e-3, 1e-7, 1.1e-7, 1.2e-7], { name: 'lr' }) };
    const sampling = sample(space, grid(), { numExamples: 6, workers: 2, earlyStopping: policy });
    let epochs = 0;
    const results = new Map<number, { epochs: number; stopped: boolean; curve?: number[] }>();
    const study = await sampling.run(async ({ lr }, feedback) => {
      const r = await pool.train(tinyNet(1), { epochs: EPOCHS, lr, trial: feedback });
      epochs += r.epochs;
      results.set(feedback.id, r);
      if (r.stopped) await feedback.prune(`pruned after epoch ${r.epochs} of ${EPOCHS}`);
      return r.accuracy;
    });
    return { trials: await study.trials(), epochs, results };
  }

  it('hopeless learning rates are pruned in their thread and stored as pruned with their learning curve', async () => {
    const { trials, epochs, results } = await search(medianStopping({ minSteps: 1, minPeers: 2 }));
    const pruned = trials.filter((t) => t.metadata.pruned === true);
    // Every hopeless rate is pruned (a good one below the median of its peers may be too).
    expect(pruned.filter((t) => (paramsOf(t)!.lr as number) < 1e-6)).toHaveLength(3);
    for (const t of pruned) {
      expect(t.status).toBe('infeasible');
      expect(t.reason).toMatch(/^pruned after epoch [12] of 3$/);
      const r = results.get(t.id)!;
      expect(r.stopped).toBe(true);
      expect(r.epochs).toBeLessThan(EPOCHS);
      // The stored curve is the thread's per-epoch accuracy, epoch by epoch.
      expect(t.measurements.map((m) => m.step)).toEqual(Array.from({ length: r.epochs }, (_, i) => i + 1));
      expect(t.measurements.map((m) => m.reward)).toEqual(r.curve);
      for (const m of t.measurements) expect(m.metrics?.['loss']).toBeGreaterThan(0);
    }
    for (const t of trials.filter((t) => t.status === 'completed')) {
      expect(t.measurements).toHaveLength(EPOCHS);
      expect(t.reward).toBe(t.measurements.at(-1)!.reward); // the reported accuracy is the last epoch's
    }
    expect(epochs).toBeLessThan(EPOCHS * trials.length);
  }, 180_000);

  it('a policy that never prunes trains the full budget, with the same result as training without a trial', async () => {
    const { trials, epochs, results } = await search(new Never());
    expect(trials.map((t) => t.status)).toEqual(Array(6).fill('completed'));
    expect(epochs).toBe(EPOCHS * 6);
    for (const t of trials) {
      expect(t.measurements).toHaveLength(EPOCHS);
      expect(results.get(t.id)!.stopped).toBe(false);
    }
    // Per-epoch evaluation does not change the training: same accuracy as a trial without reporting.
    const lr = paramsOf(trials[0]!)!.lr as number;
    const plain = await pool.train(tinyNet(1), { epochs: EPOCHS, lr });
    expect(plain.stopped).toBe(false);
    expect(plain.curve).toBeUndefined();
    expect(plain.accuracy).toBe(trials[0]!.reward);
  }, 180_000);

  it('a trial handle that throws stops the training; the trial rejects with that error and the pool goes on', async () => {
    const steps: number[] = [];
    const broken: TrialReporter = {
      addMeasurement: async (m) => {
        steps.push(m.step);
        if (m.step === 2) throw new Error('storage went away');
      },
      shouldStop: async () => false,
    };
    await expect(pool.train(tinyNet(2), { epochs: 5, trial: broken })).rejects.toThrow('storage went away');
    expect(steps).toEqual([1, 2]);
    await expect(pool.train(tinyNet(2), { trial: {} as TrialReporter })).rejects.toThrow(
      /^trial: expected a trial with addMeasurement\(\) and shouldStop\(\)/,
    );
    const next = await pool.train(tinyNet(2), { epochs: 1 });
    expect(next.epochs).toBe(1);
  }, 120_000);

  it('close() ends a reporting trial whose thread waits for the policy', async () => {
    const one = await TrialPool.create({ threads: 1, backend: 'wasm', data });
    let asked!: () => void;
    const waiting = new Promise<void>((resolve) => (asked = resolve));
    const slow: TrialReporter = {
      addMeasurement: async () => {},
      shouldStop: () => {
        asked();
        return new Promise(() => {}); // never answers
      },
    };
    const trial = one.train(tinyNet(3), { epochs: 3, trial: slow });
    const outcome = trial.catch((e: Error) => e.message);
    await waiting;
    await one.close();
    expect(await outcome).toMatch(/the trial pool was closed before the trial ended/);
  }, 60_000);
});
