/** AdaIN, the band decomposition and cue-conflict images with mixed labels. */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@tsglove/train';
import { adain, bands, cueConflict, gaussianBlur, mixedLabels } from '@tsglove/methods';
import { ModelsError } from '@tsglove/models';

beforeAll(async () => {
  await initBackend('cpu');
});

const maxDiff = (a: tf.Tensor, b: tf.Tensor): number => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);

describe('adain', () => {
  it("the output has the style's per-image, per-channel mean and std", () => {
    const content = tf.randomNormal([2, 5, 5, 3], 0.3, 1.5, 'float32', 1) as tf.Tensor4D;
    const style = tf.add(
      tf.mul(tf.randomNormal([2, 5, 5, 3], 0, 1, 'float32', 2), tf.tensor1d([0.5, 2, 4])),
      tf.tensor1d([-1, 0, 3]),
    ) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const out = adain(content, style, 0);
    const [mo, so, ms, ss] = tf.tidy(() => {
      const o = tf.moments(out, [1, 2]);
      const s = tf.moments(style, [1, 2]);
      return [o.mean, tf.sqrt(o.variance), s.mean, tf.sqrt(s.variance)];
    });
    expect(maxDiff(mo!, ms!)).toBeLessThan(1e-4);
    expect(maxDiff(so!, ss!)).toBeLessThan(1e-4);
    // and keeps the content's normalized pattern: correlation 1 per channel
    const corr = tf.tidy(() => {
      const zc = tf.div(tf.sub(content, tf.moments(content, [1, 2], true).mean), tf.sqrt(tf.moments(content, [1, 2], true).variance));
      const zo = tf.div(tf.sub(out, tf.moments(out, [1, 2], true).mean), tf.sqrt(tf.moments(out, [1, 2], true).variance));
      return maxDiff(zc, zo);
    });
    expect(corr).toBeLessThan(1e-3);
    tf.dispose([out, mo!, so!, ms!, ss!]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([content, style]);
  });

  it('rejects mismatched shapes', () => {
    const a = tf.zeros([1, 4, 4, 2]) as tf.Tensor4D;
    const b = tf.zeros([1, 4, 4, 3]) as tf.Tensor4D;
    expect(() => adain(a, b)).toThrow(ModelsError);
    tf.dispose([a, b]);
  });
});

describe('bands and cue conflict', () => {
  it('the bands sum back to the image; blur keeps the mean of an interior blob', () => {
    const x = tf.randomUniform([2, 12, 12, 1], 0, 1, 'float32', 3) as tf.Tensor4D;
    const [l, m, h] = bands(x);
    const sum = tf.add(tf.add(l, m), h);
    expect(maxDiff(sum, x)).toBeLessThan(1e-5);
    const blob = tf.pad(tf.ones([1, 4, 4, 1]), [
      [0, 0],
      [10, 10],
      [10, 10],
      [0, 0],
    ]) as tf.Tensor4D;
    const blurred = gaussianBlur(blob, 1);
    expect(tf.tidy(() => tf.sum(blurred).dataSync()[0]!)).toBeCloseTo(16, 3);
    tf.dispose([x, l, m, h, sum, blob, blurred]);
  });

  it("cue-conflict images keep the content's low band and take the style's band statistics", () => {
    const content = tf.tidy(() =>
      gaussianBlur(
        tf.pad(tf.fill([1, 8, 8, 1], 0.8), [
          [0, 0],
          [6, 6],
          [6, 6],
          [0, 0],
        ]) as tf.Tensor4D,
        1.5,
      ),
    ); // smooth blob
    const style = tf.randomUniform([1, 20, 20, 1], 0, 1, 'float32', 4) as tf.Tensor4D; // rough noise
    const out = cueConflict(content, style);
    expect(out.shape).toEqual([1, 20, 20, 1]);
    const [lowC] = bands(content);
    const [lowO, , highO] = bands(out);
    const [lowS, , highS] = bands(style);
    const [, , highC] = bands(content);
    const std = (t: tf.Tensor): number => tf.tidy(() => Math.sqrt(tf.moments(t).variance.dataSync()[0]!));
    const meanAbs = (a: tf.Tensor, b: tf.Tensor): number => tf.tidy(() => tf.mean(tf.abs(tf.sub(a, b))).dataSync()[0]!);
    expect(meanAbs(lowO, lowC)).toBeLessThan(0.5 * meanAbs(lowS, lowC)); // the shape is the content's (up to clipping)
    expect(std(highO)).toBeGreaterThan(3 * std(highC)); // much rougher than the content
    expect(std(highO)).toBeGreaterThan(0.2 * std(highS)); // (clipping to [0, 1] removes part of it)
    expect(tf.tidy(() => tf.min(out).dataSync()[0]!)).toBeGreaterThanOrEqual(0);
    tf.dispose([content, style, out, lowC, lowO, highO, lowS, highS, highC]);
  });

  it('mixed labels put γ on the shape class and 1 − γ on the texture class', () => {
    const y = mixedLabels(tf.tensor1d([0, 2], 'int32'), tf.tensor1d([1, 2], 'int32'), 3, 0.8);
    expect(Array.from(y.dataSync()).map((v) => Math.round(v * 100) / 100)).toEqual([0.8, 0.2, 0, 0, 0, 1]);
    y.dispose();
    expect(() => mixedLabels(tf.tensor1d([0]), tf.tensor1d([0]), 2, 1.5)).toThrow(/shapeWeight/);
  });
});
