/**
 * `encode(space, value)`: the DNA that makes `value` from `space` — the inverse of `materialize`
 * (PyGlove's `pg.template(space).encode(value)`), e.g. to start a search from a known good model.
 * The space and the value are walked together: a `oneOf` takes the first candidate the value
 * matches (candidates may hold decisions of their own), a `manyOf` matches each element, a
 * `floatValue` takes the number if it is in range, an `evolve` point its value; everything else must
 * be equal. A value the space cannot make is an error naming the path.
 */
import { SymbolicError } from '../errors.js';
import { eq } from '../eq.js';
import { isHyper } from '../value-spec.js';
import { isNode, N_GET } from '../node.js';
import { SymObject } from '../object.js';
import { childrenOf } from '../traverse.js';
import { joinPath, type Key } from '../path.js';
import { OneOf } from '../hyper/one-of.js';
import { ManyOf } from '../hyper/many-of.js';
import { FloatValue } from '../hyper/float-value.js';
import { CustomHyper, Evolvable } from '../hyper/custom.js';
import { format } from '../format.js';
import { DNA } from './dna.js';
import { dnaSpec } from './build.js';
import type { DNASpec } from './dna-spec.js';

class NoMatch extends Error {
  constructor(
    readonly path: string,
    readonly why: string,
  ) {
    super(why);
  }
}

function childOf(value: unknown, key: Key): unknown {
  if (isNode(value)) return value[N_GET](key);
  return (value as Record<string | number, unknown>)[key];
}

function sameKind(template: unknown, value: unknown): boolean {
  if (template instanceof SymObject) return value instanceof SymObject && value.constructor === template.constructor;
  if (Array.isArray(template)) return Array.isArray(value) && value.length === template.length;
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof SymObject);
}

/** The DNA of `value` below `template` (one entry per decision point, in spec order). */
function match(template: unknown, value: unknown, path: string): DNA[] {
  if (isHyper(template)) {
    if (template instanceof OneOf) return [choose(template.candidates, value, path)];
    if (template instanceof ManyOf) {
      if (!Array.isArray(value) || value.length !== template.k)
        throw new NoMatch(path, `expected ${template.k} values for manyOf, got ${short(value)}`);
      const subs = value.map((v, j) => choose(template.candidates, v, joinPath(path, j)));
      return template.k === 1 ? subs : [new DNA(null, subs)];
    }
    if (template instanceof FloatValue) {
      if (typeof value !== 'number' || !(value >= template.min && value <= template.max)) {
        throw new NoMatch(path, `expected a float in [${template.min}, ${template.max}], got ${short(value)}`);
      }
      return [new DNA(value)];
    }
    if (template instanceof Evolvable) return [new DNA(template.encode(value))];
    if (template instanceof CustomHyper)
      throw new NoMatch(path, `a ${template.constructor.name} decision cannot be encoded from its value`);
  }
  const children = childrenOf(template);
  if (children === null) {
    if (!eq(template, value)) throw new NoMatch(path, `expected ${short(template)}, got ${short(value)}`);
    return [];
  }
  if (!sameKind(template, value)) throw new NoMatch(path, `expected ${short(template)}, got ${short(value)}`);
  const out: DNA[] = [];
  const keys = new Set<Key>();
  for (const [key, sub] of children) {
    keys.add(key);
    out.push(...match(sub, childOf(value, key), joinPath(path, key)));
  }
  const extra = (childrenOf(value) ?? []).find(([key]) => !keys.has(key));
  if (extra) throw new NoMatch(joinPath(path, extra[0]), 'not in the space');
  return out;
}

/** The first candidate that `value` matches, as a choice node. */
function choose(candidates: readonly unknown[], value: unknown, path: string): DNA {
  let first: NoMatch | undefined;
  for (let i = 0; i < candidates.length; i++) {
    try {
      return new DNA(i, match(candidates[i], value, path));
    } catch (error) {
      if (!(error instanceof NoMatch)) throw error;
      first ??= error;
    }
  }
  throw new NoMatch(
    path,
    `${short(value)} is none of the ${candidates.length} candidates (first: ${first!.path || '<root>'}: ${first!.why})`,
  );
}

function short(value: unknown): string {
  const text = format(value, { compact: true });
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** The DNA that makes `value` from `space` (see the module comment). */
export function encode(space: unknown, value: unknown, spec: DNASpec = dnaSpec(space)): DNA {
  let children: DNA[];
  try {
    children = match(space, value, '');
  } catch (error) {
    if (error instanceof NoMatch) throw new SymbolicError(`encode: ${error.path || '<root>'}: ${error.why}`, error.path);
    throw error;
  }
  const dna = new DNA(null, children);
  spec.validate(dna);
  dna.spec = spec;
  return dna;
}
