/**
 * `oneOf(candidates)`: choose one candidate. Candidates may hold hyper values themselves, which makes
 * the space conditional (their decisions exist only when that candidate is chosen).
 */
import { symbolic, type ConstructOptions } from '../object.js';
import { t } from '../t.js';
import { at, newContext, report, type Hyper, type Loc, type ValidationContext, type ValueSpec } from '../value-spec.js';
import { SymbolicError } from '../errors.js';
import { eq } from '../eq.js';
import { format } from '../format.js';
import { registerClass } from '../registry.js';
import { markHyper, type HyperOptions, type Unthunk } from './base.js';
import { dynamicDecide } from './dynamic-hook.js';

/** Checks that candidates are non-empty and pairwise distinct. */
export function checkCandidates(kind: string, candidates: readonly unknown[], name?: string): void {
  const where = name ? ` (${name})` : '';
  if (!Array.isArray(candidates) || candidates.length === 0) {
    throw new SymbolicError(`${kind}${where}: candidates must be a non-empty array`);
  }
  for (let i = 0; i < candidates.length; i++) {
    for (let j = 0; j < i; j++) {
      if (eq(candidates[i], candidates[j])) {
        throw new SymbolicError(`${kind}${where}: candidates ${j} and ${i} are equal (${format(candidates[i], { compact: true })})`);
      }
    }
  }
}

/** Checks each candidate against a spec, reporting at `loc` with the candidate index. */
export function checkEach(kind: string, candidates: readonly unknown[], spec: ValueSpec, loc: Loc | null, ctx: ValidationContext): void {
  candidates.forEach((candidate, i) => {
    const trial = newContext(true);
    spec.apply(candidate, at(loc, `candidates[${i}]`), trial);
    for (const issue of trial.issues) {
      report(ctx, loc, 'candidate', `${kind} candidate ${i}: ${issue.message}`);
    }
  });
}

const OneOfBase = symbolic('tsglove.oneOf', {
  candidates: t.list(t.any(), { minSize: 1 }),
  name: t.str().optional(),
  hints: t.any().optional(),
});

/** A one-of-N choice (see {@link oneOf}). */
export class OneOf extends OneOfBase {
  constructor(init: { candidates: readonly unknown[]; name?: string; hints?: unknown }, options?: ConstructOptions) {
    // A clone passes a trusted init without the fields (its values are already checked).
    if (init.candidates !== undefined) checkCandidates('oneOf', init.candidates, init.name);
    super(init as never, options);
  }
  /** Every candidate must fit the spec of the field holding this choice. */
  checkAgainst(spec: ValueSpec, loc: Loc | null, ctx: ValidationContext): void {
    checkEach('oneOf', this.candidates, spec, loc, ctx);
  }
}
markHyper(OneOf);
registerClass('tsglove.oneOf', OneOf as never);

/**
 * Chooses one of `candidates`. Place the result in a field (a `t.int()` field accepts
 * `oneOf([3, 5, 7])`) or in a plain object/array; inside a dynamic-evaluation context it returns
 * the decided candidate instead.
 */
export function oneOf<const C>(candidates: readonly C[], options: HyperOptions = {}): Unthunk<C> & Hyper<Unthunk<C>> {
  const decided = dynamicDecide('oneOf', { candidates, ...options });
  if (decided.active) return decided.value as Unthunk<C> & Hyper<Unthunk<C>>;
  return new OneOf({ candidates, ...options }) as unknown as Unthunk<C> & Hyper<Unthunk<C>>;
}
