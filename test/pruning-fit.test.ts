/**
 * Pruning wired to training: `fitTrial` reports each epoch's validation accuracy to the trial and
 * stops when the study's early-stopping policy says so; `feedback.prune()` stores the trial as
 * pruned with its learning curve. Learning rates that barely train are stopped early (compute saved).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { oneOf } from '@tsglove/symbolic';
import { grid, medianStopping, paramsOf, sample } from '@tsglove/search';
import { adam, fitTrial, initBackend, loadFashionMnist, smallCnn } from '@tsglove/train';
import { FASHION_MNIST_SUBSET as dir } from '../packages/train/test/fashion-mnist-subset.js';

beforeAll(async () => {
  expect(await initBackend('wasm')).toBe('wasm');
});

describe('fitTrial + early stopping', () => {
  const train = loadFashionMnist({ dir, limit: 256 });
  const validation = loadFashionMnist({ dir, split: 'test', limit: 200 });

  it('good learning rates train every epoch; hopeless ones are pruned with their curve stored', async () => {
    const EPOCHS = 4;
    // Grid order: the good rates first, so the median rule has peers when the tiny ones come.
    const space = { lr: oneOf([3e-3, 2e-3, 1e-3, 1e-7, 1e-7 * 1.01, 1e-7 * 1.02], { name: 'lr' }) };
    const sampling = sample(space, grid(), { numExamples: 6, earlyStopping: medianStopping({ minSteps: 1, minPeers: 2 }) });
    let epochs = 0;
    for await (const [{ lr }, feedback] of sampling) {
      const model = smallCnn({ channels: [4, 8], seed: 1 });
      const optimizer = adam();
      const r = await fitTrial(model, train, { trial: feedback, validation, epochs: EPOCHS, optimizer, schedule: lr, batchSize: 64 });
      epochs += r.epochs;
      if (r.stopped) await feedback.prune(`pruned after epoch ${r.epochs} of ${EPOCHS}`);
      else await feedback.report(r.accuracy);
      optimizer.dispose();
      model.dispose();
    }
    const trials = await (await sampling.study).trials();
    const pruned = trials.filter((t) => t.metadata.pruned === true);
    const completed = trials.filter((t) => t.status === 'completed');
    expect(completed.length).toBeGreaterThanOrEqual(2);
    // The hopeless rates (1e-7) are pruned.
    expect(pruned.filter((t) => (paramsOf(t)!.lr as number) < 1e-6).length).toBeGreaterThanOrEqual(2);
    for (const t of pruned) {
      expect(t.status).toBe('infeasible');
      expect(t.measurements.length).toBeLessThan(EPOCHS);
      expect(t.measurements.map((m) => m.step)).toEqual(Array.from({ length: t.measurements.length }, (_, i) => i + 1));
      expect(t.reason).toMatch(/^pruned after epoch \d of 4$/);
    }
    for (const t of completed) expect(t.measurements).toHaveLength(EPOCHS);
    const saved = 1 - epochs / (EPOCHS * trials.length);
    console.log(
      `fitTrial pruning: ${pruned.length} of ${trials.length} trials pruned; ${epochs} of ${EPOCHS * trials.length} epochs trained (${(saved * 100).toFixed(0)} % compute saved)`,
    );
    expect(saved).toBeGreaterThan(0);
  }, 120_000);
});
