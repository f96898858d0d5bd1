/**
 * Deep-thin networks by layerwise imitation ("Go Wide, Then Narrow: Efficient Training of Deep
 * Thin Networks", Zhou et al., ICML 2020): widen the thin network (same depth, more channels),
 * train the wide one, then train the thin one to imitate the wide one's layer outputs — every
 * thin layer's output, mapped by a learned 1×1 projection to the wide width, regresses the
 * matching wide layer's output, and the thin logits regress the wide logits — and finally
 * fine-tune the thin network on the labels. Here all layers imitate at once (the sum of the
 * per-layer losses), which is the paper's joint variant.
 */
import * as tf from '@tensorflow/tfjs';
import { ModelsError, checkInt } from '@tsglove/models';
import { heNormal } from '@tsglove/train';
import { convNet, type ConvNet, type ConvNetOptions } from './convnet.js';

/** A wide copy of a thin net's configuration: every layer `factor`× the filters. */
export function widen(args: ConvNetOptions, factor: number): ConvNetOptions {
  checkInt(factor, 'factor');
  return { ...args, filters: args.filters.map((f) => f * factor) };
}

/** Learned 1×1 projections from each thin layer's width to the wide layer's width. */
export interface ImitationProjections {
  readonly weights: readonly tf.Variable[];
  dispose(): void;
}

/** One `[1, 1, thin_l, wide_l]` projection per layer; the nets must have the same depth and strides. */
export function imitationProjections(thin: ConvNet, wide: ConvNet, seed = 0): ImitationProjections {
  const t = thin.args.filters;
  const w = wide.args.filters;
  if (t.length !== w.length) throw new ModelsError(`expected ${t.length} layers like the thin net, got ${w.length}`, 'wide');
  if (thin.args.strided.join() !== wide.args.strided.join())
    throw new ModelsError('the thin and wide nets must downsample at the same layers', 'wide');
  const weights = t.map((c, i) => tf.variable(heNormal([1, 1, c, w[i]!], c, seed + i)));
  return { weights, dispose: () => weights.forEach((v) => v.dispose()) };
}

/**
 * The imitation loss on a batch: `Σ_l mean((P_l·thin_l − wide_l)²) + logitWeight · mean((thin_logits
 * − wide_logits)²)`. The wide net runs in inference mode; differentiate only the thin weights and projections.
 */
export function imitationLoss(thin: ConvNet, wide: ConvNet, proj: ImitationProjections, x: tf.Tensor4D, logitWeight = 1): tf.Scalar {
  return tf.tidy(() => {
    const target = wide.forward(x);
    const t = thin.forward(x, { training: true });
    const terms = t.features.map((f, i) =>
      tf.mean(tf.squaredDifference(tf.conv2d(f, proj.weights[i] as tf.Tensor4D, 1, 'same'), target.features[i]!)),
    );
    terms.push(tf.mul(tf.mean(tf.squaredDifference(t.logits, target.logits)), logitWeight));
    return tf.addN(terms) as tf.Scalar;
  });
}

/** A thin net and its wide twin built from one configuration. */
export function thinAndWide(args: ConvNetOptions, factor: number): { thin: ConvNet; wide: ConvNet } {
  return { thin: convNet(args), wide: convNet(widen(args, factor)) };
}
