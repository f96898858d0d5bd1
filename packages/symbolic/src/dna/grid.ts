/**
 * Fast grid sweep of flat spaces: when every decision point is a one-of over primitive candidates
 * without decisions of their own, and every object holding them is a plain object or array, the
 * grid is an odometer over candidate indices. `iterate` then builds each value from the indices by a
 * plan compiled once (no DNA objects, no per-value tree walk). The order is the grid order of
 * `firstDNA`/`nextDNA` (the last decision advances first); other spaces take the general path.
 */
import { isHyper } from '../spec.js';
import { Dict, isPlainObject } from '../dict.js';
import { List } from '../list.js';
import { Choice, type DNASpec } from './spec.js';
import { HOLDERS } from './build.js';
import { OneOf } from '../hyper/one-of.js';

/** Builds one value from candidate indices. */
type Plan = (indices: Int32Array) => unknown;

/** A compiled flat grid: a plan and each decision point's candidate count. */
export interface FlatGrid {
  plan: Plan;
  sizes: Int32Array;
}

function isPrimitive(value: unknown): boolean {
  return value === null || (typeof value !== 'object' && typeof value !== 'function');
}

/**
 * The flat grid of `space`, or null when the space is not flat (see the module comment).
 * `copy` turns a part without decisions into a fresh copy (materialize's own copying).
 */
export function compileFlatGrid(space: unknown, spec: DNASpec, copy: (value: unknown) => unknown): FlatGrid | null {
  // materialize turns a Dict/List space into a Dict/List: the general path does that
  if (space instanceof Dict || space instanceof List) return null;
  const points = spec.elements;
  for (const p of points) {
    if (!(p instanceof Choice) || p.numChoices !== 1) return null;
    for (let i = 0; i < p.candidates.length; i++) {
      if (p.candidates[i]!.elements.length || !isPrimitive(p.literals[i])) return null;
    }
  }
  const state: Compiling = { points, next: 0, copy };
  const plan = compile(space, state);
  if (!plan || state.next !== points.length) return null;
  const sizes = new Int32Array(points.length);
  for (let i = 0; i < points.length; i++) sizes[i] = (points[i] as Choice).candidates.length;
  return { plan, sizes };
}

interface Compiling {
  points: DNASpec['elements'];
  next: number;
  copy: (value: unknown) => unknown;
}

/** The plan of one part of a flat space (module-level: no closure per call). */
function compile(value: unknown, state: Compiling): Plan | null {
  if (isHyper(value)) {
    const q = state.next++;
    // manyOf(1, ...) has a one-of DNA node too, but its value is a list: the general path
    if (!(value instanceof OneOf) || q >= state.points.length) return null;
    const literals = (state.points[q] as Choice).literals;
    return (ix) => literals[ix[q]!];
  }
  if (typeof value !== 'object' || value === null) return () => value;
  if (!HOLDERS.has(value)) {
    const copy = state.copy;
    return () => copy(value);
  }
  if (Array.isArray(value) && Object.getPrototypeOf(value) === Array.prototype) {
    const parts: Plan[] = [];
    for (const v of value) {
      const part = compile(v, state);
      if (!part) return null;
      parts.push(part);
    }
    const n = parts.length;
    return (ix) => {
      const out = new Array<unknown>(n);
      for (let i = 0; i < n; i++) out[i] = parts[i]!(ix);
      return out;
    };
  }
  if (isPlainObject(value)) {
    const keys: string[] = [];
    const parts: Plan[] = [];
    for (const key of Object.keys(value)) {
      if (value[key] === undefined) continue;
      const part = compile(value[key], state);
      if (!part) return null;
      keys.push(key);
      parts.push(part);
    }
    return objectPlan(keys, parts);
  }
  return null; // symbolic objects, Dict, List: the general path validates them
}

/**
 * Builds a plain object from its fields' plans. Up to four fields are unrolled: each store then
 * has one key (a keyed store in a loop over keys is several times slower).
 */
function objectPlan(keys: readonly string[], parts: readonly Plan[]): Plan {
  const [k0, k1, k2, k3] = keys as string[];
  const [p0, p1, p2, p3] = parts as Plan[];
  type Out = Record<string, unknown>;
  switch (keys.length) {
    case 0:
      return () => ({});
    case 1:
      return (ix) => {
        const o: Out = {};
        o[k0!] = p0!(ix);
        return o;
      };
    case 2:
      return (ix) => {
        const o: Out = {};
        o[k0!] = p0!(ix);
        o[k1!] = p1!(ix);
        return o;
      };
    case 3:
      return (ix) => {
        const o: Out = {};
        o[k0!] = p0!(ix);
        o[k1!] = p1!(ix);
        o[k2!] = p2!(ix);
        return o;
      };
    case 4:
      return (ix) => {
        const o: Out = {};
        o[k0!] = p0!(ix);
        o[k1!] = p1!(ix);
        o[k2!] = p2!(ix);
        o[k3!] = p3!(ix);
        return o;
      };
    default: {
      const n = keys.length;
      return (ix) => {
        const o: Out = {};
        for (let i = 0; i < n; i++) o[keys[i]!] = parts[i]!(ix);
        return o;
      };
    }
  }
}

/**
 * The values of a flat grid in grid order, at most `limit`. A hand-written iterator rather than a
 * generator function: resuming a generator costs more than building a small value.
 */
export class FlatGridSweep implements Generator<unknown, undefined> {
  private readonly ix: Int32Array;
  private count = 0;
  private done = false;
  constructor(
    private readonly grid: FlatGrid,
    private readonly limit = Infinity,
  ) {
    this.ix = new Int32Array(grid.sizes.length);
  }
  next(): IteratorResult<unknown, undefined> {
    if (this.done || this.count >= this.limit) return this.return();
    const value = this.grid.plan(this.ix);
    this.count++;
    const { ix } = this;
    const sizes = this.grid.sizes;
    let j = ix.length - 1;
    while (j >= 0) {
      if (++ix[j]! < sizes[j]!) break;
      ix[j] = 0;
      j--;
    }
    if (j < 0) this.done = true;
    return { value, done: false };
  }
  return(): IteratorResult<unknown, undefined> {
    this.done = true;
    return { value: undefined, done: true };
  }
  throw(error: unknown): IteratorResult<unknown, undefined> {
    this.done = true;
    throw error;
  }
  [Symbol.iterator](): this {
    return this;
  }
}
