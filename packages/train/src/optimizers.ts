/**
 * The update rules of the optimizers for the custom training loop; each updates a list of
 * `tf.Variable`s in place from their gradients at a learning rate given per step (so any
 * {@link Schedule} drives it). Slots, step count and checks are the shared core's
 * (`slot-optimizer.ts`); this file writes only the arithmetic.
 *
 * - {@link sgd}: `v ← μ·v + (g + wd·w)`, `w ← w − lr·v` (Nesterov: `w ← w − lr·(g' + μ·v)`);
 *   μ = 0 is plain SGD.
 * - {@link adam}: Kingma & Ba 2015 with bias correction; `weightDecay` is decoupled (AdamW).
 * - {@link lars}: You, Gitman & Ginsburg 2017, layer-wise trust ratio
 *   `η·‖w‖ / (‖g‖ + wd·‖w‖)` (1 when either norm is 0), `v ← μ·v + lr·trust·(g + wd·w)`, `w ← w − v`.
 *   Variables for which `exclude` is true (by default biases and BatchNorm γ/β: rank ≤ 1) get
 *   plain momentum SGD without weight decay, as in the LARS reference implementations.
 *
 * {@link adamMoments}, {@link trustRatio} and {@link isBiasOrNorm} are the pieces that LAMB
 * (`@tsglove/methods`) shares with Adam and LARS.
 */
import * as tf from '@tensorflow/tfjs';
import { checkNumber } from '@tsglove/models';
import { FUSED_STEP, runFusedStep } from './kernels/optimizer-kernels.js';
import { slotOptimizer, type Optimizer } from './slot-optimizer.js';

/** Options of {@link sgd}. */
export interface SgdOptions {
  /** μ in [0, 1); default 0. */
  momentum?: number;
  nesterov?: boolean;
  /** L2 coefficient added to the gradient (default 0). */
  weightDecay?: number;
}

/** SGD, with momentum when `momentum > 0`. */
export function sgd(options: SgdOptions = {}): Optimizer {
  const o = { momentum: options.momentum ?? 0, nesterov: options.nesterov ?? false, weightDecay: options.weightDecay ?? 0 };
  checkNumber(o.momentum, 'momentum', 0, 1, true);
  checkNumber(o.weightDecay, 'weightDecay', 0);
  const { momentum, nesterov, weightDecay } = o;
  return slotOptimizer({
    name: 'sgd',
    slots: momentum === 0 ? 0 : 1,
    fused: ({ params, grads, slots, lr }) => {
      const velocities = slots.map((s) => s[0]!);
      return runFusedStep(
        FUSED_STEP.sgd,
        momentum === 0 ? [params, grads] : [params, grads, velocities],
        momentum === 0 ? [params] : [params, velocities],
        { lr, ...o },
      );
    },
    update: ({ param: w, grad, lr, slots: [v] }) => {
      const g = weightDecay ? tf.add(grad, tf.mul(w, weightDecay)) : grad;
      if (momentum === 0) {
        w.assign(tf.sub(w, tf.mul(g, lr)));
        return;
      }
      const nv = tf.add(tf.mul(v!, momentum), g);
      v!.assign(nv);
      const step = nesterov ? tf.add(g, tf.mul(nv, momentum)) : nv;
      w.assign(tf.sub(w, tf.mul(step, lr)));
    },
  });
}

/** Options of {@link adam}. */
export interface AdamOptions {
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /** Decoupled weight decay (AdamW): `w ← w − lr·wd·w`; default 0. */
  weightDecay?: number;
}

/**
 * Adam's moment update, shared with LAMB: assigns `m ← β₁m + (1 − β₁)g` and
 * `v ← β₂v + (1 − β₂)g²` and returns the new `[m, v]`.
 */
export function adamMoments(m: tf.Variable, v: tf.Variable, g: tf.Tensor, beta1: number, beta2: number): [tf.Tensor, tf.Tensor] {
  const nm = tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1));
  const nv = tf.add(tf.mul(v, beta2), tf.mul(tf.square(g), 1 - beta2));
  m.assign(nm);
  v.assign(nv);
  return [nm, nv];
}

/** Adam (AdamW with `weightDecay`). */
export function adam(options: AdamOptions = {}): Optimizer {
  const o = {
    beta1: options.beta1 ?? 0.9,
    beta2: options.beta2 ?? 0.999,
    epsilon: options.epsilon ?? 1e-8,
    weightDecay: options.weightDecay ?? 0,
  };
  checkNumber(o.beta1, 'beta1', 0, 1, true);
  checkNumber(o.beta2, 'beta2', 0, 1, true);
  checkNumber(o.epsilon, 'epsilon', 0);
  checkNumber(o.weightDecay, 'weightDecay', 0);
  const { beta1, beta2, epsilon, weightDecay } = o;
  return slotOptimizer({
    name: 'adam',
    slots: 2,
    fused: ({ params, grads, slots, lr, iteration }) => {
      const [m, v] = [slots.map((s) => s[0]!), slots.map((s) => s[1]!)];
      return runFusedStep(FUSED_STEP.adam, [params, grads, m, v], [params, m, v], { lr, iteration, ...o });
    },
    update: ({ param: w, grad: g, lr, iteration: t, slots: [m, v] }) => {
      const [nm, nv] = adamMoments(m!, v!, g, beta1, beta2);
      const mHat = tf.div(nm, 1 - Math.pow(beta1, t));
      const vHat = tf.div(nv, 1 - Math.pow(beta2, t));
      let next = tf.sub(w, tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), epsilon)), lr));
      if (weightDecay) next = tf.sub(next, tf.mul(w, lr * weightDecay));
      w.assign(next);
    },
  });
}

/**
 * The default `exclude` of the layer-wise optimizers (LARS, LAMB): variables of rank ≤ 1 —
 * biases and normalization γ/β — skip the trust ratio and weight decay.
 */
export function isBiasOrNorm(param: tf.Variable): boolean {
  return param.rank <= 1;
}

/**
 * A layer-wise trust ratio: `ratio` where both norms are positive, else 1 (a zero variable or a
 * zero step is not rescaled). `weightNorm` is ‖w‖, `stepNorm` the norm of the gradient (LARS) or
 * of the update (LAMB).
 */
export function trustRatio(weightNorm: tf.Tensor, stepNorm: tf.Tensor, ratio: tf.Tensor): tf.Tensor {
  return tf.where(tf.logicalAnd(tf.greater(weightNorm, 0), tf.greater(stepNorm, 0)), ratio, tf.onesLike(ratio));
}

/** Options shared by the layer-wise optimizers, LARS and LAMB (`@tsglove/methods`). */
export interface LayerwiseOptions {
  /**
   * λ: `λ·w` is added to the step the trust ratio rescales (the gradient for LARS, the Adam step
   * for LAMB), and so counts in its norm; default 0.
   */
  weightDecay?: number;
  /** Variables that skip the trust ratio and weight decay; default {@link isBiasOrNorm} (rank ≤ 1). */
  exclude?: (param: tf.Variable) => boolean;
}

/** Options of {@link lars}. */
export interface LarsOptions extends LayerwiseOptions {
  /** μ in [0, 1); default 0.9. */
  momentum?: number;
  /** Trust coefficient η; default 0.001. */
  eta?: number;
}

/** LARS (layer-wise adaptive rate scaling). */
export function lars(options: LarsOptions = {}): Optimizer {
  const momentum = checkNumber(options.momentum ?? 0.9, 'momentum', 0, 1, true);
  const eta = checkNumber(options.eta ?? 0.001, 'eta', 0);
  const weightDecay = checkNumber(options.weightDecay ?? 0, 'weightDecay', 0);
  const exclude = options.exclude ?? isBiasOrNorm;
  return slotOptimizer({
    name: 'lars',
    slots: 1,
    update: ({ param: w, grad: g, lr, slots: [v] }) => {
      let scaled: tf.Tensor;
      if (exclude(w)) {
        scaled = tf.mul(g, lr);
      } else {
        const wn = tf.norm(w);
        const gn = tf.norm(g);
        const trust = trustRatio(wn, gn, tf.div(tf.mul(wn, eta), tf.add(gn, tf.mul(wn, weightDecay))));
        scaled = tf.mul(tf.add(g, tf.mul(w, weightDecay)), tf.mul(trust, lr));
      }
      const nv = tf.add(tf.mul(v!, momentum), scaled);
      v!.assign(nv);
      w.assign(tf.sub(w, nv));
    },
  });
}
