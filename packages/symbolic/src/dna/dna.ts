/**
 * DNA: the genotype of one point of a search space — a small tree of plain records, never a
 * symbolic object. Node shapes follow the DNASpec:
 * - a space (the root, or a candidate's sub-space): `value` null, one child per decision point;
 * - a one-of choice: `value` = candidate index, children = the chosen candidate's decision points;
 * - a k-of-n choice: `value` null, k children, each a one-of-like node (index + sub-space children);
 * - a float: `value` = the float; a custom point: `value` = its number or string.
 * `toNumbers()` flattens it depth first exactly as PyGlove does (a choice's index, then its chosen
 * candidate's numbers; one index per sub-choice of a k-of-n choice; floats as their value).
 */
import { SymbolicError } from '../errors.js';
import type { DNASpec } from './dna-spec.js';
import type { PyGloveDNAJSON } from './pyglove-json.js';

/** What a DNA node holds. */
export type DNAValue = number | string | null;

/** Options of {@link DNA.toDict}. */
export interface ToDictOptions {
  /** Key entries by decision id or by name where one is given (default 'id'). */
  key?: 'id' | 'name';
  /** Give candidate indices or the chosen literal values (default 'index'). */
  value?: 'index' | 'literal';
  /**
   * `pyglove` (default): PyGlove's keys — one entry per `manyOf` subchoice (`x[0]`, `x[1]`) and
   * nested decisions under their subchoice (`x[0][=1/3].b`); with `key: 'name'`, a named `manyOf`
   * lists its values under its name (PyGlove's `name_or_id`). `parent`: one entry per decision
   * point, a `manyOf`'s values as a list, nested ids shared by its subchoices (`x[=1/3].b`).
   */
  form?: 'pyglove' | 'parent';
}

/** A DNA JSON node: `[value, ...children]` when it has children, else the value. */
export type DNAJSON = DNAValue | [DNAValue, ...DNAJSON[]];

/** One point of a search space (see the module comment). */
export class DNA {
  /** Free slot for algorithms (e.g. generation, reward, parent ids); copied by `clone`. */
  metadata: Record<string, unknown>;
  /** The spec this DNA was made for (set by spec methods and `fromNumbers`). */
  spec?: DNASpec;

  /** PyGlove's JSON of this DNA: what `pg.to_json(dna)` gives (see pyglove-json.ts). */
  declare toPyGlove: () => PyGloveDNAJSON;
  /**
   * DNA from PyGlove's JSON (`pg.to_json(dna)`): with `spec`, exactly tsglove's DNA for that space;
   * without, PyGlove's tree shape with the same numbers (see pyglove-json.ts).
   */
  declare static fromPyGlove: (json: unknown, spec?: DNASpec) => DNA;

  constructor(
    readonly value: DNAValue,
    readonly children: readonly DNA[] = [],
    metadata: Record<string, unknown> = {},
  ) {
    this.metadata = metadata;
  }

  /**
   * Flat numbers, PyGlove-compatible (see the module comment). A custom decision whose value is a
   * string keeps the string in its place, as PyGlove's `to_numbers` does (so the result is all
   * numbers unless the space has such a custom point). The element type defaults to `number` so
   * numeric code stays simple; ask for `toNumbers<number | string>()` when a space has string
   * custom decisions.
   */
  toNumbers<N extends number | string = number>(): N[] {
    const out: N[] = [];
    const walk = (d: DNA): void => {
      if (d.value !== null) out.push(d.value as N);
      for (const c of d.children) walk(c);
    };
    walk(this);
    return out;
  }

  /**
   * DNA from decisions keyed by decision point name or id, as `toDict` gives them: the chosen values
   * (`{ value: 'literal' }`, default) or candidate indices (`{ value: 'index' }`). Errors name the
   * decision point.
   */
  static fromDict(record: Record<string, unknown>, spec: DNASpec, options?: { value?: 'literal' | 'index' }): DNA {
    return spec.fromDict(record, options);
  }

  /** Rebuilds DNA from flat numbers for `spec` (errors name the decision point). */
  static fromNumbers(numbers: ReadonlyArray<number | string>, spec: DNASpec): DNA {
    return spec.fromNumbers(numbers);
  }

  /** Compact JSON: `[value, ...children]` nested arrays (see {@link DNAJSON}). */
  toJSON(): DNAJSON {
    const children = this.children;
    if (children.length === 0) return this.value;
    const out: [DNAValue, ...DNAJSON[]] = [this.value];
    for (let i = 0; i < children.length; i++) out.push(children[i]!.toJSON());
    return out;
  }

  /** Parses {@link toJSON} output (optionally checking it against a spec). */
  static fromJSON(json: unknown, spec?: DNASpec): DNA {
    const parse = (j: unknown, path: string): DNA => {
      if (j === null || typeof j === 'number' || typeof j === 'string') return new DNA(j);
      if (Array.isArray(j) && j.length >= 1) {
        const head = j[0];
        if (head !== null && typeof head !== 'number' && typeof head !== 'string') {
          throw new SymbolicError(`DNA.fromJSON: ${path}[0] must be a number, string or null`);
        }
        return new DNA(
          head,
          j.slice(1).map((c, i) => parse(c, `${path}[${i + 1}]`)),
        );
      }
      throw new SymbolicError(`DNA.fromJSON: ${path || '<root>'} is not a DNA node (got ${JSON.stringify(j)})`);
    };
    const dna = parse(json, '');
    if (spec) {
      spec.validate(dna);
      dna.spec = spec;
    }
    return dna;
  }

  /** Decisions as a record keyed by decision point id or name (needs `spec`). */
  toDict(options: ToDictOptions = {}): Record<string, unknown> {
    if (!this.spec) throw new SymbolicError('dna.toDict: this DNA has no spec (make it with a DNASpec or pass one to fromNumbers)');
    return this.spec.toDict(this, options);
  }

  /** Structural equality of values and children (metadata ignored). */
  equals(other: DNA): boolean {
    if (this.value !== other.value && !(Number.isNaN(this.value) && Number.isNaN(other.value))) return false;
    if (this.children.length !== other.children.length) return false;
    for (let i = 0; i < this.children.length; i++) if (!this.children[i]!.equals(other.children[i]!)) return false;
    return true;
  }

  /** A string that is equal for equal DNA (for maps and de-duplication). */
  key(): string {
    return JSON.stringify(this.toJSON());
  }

  /** A copy with the same spec and a shallow copy of the metadata. */
  clone(): DNA {
    const copy = new DNA(this.value, this.children, { ...this.metadata });
    copy.spec = this.spec;
    return copy;
  }

  /** `DNA(0, [1, 2])`-style rendering. */
  toString(): string {
    return `DNA(${JSON.stringify(this.toJSON())})`;
  }
}
