/**
 * Shape–texture debiased training (Li et al., ICLR 2021): train on cue-conflict images — the shape
 * of one image with the texture of another — labelled with both sources (`γ·y_shape + (1 − γ)·
 * y_texture`), so the network must use both cues.
 *
 * The texture transfer is AdaIN (Huang & Belongie 2017): per channel, normalize the content's
 * features by their own spatial mean/std and rescale them to the style's. Without a pretrained
 * VGG encoder, the "features" here are a fixed, exactly invertible band decomposition of the image:
 * `low = G₂(x)`, `mid = G₁(x) − G₂(x)`, `high = x − G₁(x)` (Gaussian blurs, σ₁ = 1, σ₂ = 2.5),
 * `x = low + mid + high`, per input channel. The cue-conflict image keeps the content's low band
 * (its silhouette) and takes the style's statistics for the mid and high bands (its texture
 * energy); see {@link cueConflict}. Two band channels carry far less texture than 512 VGG
 * channels: this is a weak, but exactly specified, notion of texture.
 */
import * as tf from '@tensorflow/tfjs';
import { ModelsError, checkAbove, checkNumber } from '@tsglove/models';

/**
 * AdaIN of NHWC tensors: `σ(style)·(content − μ(content))/σ(content) + μ(style)`, with μ, σ per
 * image and channel over the spatial axes (`ε` inside the square roots).
 */
export function adain(content: tf.Tensor4D, style: tf.Tensor4D, epsilon = 1e-5): tf.Tensor4D {
  if (content.rank !== 4 || style.rank !== 4 || content.shape[0] !== style.shape[0] || content.shape[3] !== style.shape[3]) {
    throw new ModelsError(`expected NHWC tensors with the same batch and channels, got [${content.shape}] and [${style.shape}]`, 'style');
  }
  return tf.tidy(() => {
    const c = tf.moments(content, [1, 2], true);
    const s = tf.moments(style, [1, 2], true);
    const normalized = tf.div(tf.sub(content, c.mean), tf.sqrt(tf.add(c.variance, epsilon)));
    return tf.add(tf.mul(normalized, tf.sqrt(tf.add(s.variance, epsilon))), s.mean) as tf.Tensor4D;
  });
}

function gaussianKernel(sigma: number, channels: number): tf.Tensor4D {
  const r = Math.ceil(3 * sigma);
  const w = Array.from({ length: 2 * r + 1 }, (_, i) => Math.exp(-((i - r) ** 2) / (2 * sigma * sigma)));
  const sum = w.reduce((a, b) => a + b, 0);
  const k2 = new Float32Array((2 * r + 1) ** 2 * channels);
  for (let i = 0; i <= 2 * r; i++)
    for (let j = 0; j <= 2 * r; j++)
      for (let c = 0; c < channels; c++) k2[(i * (2 * r + 1) + j) * channels + c] = (w[i]! * w[j]!) / (sum * sum);
  return tf.tensor4d(k2, [2 * r + 1, 2 * r + 1, channels, 1]);
}

/** Per-channel Gaussian blur with σ (kernel radius ⌈3σ⌉, zero padding). */
export function gaussianBlur(x: tf.Tensor4D, sigma: number): tf.Tensor4D {
  checkAbove(sigma, 'sigma', 0);
  return tf.tidy(() => tf.depthwiseConv2d(x, gaussianKernel(sigma, x.shape[3]), 1, 'same'));
}

/** The bands `[low, mid, high]` of the file comment; they sum to `x`. */
export function bands(x: tf.Tensor4D, sigmas: [number, number] = [1, 2.5]): [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D] {
  return tf.tidy(() => {
    const g1 = gaussianBlur(x, sigmas[0]);
    const g2 = gaussianBlur(x, sigmas[1]);
    return [g2, tf.sub(g1, g2) as tf.Tensor4D, tf.sub(x, g1) as tf.Tensor4D];
  });
}

/**
 * Cue-conflict images: `low(c) + adain(mid(c), mid(s)) + adain(high(c), high(s))`, clipped to
 * [0, 1] — the content's silhouette and layout, with the style's per-band texture statistics (mean
 * and contrast of its fine and medium detail).
 */
export function cueConflict(content: tf.Tensor4D, style: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const [lowC, midC, highC] = bands(content);
    const [, midS, highS] = bands(style);
    return tf.clipByValue(tf.add(tf.add(lowC, adain(midC, midS)), adain(highC, highS)), 0, 1) as tf.Tensor4D;
  });
}

/** Soft labels `γ·onehot(shape) + (1 − γ)·onehot(texture)` `[n, k]`. */
export function mixedLabels(shapeLabels: tf.Tensor1D, textureLabels: tf.Tensor1D, numClasses: number, shapeWeight = 0.5): tf.Tensor2D {
  checkNumber(shapeWeight, 'shapeWeight', 0, 1);
  return tf.tidy(
    () =>
      tf.add(
        tf.mul(tf.oneHot(tf.cast(shapeLabels, 'int32'), numClasses), shapeWeight),
        tf.mul(tf.oneHot(tf.cast(textureLabels, 'int32'), numClasses), 1 - shapeWeight),
      ) as tf.Tensor2D,
  );
}
