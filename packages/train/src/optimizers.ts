/**
 * Optimizers for the custom training loop: each updates a list of `tf.Variable`s in place from
 * their gradients at a learning rate given per step (so any {@link Schedule} drives it).
 *
 * - {@link sgd}: `v ← μ·v + (g + wd·w)`, `w ← w − lr·v` (Nesterov: `w ← w − lr·(g' + μ·v)`);
 *   μ = 0 is plain SGD.
 * - {@link adam}: Kingma & Ba 2015 with bias correction; `weightDecay` is decoupled (AdamW).
 * - {@link lars}: You, Gitman & Ginsburg 2017, layer-wise trust ratio
 *   `η·‖w‖ / (‖g‖ + wd·‖w‖)` (1 when either norm is 0), `v ← μ·v + lr·trust·(g + wd·w)`, `w ← w − v`.
 *   Variables for which `exclude` is true (by default biases and BatchNorm γ/β: rank ≤ 1) get
 *   plain momentum SGD without weight decay, as in the LARS reference implementations.
 */
import * as tf from '@tensorflow/tfjs';
import { checkNumber } from '@tsglove/models';
import { ModelsError } from './errors.js';
import { FUSED_STEP, runFusedStep } from './kernels/optimizer-kernels.js';

/** Updates variables in place from their gradients. */
export interface Optimizer {
  /** `'sgd'`, `'adam'` or `'lars'`. */
  readonly name: string;
  /** Updates applied so far. */
  readonly iterations: number;
  /** Applies one update: `grads[i]` is the gradient of `params[i]`. Disposes nothing it is given. */
  apply(params: readonly tf.Variable[], grads: readonly tf.Tensor[], lr: number): void;
  /** Frees the optimizer's state (momentum buffers, moments). */
  dispose(): void;
}

/**
 * The base of every optimizer here and of those written elsewhere (e.g. LAMB in `@tsglove/methods`):
 * argument checks, the step count, per-variable slot variables created lazily as zeros, disposal.
 * A subclass writes only `update`, which runs inside `tf.tidy` once per variable with
 * `iterations` already counting the current step.
 */
export abstract class SlotOptimizer implements Optimizer {
  abstract readonly name: string;
  iterations = 0;
  private readonly slots = new Map<tf.Variable, tf.Variable[]>();

  protected slot(param: tf.Variable, count: number): tf.Variable[] {
    let s = this.slots.get(param);
    if (!s) {
      s = Array.from({ length: count }, () => tf.tidy(() => tf.variable(tf.zerosLike(param), false)));
      this.slots.set(param, s);
    }
    return s;
  }

  apply(params: readonly tf.Variable[], grads: readonly tf.Tensor[], lr: number): void {
    if (params.length !== grads.length) throw new ModelsError(`expected ${params.length} gradients, got ${grads.length}`, 'grads');
    if (!(lr >= 0)) throw new ModelsError(`expected a number >= 0, got ${lr}`, 'lr');
    this.iterations++;
    if (this.applyFused(params, grads, lr)) return;
    tf.tidy(() => params.forEach((p, i) => this.update(p, grads[i]!, lr)));
  }

  protected abstract update(param: tf.Variable, grad: tf.Tensor, lr: number): void;

  /**
   * Updates every variable at once (`iterations` already counts this step) and returns true, or
   * returns false to have `update` run per variable. The default returns false.
   */
  protected applyFused(_params: readonly tf.Variable[], _grads: readonly tf.Tensor[], _lr: number): boolean {
    return false;
  }

  dispose(): void {
    for (const s of this.slots.values()) s.forEach((v) => v.dispose());
    this.slots.clear();
  }
}

/** Options of {@link sgd}. */
export interface SgdOptions {
  /** μ in [0, 1); default 0. */
  momentum?: number;
  nesterov?: boolean;
  /** L2 coefficient added to the gradient (default 0). */
  weightDecay?: number;
}

class Sgd extends SlotOptimizer {
  readonly name = 'sgd';
  constructor(private readonly o: Required<SgdOptions>) {
    super();
  }
  protected override applyFused(params: readonly tf.Variable[], grads: readonly tf.Tensor[], lr: number): boolean {
    if (this.o.momentum === 0) return runFusedStep(FUSED_STEP.sgd, [params, grads], [params], { lr, ...this.o });
    const velocities = params.map((p) => this.slot(p, 1)[0]!);
    return runFusedStep(FUSED_STEP.sgd, [params, grads, velocities], [params, velocities], { lr, ...this.o });
  }
  protected update(w: tf.Variable, g0: tf.Tensor, lr: number): void {
    const g = this.o.weightDecay ? tf.add(g0, tf.mul(w, this.o.weightDecay)) : g0;
    if (this.o.momentum === 0) {
      w.assign(tf.sub(w, tf.mul(g, lr)));
      return;
    }
    const [v] = this.slot(w, 1) as [tf.Variable];
    const nv = tf.add(tf.mul(v, this.o.momentum), g);
    v.assign(nv);
    const step = this.o.nesterov ? tf.add(g, tf.mul(nv, this.o.momentum)) : nv;
    w.assign(tf.sub(w, tf.mul(step, lr)));
  }
}

/** SGD, with momentum when `momentum > 0`. */
export function sgd(options: SgdOptions = {}): Optimizer {
  const o = { momentum: options.momentum ?? 0, nesterov: options.nesterov ?? false, weightDecay: options.weightDecay ?? 0 };
  checkNumber(o.momentum, 'momentum', 0, 1, true);
  checkNumber(o.weightDecay, 'weightDecay', 0, Infinity);
  return new Sgd(o);
}

/** Options of {@link adam}. */
export interface AdamOptions {
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /** Decoupled weight decay (AdamW): `w ← w − lr·wd·w`; default 0. */
  weightDecay?: number;
}

class Adam extends SlotOptimizer {
  readonly name = 'adam';
  constructor(private readonly o: Required<AdamOptions>) {
    super();
  }
  protected override applyFused(params: readonly tf.Variable[], grads: readonly tf.Tensor[], lr: number): boolean {
    const slots = params.map((p) => this.slot(p, 2));
    const [m, v] = [slots.map((s) => s[0]!), slots.map((s) => s[1]!)];
    return runFusedStep(FUSED_STEP.adam, [params, grads, m, v], [params, m, v], { lr, iteration: this.iterations, ...this.o });
  }
  protected update(w: tf.Variable, g: tf.Tensor, lr: number): void {
    const { beta1, beta2, epsilon, weightDecay } = this.o;
    const [m, v] = this.slot(w, 2) as [tf.Variable, tf.Variable];
    const t = this.iterations;
    const nm = tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1));
    const nv = tf.add(tf.mul(v, beta2), tf.mul(tf.square(g), 1 - beta2));
    m.assign(nm);
    v.assign(nv);
    const mHat = tf.div(nm, 1 - Math.pow(beta1, t));
    const vHat = tf.div(nv, 1 - Math.pow(beta2, t));
    let next = tf.sub(w, tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), epsilon)), lr));
    if (weightDecay) next = tf.sub(next, tf.mul(w, lr * weightDecay));
    w.assign(next);
  }
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
  checkNumber(o.epsilon, 'epsilon', 0, Infinity);
  checkNumber(o.weightDecay, 'weightDecay', 0, Infinity);
  return new Adam(o);
}

/** Options of {@link lars}. */
export interface LarsOptions {
  /** μ in [0, 1); default 0.9. */
  momentum?: number;
  /** Trust coefficient η; default 0.001. */
  eta?: number;
  /** Weight decay (inside the trust ratio and the update); default 0. */
  weightDecay?: number;
  /** Variables that skip the trust ratio and weight decay; default: rank ≤ 1 (biases, BN). */
  exclude?: (param: tf.Variable) => boolean;
}

class Lars extends SlotOptimizer {
  readonly name = 'lars';
  constructor(private readonly o: Required<LarsOptions>) {
    super();
  }
  protected update(w: tf.Variable, g: tf.Tensor, lr: number): void {
    const { momentum, eta, weightDecay } = this.o;
    const [v] = this.slot(w, 1) as [tf.Variable];
    let scaled: tf.Tensor;
    if (this.o.exclude(w)) {
      scaled = tf.mul(g, lr);
    } else {
      const wn = tf.norm(w);
      const gn = tf.norm(g);
      const ratio = tf.div(tf.mul(wn, eta), tf.add(gn, tf.mul(wn, weightDecay)));
      const trust = tf.where(tf.logicalAnd(tf.greater(wn, 0), tf.greater(gn, 0)), ratio, tf.onesLike(ratio));
      scaled = tf.mul(tf.add(g, tf.mul(w, weightDecay)), tf.mul(trust, lr));
    }
    const nv = tf.add(tf.mul(v, momentum), scaled);
    v.assign(nv);
    w.assign(tf.sub(w, nv));
  }
}

/** LARS (layer-wise adaptive rate scaling). */
export function lars(options: LarsOptions = {}): Optimizer {
  const o = {
    momentum: options.momentum ?? 0.9,
    eta: options.eta ?? 0.001,
    weightDecay: options.weightDecay ?? 0,
    exclude: options.exclude ?? ((p: tf.Variable) => p.rank <= 1),
  };
  checkNumber(o.momentum, 'momentum', 0, 1, true);
  checkNumber(o.eta, 'eta', 0, Infinity);
  checkNumber(o.weightDecay, 'weightDecay', 0, Infinity);
  return new Lars(o);
}
