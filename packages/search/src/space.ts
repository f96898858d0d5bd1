/**
 * What `sample` and `Study` accept as a space: a symbolic (or plain) tree holding hyper values, or a
 * define-by-run function that calls `oneOf`/`floatValue`/... while it runs. A function is traced once
 * (`DynamicEvaluationContext.collect`); each example is then the function's result under
 * `ctx.apply(dna, fn)`.
 */
import { DynamicEvaluationContext, dnaSpec, materialize, type DNA, type DNASpec } from '@tsglove/symbolic';

/** A space made ready for search: its spec and how a DNA becomes an example. */
export interface PreparedSpace<T> {
  spec: DNASpec;
  make(dna: DNA): T;
  /** 'tree' or 'dynamic'. */
  kind: 'tree' | 'dynamic';
}

/** Prepares a tree space or a define-by-run function (see the module comment). */
export function prepareSpace<T>(space: unknown): PreparedSpace<T> {
  if (typeof space === 'function') {
    const fn = space as () => T;
    const context = new DynamicEvaluationContext();
    context.collect(fn);
    const spec = context.dnaSpec;
    return { spec, kind: 'dynamic', make: (dna) => context.apply(dna, fn) };
  }
  const spec = dnaSpec(space);
  return { spec, kind: 'tree', make: (dna) => materialize(space, dna, spec) as T };
}
