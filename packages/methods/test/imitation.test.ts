/** Deep-thin networks by layerwise imitation: widening, projections, the imitation loss. */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend, adam } from '@tsglove/train';
import { widen, thinAndWide, imitationProjections, imitationLoss, convNet } from '@tsglove/methods';
import { ModelsError } from '@tsglove/models';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('layerwise imitation', () => {
  const args = { inputShape: [8, 8, 1] as [number, number, number], filters: [3, 3, 3, 3], strided: [1], numClasses: 4 };

  it("widen multiplies every layer's filters and keeps the depth", () => {
    expect(widen(args, 4).filters).toEqual([12, 12, 12, 12]);
    expect(() => widen(args, 0)).toThrow(/factor/);
  });

  it('projections map thin widths to wide widths; mismatched nets are rejected', () => {
    const { thin, wide } = thinAndWide(args, 3);
    const p = imitationProjections(thin, wide);
    expect(p.weights.map((w) => w.shape)).toEqual(Array(4).fill([1, 1, 3, 9]));
    const shallow = convNet({ ...args, filters: [9, 9] });
    expect(() => imitationProjections(thin, shallow)).toThrow(ModelsError);
    [thin, wide, shallow, p].forEach((m) => m.dispose());
  });

  it('the loss is 0 when the thin net equals the wide net under identity projections, and > 0 otherwise', () => {
    const a = convNet({ ...args, batchNorm: false, seed: 5 });
    const b = convNet({ ...args, batchNorm: false, seed: 5 });
    const p = imitationProjections(a, b);
    p.weights.forEach((w) => w.assign(tf.reshape(tf.eye(3), [1, 1, 3, 3])));
    const x = tf.randomUniform([2, 8, 8, 1], 0, 1, 'float32', 1) as tf.Tensor4D;
    const same = imitationLoss(a, b, p, x);
    expect(same.dataSync()[0]!).toBeCloseTo(0, 6);
    const c = convNet({ ...args, batchNorm: false, seed: 6 });
    const diff = imitationLoss(a, c, p, x);
    expect(diff.dataSync()[0]!).toBeGreaterThan(1e-3);
    tf.dispose([x, same, diff]);
    [a, b, c, p].forEach((m) => m.dispose());
  });

  it('minimizing it moves thin and projection weights (not the wide net), the loss falls, nothing leaks', () => {
    const { thin, wide } = thinAndWide({ ...args, seed: 2 }, 2);
    const p = imitationProjections(thin, wide, 9);
    const x = tf.randomUniform([8, 8, 8, 1], 0, 1, 'float32', 2) as tf.Tensor4D;
    const vars = [...thin.trainableWeights, ...p.weights] as tf.Variable[];
    const wide0 = Array.from(wide.kernels[0]!.dataSync());
    const opt = adam();
    const step = (): number =>
      tf.tidy(() => {
        const { value, grads } = tf.variableGrads(() => imitationLoss(thin, wide, p, x), vars);
        expect(Object.keys(grads)).toHaveLength(vars.length);
        opt.apply(
          vars,
          vars.map((v) => grads[v.name]!),
          0.01,
        );
        return value.dataSync()[0]!;
      });
    const first = step();
    const before = tf.memory().numTensors;
    let last = first;
    for (let i = 0; i < 30; i++) last = step();
    expect(tf.memory().numTensors).toBe(before);
    expect(last).toBeLessThan(0.7 * first);
    expect(Array.from(wide.kernels[0]!.dataSync())).toEqual(wide0);
    x.dispose();
    opt.dispose();
    [thin, wide, p].forEach((m) => m.dispose());
  });
});
