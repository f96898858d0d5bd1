/**
 * TrialPool: models trained on worker threads give exactly the main thread's result, run at once
 * on two threads, and a bad trial (bad spec, diverging loss, timeout) rejects without breaking the
 * pool. Real Fashion-MNIST subsets (512 train / 256 test images), tiny nets, one epoch.
 */
import { existsSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TrialPool, adam, buildModel, evaluate, fit, initBackend, loadFashionMnist, type ModelSpec, type TrialData } from '@tsglove/train';
import { GraphBuilder } from '@tsglove/models';
import { FASHION_MNIST_SUBSET } from './fashion-mnist-subset.js';

const dir = FASHION_MNIST_SUBSET;
const data: TrialData = { source: 'fashionMnist', train: { dir, limit: 512 }, test: { dir, limit: 256 } };

/**
 * A tiny conv net as an IR graph: conv s2 → BN → relu → conv → relu → maxpool → a 7×7 'valid'
 * conv to 10 logits (a dense layer over the flattened map) → global pool.
 */
function tinyNet(width: number, seed: number): Extract<ModelSpec, { kind: 'graph' }> {
  const g = new GraphBuilder([28, 28, 1], `tiny${width}`);
  let x = g.input();
  x = g.activation(g.batchNorm(g.conv2d(x, { filters: width, kernel: 3, stride: 2 }), { momentum: 0.9 }), 'relu');
  x = g.activation(g.conv2d(x, { filters: width, kernel: 3 }), 'relu');
  x = g.maxPool(x, { size: 2 });
  x = g.globalPool(g.conv2d(x, { filters: 10, kernel: 7, padding: 'valid' }));
  return { kind: 'graph', graph: g.build(x).toJSON(), seed };
}

/** Threads of this process (Linux), or undefined. */
function threadCount(): number | undefined {
  return existsSync('/proc/self/task') ? readdirSync('/proc/self/task').length : undefined;
}

describe('TrialPool', () => {
  let pool: TrialPool;
  beforeAll(async () => {
    expect(await initBackend('wasm')).toBe('wasm');
    pool = await TrialPool.create({ threads: 2, backend: 'wasm', data });
  }, 60_000);
  afterAll(async () => {
    await pool?.close();
  });

  it('a trial on a worker thread gives bit-identical results to the same training on the main thread', async () => {
    const spec = tinyNet(8, 7);
    const options = { epochs: 1, batchSize: 32, optimizer: 'adam', lr: 1e-2, seed: 5 } as const;
    const [a, b] = await Promise.all([pool.train(spec, options), pool.train(spec, options)]);

    const model = buildModel(spec);
    const optimizer = adam();
    const trained = fit(model, loadFashionMnist({ dir, limit: 512 }), {
      optimizer,
      schedule: 1e-2,
      batchSize: 32,
      epochs: 1,
      shuffleSeed: 5,
    });
    const main = evaluate(model, loadFashionMnist({ dir, split: 'test', limit: 256 }));
    const params = model.countParams();
    model.dispose();
    optimizer.dispose();

    expect(a.threadId).not.toBe(b.threadId);
    for (const r of [a, b]) {
      expect(r.accuracy).toBe(main.accuracy);
      expect(r.loss).toBe(main.loss);
      expect(r.trainLoss).toBe(trained.losses.at(-1));
      expect(r.steps).toBe(16);
      expect(r.params).toBe(params.trainable + params.nonTrainable);
    }
    expect(main.accuracy).toBeGreaterThan(0.4); // it learned something (10 classes: chance is 0.1)
    // Another shuffle seed is another training run.
    const other = await pool.train(spec, { ...options, seed: 6 });
    expect(other.trainLoss).not.toBe(a.trainLoss);
  });

  it('two trials run at the same time on two threads', async () => {
    const [a, b] = await Promise.all([pool.train(tinyNet(8, 1)), pool.train(tinyNet(12, 2))]);
    expect(new Set([a.threadId, b.threadId]).size).toBe(2);
    // The intervals the threads report overlap: each started before the other ended.
    expect(Math.max(a.startedAt, b.startedAt)).toBeLessThan(Math.min(a.endedAt, b.endedAt));
    for (const r of [a, b]) expect(r.seconds).toBeCloseTo((r.endedAt - r.startedAt) / 1000, 6);
    // A third trial queues until a thread is free: it starts after one of the first two ended.
    const trio = await Promise.all([pool.train(tinyNet(8, 3)), pool.train(tinyNet(8, 4)), pool.train(tinyNet(8, 5))]);
    expect(trio[2].startedAt).toBeGreaterThanOrEqual(Math.min(trio[0].endedAt, trio[1].endedAt));
  });

  it('a bad spec or a diverging loss rejects that trial with a clear error; the pool goes on', async () => {
    const empty: ModelSpec = { kind: 'graph', graph: { name: 'empty', layers: [], outputs: [0] } };
    await expect(pool.train(empty)).rejects.toThrow(
      /^trial \d+: failed in its thread: spec: cannot build the model: layers\[0\]: the first layer must be the input$/,
    );
    const good = tinyNet(8, 1);
    const wrongInput = {
      ...good,
      graph: {
        ...good.graph,
        layers: good.graph.layers.map((l) => (l.kind === 'input' ? { ...l, shape: [32, 32, 3], config: { shape: [32, 32, 3] } } : l)),
      },
    } as ModelSpec;
    await expect(pool.train(wrongInput)).rejects.toThrow(
      /spec: cannot build the model: layers\[1\] \(conv2d\): shape \[14, 14, 8\] differs from inferred \[16, 16, 8\]/,
    );
    await expect(pool.train({ kind: 'smallCnn', options: { channels: [4, 8], numClasses: 3 } })).rejects.toThrow(
      /spec: the model outputs \[1, 3\] per batch, expected \[n, 10\] logits/,
    );
    // (the fused batch norm keeps this net's loss finite at lr 1e12: overflow float32 in the weights instead)
    await expect(pool.train(good, { optimizer: 'sgd', lr: 1e38 })).rejects.toThrow(
      /loss: training diverged: loss NaN at step \d+ \(sgd, lr 1e\+38\)/,
    );
    await expect(pool.train(good, { epochs: 0 })).rejects.toThrow(/^epochs: expected an integer >= 1, got 0$/);
    await expect(pool.train({ kind: 'smallCnn', options: { onBuild: () => 0 } } as unknown as ModelSpec)).rejects.toThrow(
      /the spec cannot be sent to a thread: .*could not be cloned/,
    );
    const next = await pool.train(good, { lr: 1e-2 });
    expect(next.accuracy).toBeGreaterThan(0.4);
    expect(pool.pending).toBe(0);
  });

  it('a trial over its timeout rejects; its thread is replaced and the next trials run on both threads', async () => {
    await expect(pool.train(tinyNet(8, 1), { epochs: 50, timeoutSeconds: 0.5 })).rejects.toThrow(
      /^trial \d+: stopped after its timeout of 0\.5 s/,
    );
    await vi.waitFor(() => expect(pool.threads).toBe(2), { timeout: 30_000, interval: 100 }); // the replacement has started
    const [a, b] = await Promise.all([pool.train(tinyNet(8, 1)), pool.train(tinyNet(8, 2))]);
    expect(new Set([a.threadId, b.threadId]).size).toBe(2);
  });

  it("a trial that corrupts its thread's wasm heap (out of bounds) gets its thread replaced; the next trials run", async () => {
    const one = await TrialPool.create({ threads: 1, backend: 'wasm', data });
    try {
      // 2^16 filters over 28×28 at batch 32: ~1.6 G floats, more than a wasm heap can hold.
      const g = new GraphBuilder([28, 28, 1], 'oversized');
      const x = g.globalPool(g.conv2d(g.conv2d(g.input(), { filters: 1 << 16, kernel: 3 }), { filters: 10, kernel: 1 }));
      const huge: ModelSpec = { kind: 'graph', graph: g.build(x).toJSON(), seed: 1 };
      const before = await one.train(tinyNet(8, 1));
      await expect(one.train(huge, { epochs: 1 })).rejects.toThrow(/memory access out of bounds/);
      // The next trials run on a new thread (a new wasm instance), not on the one whose heap may be corrupt.
      const results = [await one.train(tinyNet(8, 1)), await one.train(tinyNet(8, 2))];
      for (const r of results) expect(r.threadId).not.toBe(before.threadId);
      expect(results[0]!.accuracy).toBe(before.accuracy); // same trial, same result on the fresh thread
    } finally {
      await one.close();
    }
  }, 120_000);

  it('close() rejects waiting trials, terminates the threads and refuses new trials', async () => {
    const before = threadCount();
    const running = pool.train(tinyNet(8, 1), { epochs: 20 });
    const waiting = [pool.train(tinyNet(8, 2), { epochs: 20 }), pool.train(tinyNet(8, 3))];
    const outcomes = Promise.allSettled([running, ...waiting]); // handled before close() rejects them
    await pool.close();
    for (const o of await outcomes) {
      expect(o.status).toBe('rejected');
      expect(String((o as PromiseRejectedResult).reason)).toMatch(/the trial pool was closed before the trial ended/);
    }
    await expect(pool.train(tinyNet(8, 1))).rejects.toThrow(/the trial pool is closed/);
    expect(pool.threads).toBe(0);
    const after = threadCount();
    if (before !== undefined && after !== undefined) expect(before - after).toBeGreaterThanOrEqual(2);
  });
});
