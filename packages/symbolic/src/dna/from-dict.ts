/**
 * `DNA.fromDict`: the inverse of `dna.toDict()` — DNA from decisions keyed by decision point name or
 * id, given as candidate indices or as the chosen values themselves (`value: 'literal'`, the default:
 * `{ stem: 32, 'blocks[0].kernel': 7 }`, the way Optuna's `enqueue_trial` takes parameters).
 * A choice's nested decisions are read only for the chosen candidates. (A k-of-n choice that picks
 * one candidate twice, where that candidate holds decisions of its own, is not expressible as a
 * record — `toDict` keys nested decisions by candidate — and is refused.)
 */
import { SymbolicError } from '../errors.js';
import { format } from '../format.js';
import { DNA } from './dna.js';
import type { Choice, CustomPoint, DecisionPoint, DNASpec, FloatPoint } from './spec.js';

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
  const found = point.literals.findIndex((c) => c === value || (c !== null && typeof c === 'object' && format(c, { compact: true }) === wanted));
  if (found < 0) {
    const shown = point.literals.map((c) => (c !== null && typeof c === 'object' ? format(c, { compact: true }) : JSON.stringify(c)));
    fail(point, `${JSON.stringify(wanted)} is not one of the candidates [${shown.join(', ')}]`);
  }
  return found;
}

/** Builds DNA for `spec` from a `toDict`-style record (see the module comment). */
export function dnaFromDict(spec: DNASpec, record: Record<string, unknown>, options: FromDictOptions = {}): DNA {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) fail(undefined, `expected a record of decisions, got ${JSON.stringify(record)}`);
  const byLiteral = (options.value ?? 'literal') === 'literal';
  const all = spec.decisionPoints;
  const known = new Set(all.flatMap((p) => (p.name ? [p.name, p.id] : [p.id])));
  const unknown = Object.keys(record).filter((k) => !known.has(k));
  if (unknown.length) fail(undefined, `no decision point named ${unknown.map((k) => JSON.stringify(k)).join(', ')} (decision points: ${all.map((p) => p.name ?? p.id).join(', ')})`);

  const lookup = (point: DecisionPoint): unknown => {
    if (point.name !== undefined && point.name in record) return record[point.name];
    if (point.id in record) return record[point.id];
    return fail(point, 'missing (every active decision needs a value)');
  };
  const indexOf = (point: Choice, value: unknown): number => {
    if (byLiteral) return literalIndex(point, value);
    if (!Number.isInteger(value) || (value as number) < 0 || (value as number) >= point.candidates.length) {
      fail(point, `expected a candidate index in [0, ${point.candidates.length - 1}], got ${JSON.stringify(value)}`);
    }
    return value as number;
  };
  const space = (s: DNASpec): DNA[] => s.elements.map(decide);
  const decide = (decisionPoint: DecisionPoint): DNA => {
    // By kind, not instanceof: this module needs only the types of spec.ts (no import cycle).
    const point = decisionPoint as Choice | FloatPoint | CustomPoint;
    const value = lookup(point);
    if (point.kind === 'choice') {
      const sub = (idx: number): DNA => new DNA(idx, space(point.candidates[idx]!));
      if (point.numChoices === 1) return sub(indexOf(point, value));
      if (!Array.isArray(value)) fail(point, `expected ${point.numChoices} values, got ${JSON.stringify(value)}`);
      const indices = value.map((v) => indexOf(point, v));
      const repeated = indices.find((idx, i) => indices.indexOf(idx) !== i && point.candidates[idx]!.elements.length > 0);
      if (repeated !== undefined) {
        // toDict keys nested decisions by candidate, so two picks of one candidate would share them.
        fail(point, `candidate ${repeated} is chosen twice and has nested decisions, which a record cannot tell apart; use DNA.fromNumbers or DNA.fromJSON`);
      }
      return new DNA(null, indices.map(sub));
    }
    if (point.kind === 'float') {
      if (typeof value !== 'number') fail(point, `expected a number, got ${JSON.stringify(value)}`);
      return new DNA(value);
    }
    if (point.kind === 'custom') {
      if (typeof value !== 'number' && typeof value !== 'string') fail(point, `expected the custom decision's number or string, got ${JSON.stringify(value)}`);
      return new DNA(value);
    }
    return fail(decisionPoint, 'unknown kind of decision point');
  };
  const dna = new DNA(null, space(spec));
  spec.validate(dna);
  dna.spec = spec;
  return dna;
}
