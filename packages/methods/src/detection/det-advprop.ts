/**
 * Det-AdvProp (Chen et al., CVPR 2021, "Robust and Accurate Object Detection via Adversarial
 * Learning"): while fine-tuning a detector, craft two adversarial versions of each batch — one that
 * increases the classification loss, one that increases the localization loss — keep the one with
 * the larger total loss, and train on `L(clean; main BN) + L(adversarial; auxiliary BN)`. The
 * auxiliary BN keeps the adversarial batches' statistics out of the main BN used at test time.
 */
import * as tf from '@tensorflow/tfjs';
import type { Optimizer } from '@tsglove/train';
import { ModelsError } from '@tsglove/models';
import { pgd, type PgdOptions } from '../adversarial.js';
import type { DetTargets, ShapeDetector } from './detector.js';

/** What one Det-AdvProp step did. */
export interface DetAdvPropStep {
  /** Total loss on the clean batch before the update. */
  clean: number;
  /** Which attack was kept: the classification- or the localization-loss one. */
  chosen: 'cls' | 'box';
  /** Total (aux-BN) loss of the kept adversarial batch. */
  adversarial: number;
}

/** One plain fine-tuning step: `cls + box` loss on the clean batch, main BN. Returns the loss. */
export function detectorTrainStep(det: ShapeDetector, optimizer: Optimizer, x: tf.Tensor4D, t: DetTargets, lr: number): number {
  const weights = det.trainableWeights as tf.Variable[];
  return tf.tidy(() => {
    const { value, grads } = tf.variableGrads(() => {
      const l = det.losses(x, t, { training: true });
      return tf.add(l.cls, l.box) as tf.Scalar;
    }, weights);
    // weights no loss reaches (an unused auxiliary BN) get a zero gradient
    optimizer.apply(
      weights,
      weights.map((w) => grads[w.name] ?? tf.zerosLike(w)),
      lr,
    );
    return value.dataSync()[0]!;
  });
}

/** One Det-AdvProp step (the detector must have `auxBatchNorm`). */
export function detAdvPropStep(
  det: ShapeDetector,
  optimizer: Optimizer,
  x: tf.Tensor4D,
  t: DetTargets,
  lr: number,
  attack: PgdOptions,
): DetAdvPropStep {
  if (!det.backbone.args.auxBatchNorm) throw new ModelsError('Det-AdvProp needs a detector built with auxBatchNorm: true', 'det');
  const opts = { training: true, bn: 'aux' as const, updateStats: false };
  const advCls = pgd((xi) => tf.tidy(() => det.losses(xi, t, opts).cls), x, attack);
  const advBox = pgd((xi) => tf.tidy(() => det.losses(xi, t, opts).box), x, attack);
  const total = (xi: tf.Tensor4D): number =>
    tf.tidy(() => {
      const l = det.losses(xi, t, opts);
      return tf.add(l.cls, l.box).dataSync()[0]!;
    });
  const [lc, lb] = [total(advCls), total(advBox)];
  const chosen = lc >= lb ? 'cls' : 'box';
  const adv = chosen === 'cls' ? advCls : advBox;
  const weights = det.trainableWeights as tf.Variable[];
  const clean = tf.tidy(() => {
    let cleanLoss = 0;
    const { grads } = tf.variableGrads(() => {
      const c = det.losses(x, t, { training: true });
      const a = det.losses(adv, t, { training: true, bn: 'aux' });
      const cl = tf.add(c.cls, c.box);
      cleanLoss = (cl as tf.Scalar).dataSync()[0]!;
      return tf.add(cl, tf.add(a.cls, a.box)) as tf.Scalar;
    }, weights);
    optimizer.apply(
      weights,
      weights.map((w) => grads[w.name] ?? tf.zerosLike(w)),
      lr,
    );
    return cleanLoss;
  });
  tf.dispose([advCls, advBox]);
  return { clean, chosen, adversarial: Math.max(lc, lb) };
}

/**
 * Copies the backbone's main BN parameters and moving statistics into its auxiliary BN (AdvProp
 * starts the auxiliary BN from the pretrained main one).
 */
export function copyMainBnToAux(det: ShapeDetector): void {
  const b = det.backbone;
  const all = [...b.trainableWeights, ...b.nonTrainableWeights];
  const byName = new Map(b.weightNames.map((n, i) => [n, all[i]!]));
  let copied = 0;
  for (const [name, v] of byName) {
    const m = /^bn(\d+)_aux\/(.+)$/.exec(name);
    if (!m) continue;
    v.assign(byName.get(`bn${m[1]}/${m[2]}`)!);
    copied++;
  }
  if (copied === 0) throw new ModelsError('the detector has no auxiliary batch norm', 'det');
}
