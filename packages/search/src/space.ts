/**
 * What `sample` and `Study` accept as a space: a symbolic (or plain) tree holding hyper values, a
 * define-by-run function that calls `oneOf`/`floatValue`/... while it runs, or a bare `DNASpec`
 * (PyGlove's `pg.sample(dna_spec, ...)`: the examples are the DNA themselves). A function is traced
 * (`DynamicEvaluationContext.collect`, then `explore`, which finds the named decisions made only for
 * some earlier choices — Optuna's `for i in range(n_layers)`); each example is then the function's
 * result under `ctx.apply(dna, fn)`. The space is the union of the decisions over all choices, so
 * every algorithm searches it (a decision a trial does not use is simply ignored by that trial).
 */
import { DNASpec, DynamicEvaluationContext, dnaSpec, materialize, seededRandom, type DNA } from '@tsglove/symbolic';

/** A space made ready for search: its spec and how a DNA becomes an example. */
export interface PreparedSpace<T> {
  spec: DNASpec;
  make(dna: DNA): T;
  /** 'tree', 'dynamic' or 'dna' (a bare DNASpec: examples are DNA). */
  kind: 'tree' | 'dynamic' | 'dna';
  /** Define-by-run spaces: the names of the decisions a DNA's run makes (it may skip some). */
  used?(dna: DNA): Set<string>;
}

/** Prepares a tree space or a define-by-run function (see the module comment). */
export function prepareSpace<T>(space: unknown): PreparedSpace<T> {
  if (space instanceof DNASpec) return { spec: space, kind: 'dna', make: (dna) => dna as T };
  if (typeof space === 'function') {
    const fn = space as () => T;
    const context = new DynamicEvaluationContext();
    context.collect(fn);
    // Decisions made only for some earlier choices (a loop over a chosen number of layers) are
    // found by running the function under random decisions (seeded: the same space every time).
    context.explore(fn, { random: seededRandom('explore') });
    const spec = context.dnaSpec;
    return {
      spec,
      kind: 'dynamic',
      make: (dna) => context.apply(dna, fn),
      used: (dna) => {
        const names = new Set<string>();
        context.apply(dna, fn, names);
        return names;
      },
    };
  }
  const spec = dnaSpec(space);
  return { spec, kind: 'tree', make: (dna) => materialize(space, dna, spec) as T };
}
