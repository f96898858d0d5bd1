/**
 * Scalars: numbers that are functions of the step (the number of proposals so far), such as a
 * mutation rate that decays or a selection size that grows — PyGlove's `pg.scalars`. A scalar is a
 * symbolic object, so an operator holding one still prints, serializes and compares. Wherever an
 * operator takes a "scalar" argument, a plain number is a constant.
 *
 * ```ts
 * withProbability(linear(1000, 0.5, 0.05), uniformMutator()); // p = 0.5 at step 0 → 0.05 at 1000
 * mul(STEP, 2).at(10);                                        // 20
 * ```
 */
import { symbolic, t, type AnySpec } from '@tsglove/symbolic';
import { subclass } from './subclass.js';
import { SearchError } from '../errors.js';

/** Base of the scalar schedules: `at(step)` is the value at a step. */
export abstract class Scalar extends symbolic('tsglove.search.evolution.Scalar', {}) {
  /** The value at `step`. */
  abstract at(step: number): number;
}

/** A number or a schedule. */
export type ScalarLike = number | Scalar;

/** The value of a number or schedule at `step`. */
export function scalarValue(value: ScalarLike, step: number): number {
  return typeof value === 'number' ? value : value.at(step);
}

/** The value spec of an argument that is `base` or a schedule. */
export function scalarSpec<S extends AnySpec>(base: S) {
  return t.union([base, t.object(Scalar)]);
}

/** The step itself. */
export class Step extends subclass(Scalar, 'tsglove.search.evolution.scalars.Step', {}) {
  at(step: number): number {
    return step;
  }
}

/** The step as a scalar (`mul(STEP, 0.1)`). */
export const STEP: Scalar = new Step();

const unaryOps = {
  neg: (x: number) => -x,
  abs: Math.abs,
  floor: Math.floor,
  ceil: Math.ceil,
  sqrt: Math.sqrt,
  exp: Math.exp,
  log: Math.log,
  cos: Math.cos,
  sin: Math.sin,
} as const;
const binaryOps = {
  add: (a: number, b: number) => a + b,
  sub: (a: number, b: number) => a - b,
  mul: (a: number, b: number) => a * b,
  div: (a: number, b: number) => a / b,
  mod: (a: number, b: number) => a % b,
  pow: (a: number, b: number) => a ** b,
} as const;
type UnaryOp = keyof typeof unaryOps;
type BinaryOp = keyof typeof binaryOps;
const num = scalarSpec(t.float());

/** `op(x)` of a scalar (see {@link unary}). */
export class Unary extends subclass(Scalar, 'tsglove.search.evolution.scalars.Unary', {
  op: t.enum(Object.keys(unaryOps) as UnaryOp[]),
  x: num,
}) {
  at(step: number): number {
    return unaryOps[this.op as UnaryOp](scalarValue(this.x as ScalarLike, step));
  }
}

/** `a op b` of two scalars. */
export class Binary extends subclass(Scalar, 'tsglove.search.evolution.scalars.Binary', {
  op: t.enum(Object.keys(binaryOps) as BinaryOp[]),
  a: num,
  b: num,
}) {
  at(step: number): number {
    return binaryOps[this.op as BinaryOp](scalarValue(this.a as ScalarLike, step), scalarValue(this.b as ScalarLike, step));
  }
}

const binary =
  (op: BinaryOp) =>
  (a: ScalarLike, b: ScalarLike): Scalar =>
    new Binary({ op, a, b });
const unary =
  (op: UnaryOp) =>
  (x: ScalarLike): Scalar =>
    new Unary({ op, x });
/** Scalar arithmetic (each a symbolic schedule). */
export const add = binary('add');
export const sub = binary('sub');
export const mul = binary('mul');
export const div = binary('div');
export const mod = binary('mod');
export const pow = binary('pow');
export const neg = unary('neg');
export const abs = unary('abs');
export const floor = unary('floor');
export const ceil = unary('ceil');
export const sqrt = unary('sqrt');
export const exp = unary('exp');
export const log = unary('log');
export const cos = unary('cos');
export const sin = unary('sin');

/** `start + step · (end − start) / totalSteps` (not clamped past `totalSteps`). */
export function linear(totalSteps: number, start = 1, end = 0): Scalar {
  return add(start, mul(STEP, (end - start) / totalSteps));
}

/** Cosine decay from `start` (step 0) to `end` (step `totalSteps`). */
export function cosineDecay(totalSteps: number, start = 1, end = 0): Scalar {
  return add(mul(0.5 * (start - end), add(1, cos(mul(STEP, Math.PI / totalSteps)))), end);
}

/** `start · decayRate^(step / decayInterval)`, the exponent floored when `staircase` (default). */
export function exponentialDecay(decayRate: number, decayInterval: number, start = 1, staircase = true): Scalar {
  const exponent = div(STEP, decayInterval);
  return mul(start, pow(decayRate, staircase ? floor(exponent) : exponent));
}

/** A cosine wave between `low` and `high` with period `cycle` steps. */
export function cyclic(cycle: number, initialRadiant = 0, high = 1, low = 0): Scalar {
  return add(mul(0.5 * (high - low), add(1, cos(add(initialRadiant, mul(STEP, (2 * Math.PI) / cycle))))), low);
}

/**
 * A schedule in phases: `[[100, 0.5], [200, linear(200, 0.5, 0.1)]]` is 0.5 for 100 steps, then a
 * linear decay over the next 200 (a phase's schedule sees the step from its own start); after the
 * last phase its final value holds. With `totalSteps`, phase lengths are proportions of it.
 */
export class StepWise extends subclass(Scalar, 'tsglove.search.evolution.scalars.StepWise', {
  phases: t.list(t.list(num, { minSize: 2, maxSize: 2 }), { minSize: 1 }),
  totalSteps: t.int({ min: 1 }).optional(),
}) {
  private ends(): number[] {
    const phases = this.phases as unknown as Array<[number, ScalarLike]>;
    const total = this.totalSteps as number | undefined;
    const lengths = phases.map(([len]) => len as number);
    const sum = lengths.reduce((a, b) => a + b, 0);
    let last = 0;
    return lengths.map((len) => {
      if (total === undefined && !Number.isInteger(len))
        throw new SearchError(`stepWise: phase length ${len} must be an integer without totalSteps`, 'phases');
      last += total === undefined ? len : Math.floor((len / sum) * total);
      return last;
    });
  }
  at(step: number): number {
    const phases = this.phases as unknown as Array<[number, ScalarLike]>;
    const ends = this.ends();
    for (let i = 0; i < phases.length; i++) {
      if (step < ends[i]!) return scalarValue(phases[i]![1], step - (i > 0 ? ends[i - 1]! : 0));
    }
    const i = phases.length - 1;
    return scalarValue(phases[i]![1], ends[i]! - 1 - (i > 0 ? ends[i - 1]! : 0));
  }
}

/** A step-wise schedule (see {@link StepWise}). */
export function stepWise(phases: Array<[number, ScalarLike]>, totalSteps?: number): Scalar {
  return new StepWise({ phases, totalSteps } as never) as unknown as Scalar;
}
