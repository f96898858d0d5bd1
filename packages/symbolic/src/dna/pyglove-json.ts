/**
 * DNA in PyGlove's JSON: what `pg.to_json(dna)` writes and `pg.from_json` reads —
 * `{ "_type": "pyglove.core.geno.base.DNA", "format": "compact", "value": ..., "metadata"?: {...} }`.
 *
 * The compact value follows PyGlove's DNA tree, which drops trivial nodes: a node without a value
 * and with one child is that child, and a value's single child without a value of its own gives its
 * children to the parent. Then a node is its value (a leaf), a list of its children (no value), a
 * tuple `[value, child]` (one child; a child that is a tuple is spliced in: `(0, 1, 2)`), or
 * `[value, [children...]]` (several). JSON writes tuples as `["__tuple__", ...items]`.
 *
 * Flattening the compact value gives the DNA's numbers, so with a spec `fromPyGlove` reads it back
 * exactly through `fromNumbers`; without a spec it builds PyGlove's (normalized) tree shape.
 */
import { SymbolicError } from '../errors.js';
import { DNA, type DNAValue } from './dna.js';
import type { DNASpec } from './dna-spec.js';

/** The `_type` PyGlove writes for DNA. */
export const PYGLOVE_DNA_TYPE = 'pyglove.core.geno.base.DNA';
const TUPLE = '__tuple__';

/** PyGlove's JSON of one DNA. */
export interface PyGloveDNAJSON {
  _type: typeof PYGLOVE_DNA_TYPE;
  format: 'compact';
  value: unknown;
  metadata?: Record<string, unknown>;
}

interface Node {
  value: DNAValue;
  children: Node[];
}

/** PyGlove's normalization of a DNA tree (see the module comment). */
function normalize(dna: DNA): Node {
  let children = dna.children.map(normalize);
  if (children.length === 1 && children[0]!.value === null) children = children[0]!.children;
  if (dna.value === null && children.length === 1) return children[0]!;
  return { value: dna.value, children };
}

type Compact = DNAValue | Compact[] | { tuple: Compact[] };

function compact(node: Node): Compact {
  if (node.children.length === 0) return node.value;
  const children = node.children.map(compact);
  if (node.value === null) return children;
  if (children.length === 1) {
    const single = children[0]!;
    return single !== null && typeof single === 'object' && !Array.isArray(single)
      ? { tuple: [node.value, ...single.tuple] }
      : { tuple: [node.value, single] };
  }
  return { tuple: [node.value, children] };
}

function toJSONValue(c: Compact): unknown {
  if (Array.isArray(c)) return c.map(toJSONValue);
  if (c !== null && typeof c === 'object') return [TUPLE, ...c.tuple.map(toJSONValue)];
  return c;
}

/** PyGlove's JSON of `dna` (metadata included when not empty). */
export function dnaToPyGlove(dna: DNA): PyGloveDNAJSON {
  const out: PyGloveDNAJSON = { _type: PYGLOVE_DNA_TYPE, format: 'compact', value: toJSONValue(compact(normalize(dna))) };
  if (Object.keys(dna.metadata).length) out.metadata = JSON.parse(JSON.stringify(dna.metadata)) as Record<string, unknown>;
  return out;
}

function isTuple(v: unknown): v is unknown[] {
  return Array.isArray(v) && v[0] === TUPLE;
}

function check(json: unknown): PyGloveDNAJSON {
  if (json === null || typeof json !== 'object' || Array.isArray(json))
    throw new SymbolicError('DNA.fromPyGlove: expected the JSON object pg.to_json(dna) writes');
  const j = json as Record<string, unknown>;
  if (j._type !== PYGLOVE_DNA_TYPE)
    throw new SymbolicError(`DNA.fromPyGlove: _type must be "${PYGLOVE_DNA_TYPE}", got ${JSON.stringify(j._type)}`);
  if (j.format !== 'compact')
    throw new SymbolicError(`DNA.fromPyGlove: only the compact format is read (pg.to_json's default), got ${JSON.stringify(j.format)}`);
  if (j.metadata !== undefined && (j.metadata === null || typeof j.metadata !== 'object' || Array.isArray(j.metadata))) {
    throw new SymbolicError('DNA.fromPyGlove: metadata must be an object');
  }
  return j as unknown as PyGloveDNAJSON;
}

/** The numbers of a compact value, depth first (strings of custom decisions kept). */
function flatten(value: unknown, path: string, out: Array<number | string>): void {
  if (value === null) return;
  if (typeof value === 'number' || typeof value === 'string') {
    out.push(value);
    return;
  }
  if (Array.isArray(value)) {
    const items = isTuple(value) ? value.slice(1) : value;
    items.forEach((v, i) => flatten(v, `${path}[${i}]`, out));
    return;
  }
  throw new SymbolicError(`DNA.fromPyGlove: value${path}: expected a number, string, list or tuple, got ${JSON.stringify(value)}`);
}

/** PyGlove's tree shape of a compact value (no spec to restore tsglove's). */
function parse(value: unknown, path: string): DNA {
  if (value === null || typeof value === 'number' || typeof value === 'string') return new DNA(value);
  if (!Array.isArray(value))
    throw new SymbolicError(`DNA.fromPyGlove: value${path}: expected a number, string, list or tuple, got ${JSON.stringify(value)}`);
  if (!isTuple(value))
    return new DNA(
      null,
      value.map((v, i) => parse(v, `${path}[${i}]`)),
    );
  const items = value.slice(1);
  if (items.length < 2) throw new SymbolicError(`DNA.fromPyGlove: value${path}: a tuple needs a value and at least one child`);
  const head = items[0];
  if (typeof head !== 'number')
    throw new SymbolicError(`DNA.fromPyGlove: value${path}: a tuple starts with a choice index, got ${JSON.stringify(head)}`);
  if (items.length === 2) {
    const rest = items[1];
    if (Array.isArray(rest) && !isTuple(rest))
      return new DNA(
        head,
        rest.map((v, i) => parse(v, `${path}[1][${i}]`)),
      );
    return new DNA(head, [parse(rest, `${path}[1]`)]);
  }
  return new DNA(head, [parse([TUPLE, ...items.slice(1)], path)]);
}

/**
 * DNA from PyGlove's JSON. With `spec`, exactly the DNA tsglove makes for that space (validated,
 * errors name the decision); without, PyGlove's normalized tree with the same numbers.
 */
export function dnaFromPyGlove(json: unknown, spec?: DNASpec): DNA {
  const j = check(json);
  let dna: DNA;
  if (spec) {
    const numbers: Array<number | string> = [];
    flatten(j.value, '', numbers);
    dna = spec.fromNumbers(numbers);
  } else {
    dna = parse(j.value, '');
    if (dna.value !== null) dna = new DNA(null, [dna]);
  }
  if (j.metadata) dna.metadata = { ...j.metadata };
  return dna;
}

// The DNA methods (declared in dna.ts; installed here so dna.ts does not import this module).
DNA.prototype.toPyGlove = function (this: DNA) {
  return dnaToPyGlove(this);
};
DNA.fromPyGlove = dnaFromPyGlove;
