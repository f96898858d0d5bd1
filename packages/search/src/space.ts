/**
 * What `sample` and `Study` accept as a space: a symbolic (or plain) tree holding hyper values, a
 * define-by-run function that calls `oneOf`/`floatValue`/... while it runs, or a bare `DNASpec`
 * (PyGlove's `pg.sample(dna_spec, ...)`: the examples are the DNA themselves). A function is traced
 * once (`DynamicEvaluationContext.collect`); each example is then the function's result under
 * `ctx.apply(dna, fn)`.
 */
import { DNASpec, DynamicEvaluationContext, dnaSpec, materialize, type DNA } from '@tsglove/symbolic';

/** A space made ready for search: its spec and how a DNA becomes an example. */
export interface PreparedSpace<T> {
  spec: DNASpec;
  make(dna: DNA): T;
  /** 'tree', 'dynamic' or 'dna' (a bare DNASpec: examples are DNA). */
  kind: 'tree' | 'dynamic' | 'dna';
}

/** Prepares a tree space or a define-by-run function (see the module comment). */
export function prepareSpace<T>(space: unknown): PreparedSpace<T> {
  if (space instanceof DNASpec) return { spec: space, kind: 'dna', make: (dna) => dna as T };
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
