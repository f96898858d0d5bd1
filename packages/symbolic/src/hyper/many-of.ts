/**
 * `manyOf(k, candidates)`: choose k candidates (distinct by default, in chosen order unless
 * `sorted`); `permutate(candidates)`: an ordering of all candidates (manyOf with k = n).
 */
import { symbolic, type ConstructOptions } from '../object.js';
import type { ListSpec } from '../core-specs.js';
import { t } from '../t.js';
import { report, type Hyper, type Loc, type ValidationContext, type ValueSpec } from '../value-spec.js';
import { SymbolicError } from '../errors.js';
import { registerClass } from '../registry.js';
import { markHyper, type HyperOptions, type Unthunk } from './base.js';
import { checkCandidates, checkEach } from './one-of.js';
import { dynamicDecide } from './dynamic-hook.js';

const ManyOfBase = symbolic('tsglove.manyOf', {
  k: t.int({ min: 0 }),
  candidates: t.list(t.any(), { minSize: 1 }),
  distinct: t.bool().default(true),
  sorted: t.bool().default(false),
  name: t.str().optional(),
  hints: t.any().optional(),
});

/** Init of a {@link ManyOf}. */
export interface ManyOfInit {
  k: number;
  candidates: readonly unknown[];
  distinct?: boolean;
  sorted?: boolean;
  name?: string;
  hints?: unknown;
}

/** A k-of-N choice (see {@link manyOf}). */
export class ManyOf extends ManyOfBase {
  constructor(init: ManyOfInit, options?: ConstructOptions) {
    // A clone passes a trusted init without the fields (its values are already checked).
    if (init.candidates !== undefined) checkCandidates('manyOf', init.candidates, init.name);
    const distinct = init.distinct ?? true;
    if (init.candidates !== undefined && distinct && init.k > init.candidates.length) {
      const where = init.name ? ` (${init.name})` : '';
      throw new SymbolicError(`manyOf${where}: cannot choose ${init.k} distinct values from ${init.candidates.length} candidates`);
    }
    super(init as never, options);
  }
  /** The field must hold a list whose element spec fits every candidate. */
  checkAgainst(spec: ValueSpec, loc: Loc | null, ctx: ValidationContext): void {
    if (spec.kind === 'any') return;
    if (spec.kind !== 'list') {
      report(ctx, loc, 'type', `expected ${spec.describeType()}, got manyOf (a list of ${this.k})`);
      return;
    }
    const list = spec as ListSpec;
    if ((list.minSize !== undefined && this.k < list.minSize) || (list.maxSize !== undefined && this.k > list.maxSize)) {
      report(ctx, loc, 'size', `expected ${list.describeType()}, got manyOf of ${this.k}`);
    }
    checkEach('manyOf', this.candidates, list.element, loc, ctx);
  }
}
markHyper(ManyOf);
registerClass('tsglove.manyOf', ManyOf as never);

/** Options of {@link manyOf}. */
export interface ManyOfOptions extends HyperOptions {
  /** Each candidate at most once (default true). */
  distinct?: boolean;
  /** Chosen candidates come in candidate order (default false). */
  sorted?: boolean;
}

/** Chooses `k` of `candidates` (see the module comment). */
export function manyOf<const C>(
  k: number,
  candidates: readonly C[],
  options: ManyOfOptions = {},
): Array<Unthunk<C>> & Hyper<Array<Unthunk<C>>> {
  const decided = dynamicDecide('manyOf', { k, candidates, ...options });
  if (decided.active) return decided.value as Array<Unthunk<C>> & Hyper<Array<Unthunk<C>>>;
  return new ManyOf({ k, candidates, ...options }) as unknown as Array<Unthunk<C>> & Hyper<Array<Unthunk<C>>>;
}

/** An ordering of all `candidates` (PyGlove's `permutate`: manyOf(n, candidates), distinct, unsorted). */
export function permutate<const C>(candidates: readonly C[], options: HyperOptions = {}): Array<Unthunk<C>> & Hyper<Array<Unthunk<C>>> {
  return manyOf(candidates.length, candidates, { ...options, distinct: true, sorted: false });
}
