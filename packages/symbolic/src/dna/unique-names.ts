/**
 * Decision names must be unique among the decisions that can be active together: `toDict({ key:
 * 'name' })`, `fromDict` and studies' parameters key decisions by name, so two decisions called `k`
 * would overwrite each other. Decisions in different candidates of one choice are never active
 * together, so they may share a name; so may a choice and the decisions inside its candidates
 * (dynamic evaluation scopes names per branch: `decision_0[=0/2].decision_0`).
 */
import { SymbolicError } from '../errors.js';
import { Choice, type DNASpec } from './dna-spec.js';

/** Throws a `SymbolicError` naming both decisions when two that can be active together share a name. */
export function checkUniqueNames(spec: DNASpec): void {
  namesOf(spec);
}

/** Names that can be active in `space`, each with the id of its decision; throws on a clash. */
function namesOf(space: DNASpec): Map<string, string> {
  const names = new Map<string, string>();
  const add = (name: string, id: string) => {
    const other = names.get(name);
    if (other !== undefined) {
      throw new SymbolicError(
        `${id}: decision name ${JSON.stringify(name)} is also the name of ${other}; decisions that can be chosen together need distinct names ` +
          '(rename one, e.g. oneOf(..., { name: ... }))',
        id,
      );
    }
    names.set(name, id);
  };
  for (const e of space.elements) {
    const inner = new Map<string, string>();
    if (e instanceof Choice) {
      for (const candidate of e.candidates) {
        // Candidates of a one-of are alternatives: their names may repeat across candidates.
        for (const [name, id] of namesOf(candidate)) if (!inner.has(name)) inner.set(name, id);
      }
    }
    if (e.name !== undefined) inner.set(e.name, e.id);
    for (const [name, id] of inner) add(name, id);
  }
  return names;
}
