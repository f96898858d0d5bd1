/**
 * ENAS and DARTS wired to a study's early stopping: `enas({ trial })` / `darts({ trial })` report
 * their validation measurements to the trial and stop when the study's policy says so. A study
 * tuning the weights' learning rate prunes the hopeless rates (stored as pruned, with their
 * curve); a policy that never prunes runs the full budget.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { oneOf } from '@tsglove/symbolic';
import { EarlyStoppingPolicy, grid, medianStopping, paramsOf, sample, type TrialProgress } from '@tsglove/search';
import { initBackend, sgd, type TrialReporter } from '@tsglove/train';
import { darts, enas, mseLoss, negMseMetric, runDarts, runEnas, searchArchitecture, type NasSplits } from '@tsglove/nas';
import { disposeSplits, linearData, linearSpace } from './fixtures.js';

beforeAll(async () => {
  await initBackend('cpu');
});

/** A policy that never stops a trial. */
class Never extends EarlyStoppingPolicy {
  readonly name = 'never';
  shouldStop(_trial: TrialProgress, _peers: readonly TrialProgress[]): boolean {
    return false;
  }
}

const STEPS = 40;
const EPOCHS = 4;
/** Weight learning rates, good ones first (grid order), then hopeless ones. */
const RATES = [0.1, 0.08, 0.06, 1e-7, 1.1e-7, 1.2e-7];

/** One NAS run per trial of a study over the weights' learning rate; budget used per trial. */
async function tune(method: 'darts' | 'enas', policy: EarlyStoppingPolicy, data: NasSplits) {
  const space = { lr: oneOf(RATES, { name: 'lr' }) };
  const sampling = sample(space, grid(), { numExamples: RATES.length, earlyStopping: policy });
  const used = new Map<number, number>();
  const study = await sampling.run(async ({ lr }, feedback) => {
    const training = { lr, optimizer: () => sgd(), loss: mseLoss, seed: 1 };
    if (method === 'darts') {
      const r = await searchArchitecture(
        linearSpace(),
        data,
        darts({ steps: STEPS, reportEvery: 10, archLr: 0.05, trial: feedback, ...training }),
      );
      used.set(feedback.id, r.losses.length);
      if (r.stopped) await feedback.prune(`pruned after ${r.losses.length} of ${STEPS} steps`);
      return -r.validLosses.at(-1)!;
    }
    const r = await searchArchitecture(
      linearSpace(),
      data,
      enas({
        epochs: EPOCHS,
        warmupSteps: 5,
        weightSteps: 5,
        controllerSteps: 4,
        finalSamples: 2,
        metric: negMseMetric,
        trial: feedback,
        ...training,
      }),
    );
    used.set(feedback.id, r.epochs.length);
    if (r.stopped) await feedback.prune(`pruned after ${r.epochs.length} of ${EPOCHS} epochs`);
    return r.sharedMetric;
  });
  return { trials: await study.trials(), used };
}

describe.each([
  ['darts', STEPS, 10],
  ['enas', EPOCHS, 1],
] as const)('%s wired to early stopping', (method, budget, every) => {
  it('hopeless learning rates are pruned and stored as pruned with their learning curve', async () => {
    const data = linearData();
    const before = tf.memory().numTensors;
    const { trials, used } = await tune(method, medianStopping({ minSteps: 1, minPeers: 2 }), data);
    expect(tf.memory().numTensors).toBe(before);
    const pruned = trials.filter((t) => t.metadata.pruned === true);
    expect(pruned.filter((t) => (paramsOf(t)!.lr as number) < 1e-6)).toHaveLength(3);
    for (const t of pruned) {
      expect(t.status).toBe('infeasible');
      expect(used.get(t.id)!).toBeLessThan(budget);
      // One measurement per `every` steps (DARTS) or per epoch (ENAS) trained: the stored curve.
      expect(t.measurements.map((m) => m.step)).toEqual(Array.from({ length: used.get(t.id)! / every }, (_, i) => (i + 1) * every));
      expect(t.measurements.every((m) => Number.isFinite(m.reward as number) && m.metrics?.['loss'] !== undefined)).toBe(true);
    }
    for (const t of trials.filter((t) => t.status === 'completed')) {
      expect(used.get(t.id)).toBe(budget);
      expect(t.measurements).toHaveLength(budget / every);
    }
    const spent = [...used.values()].reduce((a, b) => a + b, 0);
    expect(spent).toBeLessThan(budget * RATES.length);
    disposeSplits(data);
  }, 120_000);

  it('a policy that never prunes runs the full budget of every trial', async () => {
    const data = linearData();
    const { trials, used } = await tune(method, new Never(), data);
    expect(trials.map((t) => t.status)).toEqual(Array(RATES.length).fill('completed'));
    expect([...used.values()]).toEqual(Array(RATES.length).fill(budget));
    for (const t of trials) expect(t.measurements).toHaveLength(budget / every);
    disposeSplits(data);
  }, 120_000);
});

describe('the trial option', () => {
  it('the synchronous runs refuse a trial; a throwing trial ends the loop and frees its tensors', async () => {
    const data = linearData(64, 2);
    const trial: TrialReporter = { addMeasurement: async () => {}, shouldStop: async () => false };
    expect(() => runDarts(linearSpace(), data, { trial } as never)).toThrow(
      /^trial: runDarts runs synchronously .* use `await searchArchitecture\(space, data, darts\(\{ trial: feedback, \.\.\. \}\)\)`/,
    );
    expect(() => runEnas(linearSpace(), data, { trial } as never)).toThrow(/^trial: runEnas runs synchronously/);
    const before = tf.memory().numTensors;
    const failing: TrialReporter = {
      addMeasurement: async (m) => {
        if (m.step === 20) throw new Error('storage went away');
      },
      shouldStop: async () => false,
    };
    await expect(searchArchitecture(linearSpace(), data, darts({ steps: 40, loss: mseLoss, trial: failing }))).rejects.toThrow(
      'storage went away',
    );
    expect(tf.memory().numTensors).toBe(before);
    await expect(searchArchitecture(linearSpace(), data, darts({ steps: 4, trial: {} as TrialReporter }))).rejects.toThrow(
      /^trial: expected a trial with addMeasurement\(\) and shouldStop\(\)/,
    );
    disposeSplits(data);
  });
});
