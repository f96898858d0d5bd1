/** convNet is an IR graph run by the IR's builders: same weights, names and forward pass as the hand-written CNN it replaced. */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { countFlops, countParams, ops } from '@tsglove/models';
import { heNormal, initBackend } from '@tsglove/train';
import { convNet, convNetGraph, parametricSoftplus, shardedBatchNorm, type ConvNet } from '@tsglove/methods';

beforeAll(async () => {
  await initBackend('cpu');
});

/** The forward pass of the hand-written ConvNet, on `net`'s weights: the oracle. */
function reference(net: ConvNet, x: tf.Tensor4D, training: boolean, aux: boolean, shards: number): tf.Tensor[] {
  const w = new Map(net.weightNames.map((n, i) => [n, [...net.trainableWeights, ...net.nonTrainableWeights][i]!]));
  const a = net.args;
  return tf.tidy(() => {
    const features: tf.Tensor[] = [];
    let h: tf.Tensor = x;
    a.filters.forEach((_, i) => {
      let y: tf.Tensor = tf.conv2d(h as tf.Tensor4D, w.get(`conv${i}/kernel`) as tf.Tensor4D, a.strided.includes(i) ? 2 : 1, 'same');
      const bn = `bn${i}${aux ? '_aux' : ''}`;
      if (!a.batchNorm) y = tf.add(y, w.get(`conv${i}/bias`)!);
      else if (training) {
        y = shardedBatchNorm(y, { shards, offset: w.get(`${bn}/beta`) as tf.Tensor1D, scale: w.get(`${bn}/gamma`) as tf.Tensor1D }).y;
      } else
        y = tf.batchNorm(y, w.get(`${bn}/moving_mean`)!, w.get(`${bn}/moving_variance`)!, w.get(`${bn}/beta`), w.get(`${bn}/gamma`), 1e-3);
      h = a.activation === 'parametricSoftplus' ? parametricSoftplus(y, a.alpha) : tf.relu(y);
      features.push(h);
    });
    const logits = tf.add(tf.matMul(tf.mean(h, [1, 2]) as tf.Tensor2D, w.get('dense/kernel') as tf.Tensor2D), w.get('dense/bias')!);
    return [logits, ...features];
  });
}

function expectClose(a: tf.Tensor, b: tf.Tensor): void {
  const x = a.dataSync();
  const y = b.dataSync();
  expect(x.length).toBe(y.length);
  x.forEach((v, i) => expect(Math.abs(v - y[i]!)).toBeLessThan(1e-5));
}

describe('convNet', () => {
  it('keeps the weight order, names and seeded values of the hand-written net', () => {
    const net = convNet({ inputShape: [8, 8, 2], filters: [3, 5], auxBatchNorm: true, numClasses: 4, seed: 11 });
    expect(net.weightNames).toEqual([
      'conv0/kernel',
      'conv1/kernel',
      ...['bn0', 'bn1', 'bn0_aux', 'bn1_aux'].flatMap((b) => [`${b}/gamma`, `${b}/beta`]),
      'dense/kernel',
      'dense/bias',
      ...['bn0', 'bn1', 'bn0_aux', 'bn1_aux'].flatMap((b) => [`${b}/moving_mean`, `${b}/moving_variance`]),
    ]);
    const expected = [heNormal([3, 3, 2, 3], 18, 11), heNormal([3, 3, 3, 5], 27, 12), heNormal([5, 4], 5, 13)];
    const got = [net.kernels[0]!, net.kernels[1]!, net.trainableWeights[10]!];
    got.forEach((v, i) => expect(Array.from(v.dataSync())).toEqual(Array.from(expected[i]!.dataSync())));
    tf.dispose(expected);
    // the IR counts the deployed network: the auxiliary BN set is a training device
    const plain = countParams(convNetGraph({ inputShape: [8, 8, 2], filters: [3, 5], numClasses: 4 }));
    expect(countParams(net.graph)).toEqual(plain);
    expect(net.countParams()).toEqual({ trainable: plain.trainable + 2 * (3 + 5), nonTrainable: 2 * plain.nonTrainable });
    net.dispose();
  });

  it('forward equals the hand-written forward: inference, training over shards, aux BN, no BN, parametric softplus', () => {
    const x = tf.randomUniform([4, 8, 8, 1], -1, 1, 'float32', 3) as tf.Tensor4D;
    const cases = [
      { options: { filters: [4, 6, 8], auxBatchNorm: true }, training: false, aux: false, shards: 1 },
      { options: { filters: [4, 6], auxBatchNorm: true }, training: true, aux: true, shards: 2 },
      { options: { filters: [4, 6], batchNorm: false }, training: true, aux: false, shards: 1 },
      { options: { filters: [5], activation: 'parametricSoftplus' as const, alpha: 3 }, training: true, aux: false, shards: 1 },
    ];
    for (const c of cases) {
      const net = convNet({ inputShape: [8, 8, 1], numClasses: 3, seed: 5, ...c.options });
      const want = reference(net, x, c.training, c.aux, c.shards);
      const before = tf.memory().numTensors;
      const got = net.forward(x, { training: c.training, bn: c.aux ? 'aux' : 'main', shards: c.shards, updateStats: false });
      expect(tf.memory().numTensors).toBe(before + 1 + got.features.length);
      expectClose(got.logits, want[0]!);
      got.features.forEach((f, i) => expectClose(f, want[i + 1]!));
      tf.dispose([got.logits, ...got.features, ...want]);
      net.dispose();
    }
    x.dispose();
  });

  it('is costed like every IR graph', () => {
    const g = convNetGraph({ inputShape: [8, 8, 1], filters: [4, 8], numClasses: 2 });
    expect(g.outputs).toHaveLength(3);
    expect(countFlops(g)).toBe(8 * 8 * 4 * 9 + 4 * 4 * 8 * 9 * 4 + 8 * 2);
    expect(ops(g).filter((o) => o.kind === 'conv2d')).toHaveLength(2);
  });
});
