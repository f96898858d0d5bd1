/** Data-parallel training on a worker thread gives the same update as one thread on the batch. */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { seededRandom } from '@tsglove/symbolic';
import { initBackend, DataParallelTrainer, buildModel, sgd, trainStep, ModelsError, type ModelSpec } from '@tsglove/train';

beforeAll(async () => {
  expect(await initBackend('wasm')).toBe('wasm');
});

describe('DataParallelTrainer', () => {
  it('a two-thread step updates the weights like a single-thread step on the whole batch', async () => {
    const spec: ModelSpec = { kind: 'smallCnn', options: { channels: [4, 8], seed: 11 } };
    const r = seededRandom(3);
    const n = 12;
    const images = Float32Array.from({ length: n * 784 }, () => r());
    const labels = Int32Array.from({ length: n }, () => Math.floor(r() * 10));

    const single = buildModel(spec);
    const opt1 = sgd({ momentum: 0.9 });
    const x = tf.tensor4d(images, [n, 28, 28, 1]);
    const y = tf.tensor1d(labels, 'int32');
    const losses1: number[] = [];
    for (let i = 0; i < 2; i++) {
      const l = trainStep(single, opt1, x, y, 0.05);
      losses1.push(l.dataSync()[0]!);
      l.dispose();
    }

    const trainer = await DataParallelTrainer.create({ spec, optimizer: sgd({ momentum: 0.9 }), workers: 1 });
    try {
      expect(trainer.shardSizes(n)).toEqual([6, 6]);
      const losses2 = [await trainer.trainStep(images, labels, 0.05), await trainer.trainStep(images, labels, 0.05)];
      losses2.forEach((l, i) => expect(l).toBeCloseTo(losses1[i]!, 4));
      trainer.model.trainableWeights.forEach((w, i) => {
        const a = w.dataSync();
        const b = single.trainableWeights[i]!.dataSync();
        let diff = 0;
        let scale = 1e-12;
        a.forEach((v, j) => {
          diff = Math.max(diff, Math.abs(v - b[j]!));
          scale = Math.max(scale, Math.abs(b[j]!));
        });
        expect(diff / scale, single.weightNames[i]).toBeLessThan(1e-4);
      });
      await expect(trainer.trainStep(images.subarray(0, 10), labels, 0.05)).rejects.toThrow(/images: expected 12·784 floats/);
    } finally {
      await trainer.close();
    }
    tf.dispose([x, y]);
    opt1.dispose();
    single.dispose();
  });

  it('a worker thread that dies rejects the pending step, and every later one; close() still works', async () => {
    const trainer = await DataParallelTrainer.create({
      spec: { kind: 'smallCnn', options: { channels: [4, 8], seed: 1 } },
      optimizer: sgd(),
      workers: 1,
      // The calling thread computes its shard before trainStep returns: keep it to one image and
      // give the worker 256, so the worker is still busy when it is terminated (even under load).
      mainShare: 0.001,
    });
    const n = 257;
    const images = new Float32Array(n * 784).fill(0.5);
    const labels = Int32Array.from({ length: n }, (_, i) => i % 10);
    const step = trainer.trainStep(images, labels, 0.01);
    const [worker] = (trainer as unknown as { workers: import('node:worker_threads').Worker[] }).workers;
    await worker!.terminate(); // the thread dies while the step waits for its shard
    await expect(step).rejects.toThrow(/^worker: a worker thread exited \(code \d+\); close\(\) this trainer/);
    await expect(trainer.trainStep(images, labels, 0.01)).rejects.toThrow(/a worker thread exited/);
    await trainer.close();
  });

  it('rejects bad options', async () => {
    await expect(DataParallelTrainer.create({ spec: { kind: 'smallCnn' }, optimizer: sgd(), workers: 0 })).rejects.toThrow(ModelsError);
    await expect(DataParallelTrainer.create({ spec: { kind: 'smallCnn' }, optimizer: sgd(), mainShare: 1 })).rejects.toThrow(/mainShare: /);
  });
});
