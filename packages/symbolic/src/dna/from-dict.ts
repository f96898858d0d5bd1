/**
 * `DNA.fromDict`: the inverse of `dna.toDict()` — DNA from decisions keyed by decision name or id,
 * given as candidate indices or as the chosen values themselves (`value: 'literal'`, the default:
 * `{ stem: 32, 'blocks[0].kernel': 7 }`, the way Optuna's `enqueue_trial` takes parameters).
 * Both key forms of `toDict` are read (see pyglove-ids.ts): PyGlove's (`x[0]`, `x[1]`,
 * `x[0][=1/3].b`) and the per-parent one (`x: [..]`, `x[=1/3].b`). A choice's nested decisions
 * are read only for the chosen candidates. (In the per-parent form, a k-of-n choice that picks
 * one candidate twice, where that candidate holds decisions of its own, cannot be told apart and
 * is refused; PyGlove's keys can.)
 */
import { SymbolicError } from '../errors.js';
import { format } from '../format.js';
import { DNA } from './dna.js';
import type { Choice, CustomPoint, DecisionPoint, DNASpec, FloatPoint } from './dna-spec.js';
import { identity, inSubchoice, pyglovePoints, type Rename } from './pyglove-ids.js';

/** Options of {@link dnaFromDict}. */
export interface FromDictOptions {
  /** Choice values are the chosen literals (default) or candidate indices. */
  value?: 'literal' | 'index';
}

function fail(point: DecisionPoint | undefined, message: string): never {
  throw new SymbolicError(`DNA.fromDict: ${point ? `${point.name ?? point.id}: ` : ''}${message}`, point?.id ?? '');
}

/** Index of the candidate whose value is `value` (primitives by identity, objects by their format). */
function literalIndex(point: Choice, value: unknown): number {
  const wanted = value !== null && typeof value === 'object' ? format(value, { compact: true }) : value;
  const found = point.literals.findIndex(
    (c) => c === value || (c !== null && typeof c === 'object' && format(c, { compact: true }) === wanted),
  );
  if (found < 0) {
    const shown = point.literals.map((c) => (c !== null && typeof c === 'object' ? format(c, { compact: true }) : JSON.stringify(c)));
    fail(point, `${JSON.stringify(wanted)} is not one of the candidates [${shown.join(', ')}]`);
  }
  return found;
}

/** Builds DNA for `spec` from a `toDict`-style record (see the module comment). */
export function dnaFromDict(spec: DNASpec, record: Record<string, unknown>, options: FromDictOptions = {}): DNA {
  if (record === null || typeof record !== 'object' || Array.isArray(record))
    fail(undefined, `expected a record of decisions, got ${JSON.stringify(record)}`);
  const byLiteral = (options.value ?? 'literal') === 'literal';
  const all = spec.decisionPoints;
  const known = new Set(all.flatMap((p) => (p.name ? [p.name, p.id] : [p.id])));
  for (const p of pyglovePoints(spec)) known.add(p.id);
  const unknown = Object.keys(record).filter((k) => !known.has(k));
  if (unknown.length)
    fail(
      undefined,
      `no decision point named ${unknown.map((k) => JSON.stringify(k)).join(', ')} (decision points: ${all.map((p) => p.name ?? p.id).join(', ')})`,
    );

  const has = (key: string): boolean => Object.hasOwn(record, key);
  const lookup = (point: DecisionPoint, rename: Rename): unknown => {
    if (point.name !== undefined && has(point.name)) return record[point.name];
    const pg = rename(point.id);
    if (has(pg)) return record[pg];
    if (has(point.id)) return record[point.id];
    return fail(point, `missing (every active decision needs a value${pg !== point.id ? `; key "${pg}"` : ''})`);
  };
  const indexOf = (point: Choice, value: unknown): number => {
    if (byLiteral) return literalIndex(point, value);
    if (!Number.isInteger(value) || (value as number) < 0 || (value as number) >= point.candidates.length) {
      fail(point, `expected a candidate index in [0, ${point.candidates.length - 1}], got ${JSON.stringify(value)}`);
    }
    return value as number;
  };
  const space = (s: DNASpec, rename: Rename): DNA[] => s.elements.map((e) => decide(e, rename));
  const decide = (decisionPoint: DecisionPoint, rename: Rename): DNA => {
    // By kind, not instanceof: this module needs only the types of dna-spec.ts (no import cycle).
    const point = decisionPoint as Choice | FloatPoint | CustomPoint;
    if (point.kind === 'choice') {
      const sub = (idx: number, inner: Rename): DNA => new DNA(idx, space(point.candidates[idx]!, inner));
      if (point.numChoices === 1) return sub(indexOf(point, lookup(point, rename)), rename);
      const pg = rename(point.id);
      if (point.numChoices === 0 && !has(pg) && !(point.name !== undefined && has(point.name))) return new DNA(null, []); // nothing to choose
      const parentForm = (point.name !== undefined && has(point.name)) || has(point.id) || !has(`${pg}[0]`);
      if (!parentForm) {
        // PyGlove's keys: one per subchoice, nested decisions under their subchoice.
        return new DNA(
          null,
          Array.from({ length: point.numChoices }, (_, j) => {
            const key = `${pg}[${j}]`;
            if (!has(key)) fail(point, `missing subchoice "${key}"`);
            return sub(indexOf(point, record[key]), inSubchoice(rename, point, j));
          }),
        );
      }
      const value = lookup(point, rename);
      if (!Array.isArray(value)) fail(point, `expected ${point.numChoices} values, got ${JSON.stringify(value)}`);
      const indices = value.map((v) => indexOf(point, v));
      const repeated = indices.find((idx, i) => indices.indexOf(idx) !== i && point.candidates[idx]!.elements.length > 0);
      if (repeated !== undefined) {
        // The per-parent form keys nested decisions by candidate, so two picks of one candidate would share them.
        fail(
          point,
          `candidate ${repeated} is chosen twice and has nested decisions, which the per-parent form cannot tell apart; use PyGlove's keys (${pg}[0], ${pg}[1], ...), DNA.fromNumbers or DNA.fromJSON`,
        );
      }
      return new DNA(
        null,
        indices.map((idx) => sub(idx, rename)),
      );
    }
    const value = lookup(point, rename);
    if (point.kind === 'float') {
      if (typeof value !== 'number') fail(point, `expected a number, got ${JSON.stringify(value)}`);
      return new DNA(value);
    }
    if (point.kind === 'custom') {
      if (typeof value !== 'number' && typeof value !== 'string')
        fail(point, `expected the custom decision's number or string, got ${JSON.stringify(value)}`);
      return new DNA(value);
    }
    return fail(decisionPoint, 'unknown kind of decision point');
  };
  const dna = new DNA(null, space(spec, identity));
  spec.validate(dna);
  dna.spec = spec;
  return dna;
}
