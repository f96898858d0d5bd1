/**
 * `dnaSpec(space)`: walks a space (symbolic tree or plain objects/arrays) in field order, depth
 * first, and turns each hyper value into a decision point; candidates become sub-spaces.
 */
import { isHyper } from '../value-spec.js';
import { childrenOf } from '../traverse.js';
import { joinPath } from '../path.js';
import { isNode } from '../node.js';
import { mutationEpoch } from '../mutate.js';
import { SymbolicError } from '../errors.js';
import { OneOf } from '../hyper/one-of.js';
import { ManyOf } from '../hyper/many-of.js';
import { FloatValue } from '../hyper/float-value.js';
import { CustomHyper } from '../hyper/custom.js';
import { Choice, CustomPoint, DNASpec, FloatPoint, type DecisionPoint } from './dna-spec.js';
import { checkUniqueNames } from './unique-names.js';

/** Objects that (when last seen) held hyper values below them: materialize rebuilds only these. */
export const HOLDERS = new WeakSet<object>();

const cache = new WeakMap<object, { epoch: number; spec: DNASpec }>();

/**
 * The DNASpec of a space. For a symbolic root the spec is cached until any symbolic tree changes;
 * plain-object spaces are walked on every call.
 */
export function dnaSpec(space: unknown): DNASpec {
  if (isNode(space)) {
    const hit = cache.get(space);
    if (hit && hit.epoch === mutationEpoch()) return hit.spec;
    const spec = buildSpace(space, '');
    checkUniqueNames(spec);
    cache.set(space, { epoch: mutationEpoch(), spec });
    return spec;
  }
  const spec = buildSpace(space, '');
  checkUniqueNames(spec);
  return spec;
}

function childId(prefix: string, relative: string): string {
  if (!prefix) return relative;
  if (!relative) return prefix;
  return relative.startsWith('[') ? prefix + relative : `${prefix}.${relative}`;
}

/** Builds the spec of one (sub-)space; `prefix` is the id prefix of its decision points. */
export function buildSpace(value: unknown, prefix: string): DNASpec {
  if (value === null || typeof value !== 'object') return new DNASpec([], prefix); // a literal candidate
  const elements: DecisionPoint[] = [];
  walk(value, '', { prefix, elements, seen: new Set() });
  return new DNASpec(elements, prefix);
}

interface Walk {
  prefix: string;
  elements: DecisionPoint[];
  seen: Set<object>;
}

// A module-level function, not a closure per call: cheaper, and tsx's keepNames wraps each closure.
function walk(v: unknown, path: string, state: Walk): boolean {
  if (isHyper(v)) {
    state.elements.push(makePoint(v, childId(state.prefix, path)));
    return true;
  }
  const children = childrenOf(v);
  if (!children) return false;
  if (state.seen.has(v as object)) throw new SymbolicError(`${childId(state.prefix, path) || '<root>'}: the space contains a cycle`);
  state.seen.add(v as object);
  let holds = false;
  for (const [k, child] of children) if (walk(child, joinPath(path, k), state)) holds = true;
  state.seen.delete(v as object); // only an ancestor seen again is a cycle; shared parts are fine
  if (holds) HOLDERS.add(v as object);
  return holds;
}

function makePoint(hyper: unknown, id: string): DecisionPoint {
  if (hyper instanceof OneOf || hyper instanceof ManyOf) {
    // An index loop: spreading a List (an Array subclass) takes the slow iterator path.
    const source = hyper.candidates;
    const n = source.length;
    const candidates = new Array<unknown>(n);
    const subspaces = new Array<DNASpec>(n);
    const head = `${id}[=`;
    const tail = `/${n}]`;
    for (let i = 0; i < n; i++) {
      const c = source[i];
      candidates[i] = c;
      subspaces[i] = buildSpace(c, head + i + tail);
    }
    const k = hyper instanceof ManyOf ? hyper.k : 1;
    const distinct = hyper instanceof ManyOf ? hyper.distinct : true;
    const sorted = hyper instanceof ManyOf ? hyper.sorted : false;
    return new Choice(id, hyper.name, hyper.hints, k, subspaces, candidates, distinct, sorted);
  }
  if (hyper instanceof FloatValue) return new FloatPoint(id, hyper.name, hyper.hints, hyper.min, hyper.max, hyper.scale);
  if (hyper instanceof CustomHyper) return new CustomPoint(id, hyper);
  throw new SymbolicError(`${id || '<root>'}: unknown kind of hyper value`, id);
}
