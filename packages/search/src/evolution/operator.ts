/**
 * Evolution operators and their algebra (PyGlove's `pg.evolution.Operation`). An operator maps a
 * list of individuals (DNA with their rewards in metadata, or any values) to a new list: selectors
 * pick some, mutators and recombinators make new ones. Operators are symbolic objects: they print
 * with `format`, round-trip through `toJSON`/`fromJSON`, compare with `eq`, and a hyper value in
 * an argument (`uniformMutator().withProbability(floatValue(0.1, 0.9))`) makes the operator — and the
 * algorithm built from it — a search space.
 *
 * | PyGlove          | tsglove                               |
 * |------------------|---------------------------------------|
 * | `x >> y`         | `x.then(y)`, `pipeline(x, y)`         |
 * | `x + y`          | `x.plus(y)`, `concatenation(x, y)`    |
 * | `x \| y`          | `x.or(y)`, `union(x, y)`              |
 * | `x & y`, `x - y`, `x ^ y`, `~x` | `x.and(y)`, `x.minus(y)`, `x.xor(y)`, `x.invert()` |
 * | `x * k`, `x ** k`| `x.times(k)`, `x.power(k)`            |
 * | `x[a:b]`         | `x.slice(a, b)`                       |
 * | `x.with_prob(p)` | `x.withProbability(p)`, `choice([[x, p], ...], limit)` |
 * | `x.if_true(f)`   | `x.ifTrue(f)`, `x.ifFalse(f)`         |
 * | `x.for_each(y)`, `x.flatten()`, `x.until_change()` | same names in camelCase |
 *
 * Counts and probabilities may be schedules of the step (see `scalars.ts`). Plain functions
 * `(population, context) => output` are accepted wherever an operator is (wrapped as {@link Lambda},
 * which prints but does not serialize).
 */
import { symbolic, t, type DNA, type DNASpec, type Random } from '@tsglove/symbolic';
import { SearchError } from '../errors.js';
import { scalarSpec, scalarValue, type ScalarLike } from './scalars.js';
import { subclass } from './subclass.js';

/** State shared by all operators of one algorithm (PyGlove's `global_state`); `numGenerations` is kept by the engine. */
export type GlobalState = Record<string, unknown>;

/** What an operator may use: the spec, a random source, the step (proposals so far) and the global state. */
export interface OperatorContext {
  spec: DNASpec;
  random: Random;
  step: number;
  globalState: GlobalState;
}

/** An operator written as a plain function. */
export type OperatorFn = (population: readonly any[], context: OperatorContext) => any[];

/** An operator or a plain function. */
export type OperatorLike = Operator | OperatorFn;

/** Base class of the evolution operators (see the module comment). */
export abstract class Operator extends symbolic('tsglove.search.evolution.Operator', {}) {
  /** Transforms `population` (PyGlove's `__call__`). */
  abstract call(population: readonly DNA[], context: OperatorContext): DNA[];

  /** `this >> next`: the output of this feeds `next`. */
  then(next: OperatorLike): Operator {
    return pipeline(this, next);
  }
  /** `this + other`: both outputs on the same input, concatenated (duplicates kept). */
  plus(other: OperatorLike): Operator {
    return concatenation(this, other);
  }
  /** `this | other`: both outputs, each individual once. */
  or(other: OperatorLike): Operator {
    return union(this, other);
  }
  /** `this & other`: individuals of this output that are also in the other's. */
  and(other: OperatorLike): Operator {
    return new Intersection({ ops: [this, toOperator(other)] });
  }
  /** `this - other`: individuals of this output not in the other's. */
  minus(other: OperatorLike): Operator {
    return new Difference({ ops: [this, toOperator(other)] });
  }
  /** `this ^ other`: individuals in exactly one of the two outputs. */
  xor(other: OperatorLike): Operator {
    return new SymmetricDifference({ ops: [this, toOperator(other)] });
  }
  /** `~this`: the input minus this output. */
  invert(): Operator {
    return new Inversion({ op: this });
  }
  /** `this * k`: run `k` times on the same input, concatenate. */
  times(k: ScalarLike): Operator {
    return repeat(this, k);
  }
  /** `this ** k`: `this >> this >> ...` (`k` times). */
  power(k: ScalarLike): Operator {
    return new Power({ op: this, k });
  }
  /** `this[start:end:step]` of the output (Python slice semantics: negative indices count from the end). */
  slice(start?: ScalarLike, end?: ScalarLike, step?: ScalarLike): Operator {
    return new Slice({ op: this, start, end, step });
  }
  /** Runs with probability `p` (a number or schedule), else passes the input through. */
  withProbability(p: ScalarLike): Operator {
    return new Choice({ ops: [this], probabilities: [p] });
  }
  /** Runs only when `predicate(input, context)` is true, else passes the input through. */
  ifTrue(predicate: Predicate): Operator {
    return new Conditional({ predicate, whenTrue: this });
  }
  /** Runs only when `predicate(input, context)` is false, else passes the input through. */
  ifFalse(predicate: Predicate): Operator {
    return new Conditional({ predicate, whenFalse: this });
  }
  /** Applies `op` to each output element (a list, or one individual as a list of one); outputs nest. */
  forEach(op: OperatorLike): Operator {
    return pipeline(this, new ElementWise({ op: toOperator(op) }));
  }
  /** Flattens nested output lists (up to `maxLevel` levels deep). */
  flatten(maxLevel?: number): Operator {
    return pipeline(this, new Flatten({ maxLevel }));
  }
  /** Reruns until the output differs from the input (at most `maxAttempts` times). */
  untilChange(maxAttempts?: ScalarLike): Operator {
    return new UntilChange({ op: this, maxAttempts });
  }
}

/** A condition on an operator's input: a function, or a symbolic {@link Condition} (which serializes). */
export type Predicate = ((population: readonly DNA[], context: OperatorContext) => boolean) | Condition;

/** Base of serializable conditions (e.g. {@link SizeAtLeast}). */
export abstract class Condition extends symbolic('tsglove.search.evolution.Condition', {}) {
  /** Whether the condition holds for `population`. */
  abstract test(population: readonly DNA[], context: OperatorContext): boolean;
}

/** True when the input has at least `n` individuals. */
export class SizeAtLeast extends subclass(Condition, 'tsglove.search.evolution.SizeAtLeast', { n: t.int({ min: 0 }) }) {
  test(population: readonly DNA[]): boolean {
    return population.length >= (this.n as number);
  }
}

/** Wraps a plain function as a {@link Lambda}; operators pass through. */
export function toOperator(op: OperatorLike): Operator {
  if (op instanceof Operator) return op;
  if (typeof op === 'function') return new Lambda({ fn: op });
  throw new SearchError(`expected an evolution operator or a function (population, context) => output, got ${String(op)}`);
}

const op = t.object(Operator);
const ops = (minSize: number) => t.list(op, { minSize });
const int = scalarSpec(t.int());

/** Passes the input through. */
export class Identity extends subclass(Operator, 'tsglove.search.evolution.Identity', {}) {
  call(population: readonly DNA[]): DNA[] {
    return [...population];
  }
}

/** Passes the input through. */
export const identity: Operator = new Identity();

/** A plain function as an operator (prints; does not serialize). */
export class Lambda extends subclass(Operator, 'tsglove.search.evolution.Lambda', { fn: t.callable() }) {
  call(population: readonly DNA[], context: OperatorContext): DNA[] {
    return (this.fn as OperatorFn)(population, context);
  }
}

/** Runs operators one after the other, each on the previous one's output. */
export class Pipeline extends subclass(Operator, 'tsglove.search.evolution.Pipeline', { ops: ops(1) }) {
  call(population: readonly DNA[], context: OperatorContext): DNA[] {
    let out = [...population];
    for (const o of this.ops as unknown as Operator[]) out = o.call(out, context);
    return out;
  }
}

/** Runs each operator on the same input and concatenates the outputs (duplicates kept). */
export class Concatenation extends subclass(Operator, 'tsglove.search.evolution.Concatenation', { ops: ops(1) }) {
  call(population: readonly DNA[], context: OperatorContext): DNA[] {
    return (this.ops as unknown as Operator[]).flatMap((o) => o.call(population, context));
  }
}

/** Runs each operator on the same input; each individual once, in order of first appearance. */
export class Union extends subclass(Operator, 'tsglove.search.evolution.Union', { ops: ops(1) }) {
  call(population: readonly DNA[], context: OperatorContext): DNA[] {
    return [...new Set((this.ops as unknown as Operator[]).flatMap((o) => o.call(population, context)))];
  }
}

/** Individuals of the first output present in every other output (each once). */
export class Intersection extends subclass(Operator, 'tsglove.search.evolution.Intersection', { ops: ops(2) }) {
  call(population: readonly DNA[], context: OperatorContext): DNA[] {
    const [first, ...rest] = this.ops as unknown as Operator[];
    const others = rest.map((o) => new Set(o.call(population, context)));
    return [...new Set(first!.call(population, context))].filter((x) => others.every((s) => s.has(x)));
  }
}

/** Individuals of the first output present in no other output (duplicates kept). */
export class Difference extends subclass(Operator, 'tsglove.search.evolution.Difference', { ops: ops(2) }) {
  call(population: readonly DNA[], context: OperatorContext): DNA[] {
    const [first, ...rest] = this.ops as unknown as Operator[];
    const excluded = new Set(rest.flatMap((o) => o.call(population, context)));
    return first!.call(population, context).filter((x) => !excluded.has(x));
  }
}

/** Individuals that appear in exactly one operator's output (in output order, duplicates kept). */
export class SymmetricDifference extends subclass(Operator, 'tsglove.search.evolution.SymmetricDifference', { ops: ops(2) }) {
  call(population: readonly DNA[], context: OperatorContext): DNA[] {
    const outputs = (this.ops as unknown as Operator[]).map((o) => o.call(population, context));
    const sets = outputs.map((o) => new Set(o));
    return outputs.flat().filter((x) => sets.filter((s) => s.has(x)).length === 1);
  }
}

/** The input minus the operator's output. */
export class Inversion extends subclass(Operator, 'tsglove.search.evolution.Inversion', { op }) {
  call(population: readonly DNA[], context: OperatorContext): DNA[] {
    const excluded = new Set((this.op as unknown as Operator).call(population, context));
    return population.filter((x) => !excluded.has(x));
  }
}

/** Runs an operator `k` times on the same input and concatenates the outputs. */
export class Repeat extends subclass(Operator, 'tsglove.search.evolution.Repeat', { op, k: int }) {
  call(population: readonly DNA[], context: OperatorContext): DNA[] {
    const out: DNA[] = [];
    const k = count('repeat', this.k as ScalarLike, context.step);
    for (let i = 0; i < k; i++) out.push(...(this.op as unknown as Operator).call(population, context));
    return out;
  }
}

/** Pipelines an operator with itself `k` times. */
export class Power extends subclass(Operator, 'tsglove.search.evolution.Power', { op, k: int }) {
  call(population: readonly DNA[], context: OperatorContext): DNA[] {
    let out = [...population];
    const k = count('power', this.k as ScalarLike, context.step);
    for (let i = 0; i < k; i++) out = (this.op as unknown as Operator).call(out, context);
    return out;
  }
}

/** `output[start:end:step]` (Python slice semantics; bounds may be schedules). */
export class Slice extends subclass(Operator, 'tsglove.search.evolution.Slice', {
  op,
  start: int.optional(),
  end: int.optional(),
  step: int.optional(),
}) {
  call(population: readonly DNA[], context: OperatorContext): DNA[] {
    const out = (this.op as unknown as Operator).call(population, context);
    const at = (v: unknown) => (v === undefined ? undefined : scalarValue(v as ScalarLike, context.step));
    const step = at(this.step) ?? 1;
    if (step === 1) return out.slice(at(this.start), at(this.end));
    if (!Number.isInteger(step) || step === 0) throw new SearchError(`slice: step must be a non-zero integer, got ${step}`, 'step');
    const n = out.length;
    const clamp = (v: number | undefined, fallback: number, lo: number, hi: number) =>
      v === undefined ? fallback : Math.min(Math.max(v < 0 ? v + n : v, lo), hi);
    const picked: DNA[] = [];
    if (step > 0) for (let i = clamp(at(this.start), 0, 0, n); i < clamp(at(this.end), n, 0, n); i += step) picked.push(out[i]!);
    else for (let i = clamp(at(this.start), n - 1, -1, n - 1); i > clamp(at(this.end), -1, -1, n - 1); i += step) picked.push(out[i]!);
    return picked;
  }
}

/**
 * Runs each operator in turn with its probability (`ops[i]` with `probabilities[i]`), each with its probability (a number or schedule),
 * feeding the output of one to the next; at most `limit` of them run.
 */
export class Choice extends subclass(Operator, 'tsglove.search.evolution.Choice', {
  ops: ops(1),
  probabilities: t.list(scalarSpec(t.float({ min: 0, max: 1 })), { minSize: 1 }),
  limit: scalarSpec(t.int({ min: 0 })).optional(),
}) {
  call(population: readonly DNA[], context: OperatorContext): DNA[] {
    let out = [...population];
    let performed = 0;
    const limit = this.limit === undefined ? Infinity : scalarValue(this.limit as ScalarLike, context.step);
    const probabilities = this.probabilities as unknown as ScalarLike[];
    if (probabilities.length !== (this.ops as unknown as Operator[]).length)
      throw new SearchError('choice: one probability per operator', 'probabilities');
    for (const [i, o] of (this.ops as unknown as Operator[]).entries()) {
      if (performed >= limit) break;
      if (context.random() < scalarValue(probabilities[i]!, context.step)) {
        out = o.call(out, context);
        performed++;
      }
    }
    return out;
  }
}

/** `whenTrue` or `whenFalse` by a predicate on the input (a missing branch passes the input through). */
export class Conditional extends subclass(Operator, 'tsglove.search.evolution.Conditional', {
  predicate: t.union([t.callable(), t.object(Condition)]),
  whenTrue: op.optional(),
  whenFalse: op.optional(),
}) {
  call(population: readonly DNA[], context: OperatorContext): DNA[] {
    const p = this.predicate as Predicate;
    const branch = (p instanceof Condition ? p.test(population, context) : p(population, context)) ? this.whenTrue : this.whenFalse;
    return branch ? (branch as unknown as Operator).call(population, context) : [...population];
  }
}

/** Applies an operator to each element of the input (see `Operator.forEach`). */
export class ElementWise extends subclass(Operator, 'tsglove.search.evolution.ElementWise', { op }) {
  call(population: readonly DNA[], context: OperatorContext): DNA[] {
    const o = this.op as unknown as Operator;
    return population.map((x) => o.call((Array.isArray(x) ? x : [x]) as DNA[], context)) as unknown as DNA[];
  }
}

/** Flattens nested lists (all levels, or up to `maxLevel`). */
export class Flatten extends subclass(Operator, 'tsglove.search.evolution.Flatten', { maxLevel: t.int({ min: 1 }).optional() }) {
  call(population: readonly DNA[]): DNA[] {
    const max = (this.maxLevel as number | undefined) ?? Infinity;
    const out: unknown[] = [];
    const walk = (xs: readonly unknown[], level: number): void => {
      for (const x of xs) {
        if (Array.isArray(x) && level < max) walk(x, level + 1);
        else out.push(x);
      }
    };
    walk(population, 0);
    return out as DNA[];
  }
}

/** Reruns an operator until its output differs from the input (at most `maxAttempts` times). */
export class UntilChange extends subclass(Operator, 'tsglove.search.evolution.UntilChange', {
  op,
  maxAttempts: scalarSpec(t.int({ min: 1 })).optional(),
}) {
  call(population: readonly DNA[], context: OperatorContext): DNA[] {
    const max = this.maxAttempts === undefined ? Infinity : scalarValue(this.maxAttempts as ScalarLike, context.step);
    let out = [...population];
    for (let i = 0; i < max; i++) {
      out = (this.op as unknown as Operator).call(population, context);
      if (!sameList(out, population)) break;
    }
    return out;
  }
}

function sameList(a: readonly DNA[], b: readonly DNA[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i] || (typeof x?.equals === 'function' && x.equals(b[i]!)));
}

function count(kind: string, k: ScalarLike, step: number): number {
  const n = scalarValue(k, step);
  if (!Number.isInteger(n) || n < 0) throw new SearchError(`${kind}: k must be an integer >= 0, got ${n} at step ${step}`, 'k');
  return n;
}

/** `a >> b >> ...` */
export function pipeline(...operators: OperatorLike[]): Operator {
  return new Pipeline({ ops: operators.map(toOperator) });
}
/** `a + b + ...` */
export function concatenation(...operators: OperatorLike[]): Operator {
  return new Concatenation({ ops: operators.map(toOperator) });
}
/** `a | b | ...` */
export function union(...operators: OperatorLike[]): Operator {
  return new Union({ ops: operators.map(toOperator) });
}
/** `operator * times` */
export function repeat(operator: OperatorLike, times: ScalarLike): Operator {
  if (typeof times === 'number' && !(Number.isInteger(times) && times >= 0))
    throw new SearchError(`repeat: times must be an integer >= 0, got ${times}`, 'times');
  return new Repeat({ op: toOperator(operator), k: times });
}
/** Runs `operator` with probability `p`; otherwise passes the input through. */
export function withProbability(p: ScalarLike, operator: OperatorLike): Operator {
  if (typeof p === 'number' && !(p >= 0 && p <= 1)) throw new SearchError(`withProbability: p must be in [0, 1], got ${p}`, 'p');
  return toOperator(operator).withProbability(p);
}
/** Runs each `[operator, p]` with its probability, in turn, at most `limit` of them. */
export function choice(options: Array<[OperatorLike, ScalarLike]>, limit?: ScalarLike): Operator {
  return new Choice({ ops: options.map(([o]) => toOperator(o)), probabilities: options.map(([, p]) => p), limit });
}
/** `whenTrue` if `predicate(input)` holds, else `whenFalse` (missing: pass through). */
export function conditional(predicate: Predicate, whenTrue?: OperatorLike, whenFalse?: OperatorLike): Operator {
  return new Conditional({ predicate, whenTrue: whenTrue && toOperator(whenTrue), whenFalse: whenFalse && toOperator(whenFalse) });
}
