/**
 * The one step/slot core of the optimizers: the argument checks, the step count, per-variable slot
 * variables (momentum buffers, moments) created lazily as zeros, the `tf.tidy` around a step, the
 * optional fused kernel, disposal. An optimizer writes only its {@link UpdateRule} — SGD, Adam and
 * LARS here, LAMB in `@tsglove/methods` — and gets an {@link Optimizer} from {@link slotOptimizer}.
 */
import * as tf from '@tensorflow/tfjs';
import { checkInt, checkNumber } from '@tsglove/models';
import { ModelsError } from './errors.js';

/** Updates variables in place from their gradients. */
export interface Optimizer {
  /** `'sgd'`, `'adam'`, `'lars'`, `'lamb'`: the {@link UpdateRule}'s name. */
  readonly name: string;
  /** Updates applied so far. */
  readonly iterations: number;
  /** Applies one update: `grads[i]` is the gradient of `params[i]`. Disposes nothing it is given. */
  apply(params: readonly tf.Variable[], grads: readonly tf.Tensor[], lr: number): void;
  /** Frees the optimizer's state (momentum buffers, moments). */
  dispose(): void;
}

/** One variable's update, as an {@link UpdateRule} sees it. */
export interface VariableStep {
  /** The variable; the rule assigns its new value. */
  readonly param: tf.Variable;
  readonly grad: tf.Tensor;
  readonly lr: number;
  /** Updates applied so far, counting this one (1 at the first step: Adam's bias correction `t`). */
  readonly iteration: number;
  /** The variable's {@link UpdateRule.slots} slot variables, zeros before the first step; the rule assigns them. */
  readonly slots: readonly tf.Variable[];
}

/** A whole step at once, for {@link UpdateRule.fused}: `slots[i]` are the slots of `params[i]`. */
export interface FusedStep {
  readonly params: readonly tf.Variable[];
  readonly grads: readonly tf.Tensor[];
  readonly lr: number;
  readonly iteration: number;
  readonly slots: ReadonlyArray<readonly tf.Variable[]>;
}

/** What an optimizer writes itself: its name, how many slots a variable has, and its arithmetic. */
export interface UpdateRule {
  readonly name: string;
  /** Slot variables per trained variable, each shaped like it (0 for plain SGD, 2 for Adam's moments). */
  readonly slots: number;
  /** Updates one variable (inside `tf.tidy`; intermediate tensors are freed). */
  update(step: VariableStep): void;
  /**
   * Updates every variable at once and returns true, or returns false to have `update` run per
   * variable (a backend without the kernel). Optional: SGD and Adam run fused kernels.
   */
  fused?(step: FusedStep): boolean;
}

/**
 * The base class of the optimizers: {@link slotOptimizer} is the way to write one. A subclass
 * (code written against 0.2.0) writes only `update`, which runs inside `tf.tidy` once per variable
 * with `iterations` already counting the current step.
 */
export abstract class SlotOptimizer implements Optimizer {
  abstract readonly name: string;
  iterations = 0;
  private readonly slots = new Map<tf.Variable, tf.Variable[]>();

  /** The `count` slot variables of `param`, created as zeros on first use. */
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
    checkNumber(lr, 'lr', 0);
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

class RuleOptimizer extends SlotOptimizer {
  readonly name: string;
  constructor(private readonly rule: UpdateRule) {
    super();
    this.name = rule.name;
  }
  protected override applyFused(params: readonly tf.Variable[], grads: readonly tf.Tensor[], lr: number): boolean {
    if (!this.rule.fused) return false;
    const slots = params.map((p) => this.slot(p, this.rule.slots));
    return this.rule.fused({ params, grads, lr, iteration: this.iterations, slots });
  }
  protected update(param: tf.Variable, grad: tf.Tensor, lr: number): void {
    this.rule.update({ param, grad, lr, iteration: this.iterations, slots: this.slot(param, this.rule.slots) });
  }
}

/** An {@link Optimizer} that applies `rule`, with the slots, step count and checks of {@link SlotOptimizer}. */
export function slotOptimizer(rule: UpdateRule): Optimizer {
  checkInt(rule.slots, `${rule.name}.slots`, 0);
  return new RuleOptimizer(rule);
}
