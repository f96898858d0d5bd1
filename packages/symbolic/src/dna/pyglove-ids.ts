/**
 * Decision ids as PyGlove writes them. tsglove keeps one `Choice` per `manyOf` (what algorithms
 * work with); PyGlove lists one decision per *subchoice*: `x[0]`, `x[1]`, and the decisions inside
 * the candidate a subchoice picked under that subchoice, `x[0][=1/3].b`. This file maps between
 * the two, and renders `toDict` records in either form:
 *
 * - `form: 'pyglove'` (default): PyGlove's keys — subchoices by their own ids; with `key: 'name'`,
 *   PyGlove's `name_or_id` (a named `manyOf` lists its subchoices' values under its name).
 * - `form: 'parent'`: one key per `Choice` (a `manyOf`'s values as a list under its id) and the
 *   nested ids shared by all subchoices (`x[=1/3].b`) — tsglove's first form.
 */
import { format } from '../format.js';
import type { DNA, ToDictOptions } from './dna.js';
import type { Choice, CustomPoint, DecisionPoint, DNASpec, FloatPoint } from './dna-spec.js';

// By kind, not instanceof: this module needs only the types of dna-spec.ts (no import cycle).
const isChoice = (p: DecisionPoint): p is Choice => p.kind === 'choice';
const isFloat = (p: DecisionPoint): p is FloatPoint => p.kind === 'float';
const isCustom = (p: DecisionPoint): p is CustomPoint => p.kind === 'custom';

/** One decision as PyGlove lists it. */
export interface PyGlovePoint {
  /** PyGlove's id (`x[0]`, `x[0][=1/3].b`). */
  id: string;
  /** The tsglove decision point (for a subchoice: its `manyOf` Choice). */
  point: DecisionPoint;
  /** The subchoice index for a `manyOf`, else null. */
  subchoice: number | null;
}

/** Maps a tsglove id to the PyGlove id in the current subchoice context. */
export type Rename = (id: string) => string;

export const identity: Rename = (id) => id;

/** The renaming inside subchoice `j` of `choice` (its nested ids gain `[j]`). */
export function inSubchoice(rename: Rename, choice: Choice, j: number): Rename {
  const parent = rename(choice.id);
  const from = `${parent}[=`;
  return (id) => {
    const r = rename(id);
    return r.startsWith(from) ? `${parent}[${j}][=${r.slice(from.length)}` : r;
  };
}

/** Every decision of `spec` as PyGlove lists it, depth first (inactive ones included). */
export function pyglovePoints(spec: DNASpec): PyGlovePoint[] {
  const out: PyGlovePoint[] = [];
  const walk = (space: DNASpec, rename: Rename): void => {
    for (const e of space.elements) {
      const id = rename(e.id);
      if (isChoice(e) && e.numChoices > 1) {
        for (let j = 0; j < e.numChoices; j++) {
          out.push({ id: `${id}[${j}]`, point: e, subchoice: j });
          for (const c of e.candidates) walk(c, inSubchoice(rename, e, j));
        }
      } else {
        out.push({ id, point: e, subchoice: null });
        if (isChoice(e)) for (const c of e.candidates) walk(c, rename);
      }
    }
  };
  walk(spec, identity);
  return out;
}

function literalOf(candidate: unknown): unknown {
  return candidate === null || typeof candidate !== 'object' ? candidate : format(candidate, { compact: true });
}

/** The decisions of `dna` as a record (see the module comment). */
export function describeDNA(spec: DNASpec, dna: DNA, options: ToDictOptions = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const byName = options.key === 'name';
  const literal = options.value === 'literal';
  const parentForm = options.form === 'parent';
  const choiceValue = (point: Choice, index: number): unknown => (literal ? literalOf(point.literals[index]) : index);
  const walk = (space: DNASpec, children: readonly DNA[], rename: Rename): void => {
    space.elements.forEach((e, i) => {
      const node = children[i]!;
      const id = parentForm ? e.id : rename(e.id);
      const key = byName && e.name !== undefined ? e.name : id;
      if (isChoice(e)) {
        const subs = e.numChoices === 1 ? [node] : node.children;
        if (e.numChoices === 1) out[key] = choiceValue(e, node.value as number);
        else if (parentForm || (byName && e.name !== undefined)) out[key] = subs.map((s) => choiceValue(e, s.value as number));
        else subs.forEach((s, j) => (out[`${id}[${j}]`] = choiceValue(e, s.value as number)));
        subs.forEach((s, j) => {
          const inner = parentForm || e.numChoices === 1 ? rename : inSubchoice(rename, e, j);
          walk(e.candidates[s.value as number]!, s.children, inner);
        });
      } else if (isFloat(e)) {
        out[key] = node.value;
      } else if (isCustom(e)) {
        out[key] = literal ? literalOf(e.hyper.decode(node.value as string | number)) : node.value;
      }
    });
  };
  walk(spec, dna.children, identity);
  return out;
}
