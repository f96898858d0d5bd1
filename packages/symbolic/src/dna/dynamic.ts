/**
 * Dynamic evaluation (define-by-run): run ordinary code that calls `oneOf`, `manyOf`, `floatValue`
 * or `custom` inside a context. `collect(fn)` runs `fn` once, recording each call as a decision
 * point (calls return their first candidate / min); `apply(dna, fn)` runs `fn` again with each call
 * returning the DNA's decision. The program's own control flow is the space.
 *
 * Decisions are matched by name: give `{ name }` to share one decision between calls or to keep
 * names stable; unnamed calls are named `decision_0`, `decision_1`, ... in call order.
 * `apply` is cheap (one decode of the DNA, then a lookup per call), so weight-sharing NAS can run it
 * per training step.
 */
import { SymbolicError } from '../errors.js';
import { eq } from '../eq.js';
import { OneOf } from '../hyper/one-of.js';
import { ManyOf } from '../hyper/many-of.js';
import { FloatValue, type FloatScale } from '../hyper/float-value.js';
import { CustomHyper } from '../hyper/custom.js';
import { withHandler, type DynamicRequest } from '../hyper/dynamic-hook.js';
import { DNA } from './dna.js';
import type { DNASpec } from './spec.js';
import { buildSpace } from './build.js';
import { materialize } from './materialize.js';

/** A dynamic-evaluation context (see the module comment). */
export class DynamicEvaluationContext {
  private readonly hypers: Record<string, unknown> = {};
  private spec: DNASpec | null = null;

  /** Runs `fn`, recording its decision points; returns what `fn` returns (with default decisions). */
  collect<R>(fn: () => R): R {
    let counter = 0;
    return withHandler((kind, request) => {
      const name = request.name ?? `decision_${counter++}`;
      const hyper = makeHyper(kind, request, name);
      const existing = this.hypers[name];
      if (existing === undefined) {
        this.hypers[name] = hyper;
        this.spec = null;
      } else if (!(existing instanceof CustomHyper ? existing === hyper : eq(existing, hyper))) {
        throw new SymbolicError(`dynamic evaluation: decision "${name}" was defined twice differently`);
      }
      return defaultValue(hyper);
    }, fn);
  }

  /** The DNASpec of the collected decision points (ids are their names). */
  get dnaSpec(): DNASpec {
    if (!this.spec) this.spec = buildSpace(this.hypers, '');
    return this.spec;
  }

  /** The collected decision points, by name. */
  get decisions(): Readonly<Record<string, unknown>> {
    return this.hypers;
  }

  /** The decided value of each decision for a DNA (or flat numbers), by name. */
  decide(dna: DNA | readonly number[]): Record<string, unknown> {
    return materialize(this.hypers, dna, this.dnaSpec) as Record<string, unknown>;
  }

  /** Runs `fn` with every decision taken from `dna` (or pre-decided values from {@link decide}). */
  apply<R>(dna: DNA | readonly number[] | Record<string, unknown>, fn: () => R): R {
    const decided = dna instanceof DNA || Array.isArray(dna) ? this.decide(dna as DNA) : (dna as Record<string, unknown>);
    let counter = 0;
    return withHandler((_kind, request) => {
      const name = request.name ?? `decision_${counter++}`;
      if (!(name in decided)) {
        throw new SymbolicError(`dynamic evaluation: decision "${name}" was not seen by collect()`);
      }
      return decided[name];
    }, fn);
  }
}

function makeHyper(kind: string, r: DynamicRequest, name: string): unknown {
  switch (kind) {
    case 'oneOf':
      return new OneOf({ candidates: r.candidates!, name, hints: r.hints });
    case 'manyOf':
      return new ManyOf({ k: r.k!, candidates: r.candidates!, distinct: r.distinct, sorted: r.sorted, name, hints: r.hints });
    case 'floatValue':
      return new FloatValue({ min: r.min!, max: r.max!, scale: r.scale as FloatScale | undefined, name, hints: r.hints });
    case 'custom':
      return r.hyper;
    default:
      throw new SymbolicError(`dynamic evaluation: unknown hyper primitive ${kind}`);
  }
}

function defaultValue(hyper: unknown): unknown {
  if (hyper instanceof OneOf) return hyper.candidates[0];
  if (hyper instanceof ManyOf) return hyper.candidates.slice(0, hyper.k);
  if (hyper instanceof FloatValue) return hyper.min;
  if (hyper instanceof CustomHyper) return hyper.decode(hyper.random(() => 0));
  return undefined;
}

/** Runs `fn` once under a new context and returns the context (PyGlove's `pg.hyper.trace`). */
export function trace(fn: () => unknown): DynamicEvaluationContext {
  const context = new DynamicEvaluationContext();
  context.collect(fn);
  return context;
}
