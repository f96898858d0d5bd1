/**
 * Fast grid sweep of flat spaces: when every decision point is a one-of over primitive candidates
 * without decisions of their own, and every object holding them is a plain object or array, the
 * grid is an odometer over candidate indices. `iterate` then builds each value from the indices by a
 * plan compiled once (no DNA objects, no per-value tree walk). The order is the grid order of
 * `firstDNA`/`nextDNA` (the last decision advances first); other spaces take the general path.
 */
import { isHyper } from '../value-spec.js';
import { Dict, isPlainObject } from '../dict.js';
import { List } from '../list.js';
import { childrenOf } from '../traverse.js';
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
 * The flat grid of `space`, or null when the space is not flat (see the module comment). Compiled
 * straight from the space (no DNASpec: the indices are the numbers). `copy` turns a part without
 * decisions into a fresh copy (materialize's own copying).
 */
export function compileFlatGrid(space: unknown, copy: (value: unknown) => unknown): FlatGrid | null {
  // materialize turns a Dict/List space into a Dict/List: the general path does that
  if (space instanceof Dict || space instanceof List) return null;
  const state: Compiling = { sizes: [], seen: new Set(), copy };
  const compiled = compile(space, state);
  return compiled && { plan: compiled.plan, sizes: Int32Array.from(state.sizes) };
}

interface Compiling {
  /** Candidate count of each decision point so far. */
  sizes: number[];
  /** Objects on the path from the root (a cycle sends the space to the general path, which reports it). */
  seen: Set<object>;
  copy: (value: unknown) => unknown;
}

interface Compiled {
  plan: Plan;
  /** Whether this part holds decisions (else it is copied whole). */
  holds: boolean;
}

/** Whether a value holds hyper values (walking as dnaSpec does). */
function holdsHyper(value: unknown, seen: Set<object>): boolean {
  if (isHyper(value)) return true;
  const children = childrenOf(value);
  if (!children || seen.has(value as object)) return false;
  seen.add(value as object);
  let holds = false;
  for (const [, child] of children) if (holdsHyper(child, seen)) holds = true;
  seen.delete(value as object);
  return holds;
}

/** The plan of one part of a flat space, or null if it is not flat (module-level: no closure per call). */
function compile(value: unknown, state: Compiling): Compiled | null {
  if (isHyper(value)) {
    // manyOf(1, ...) has a one-of DNA node too, but its value is a list: the general path
    if (!(value instanceof OneOf)) return null;
    const source = value.candidates;
    const literals = new Array<unknown>(source.length);
    for (let i = 0; i < source.length; i++) {
      if (!isPrimitive(source[i])) return null;
      literals[i] = source[i];
    }
    const q = state.sizes.push(literals.length) - 1;
    return { plan: (ix) => literals[ix[q]!], holds: true };
  }
  if (typeof value !== 'object' || value === null) return { plan: () => value, holds: false };
  const copy = state.copy;
  const plainArray = Array.isArray(value) && Object.getPrototypeOf(value) === Array.prototype;
  if (!plainArray && !isPlainObject(value)) {
    // symbolic objects, Dict, List: the general path rebuilds and validates them
    if (holdsHyper(value, state.seen)) return null;
    return { plan: () => copy(value), holds: false };
  }
  if (state.seen.has(value)) return null;
  state.seen.add(value);
  const keys: string[] = [];
  const parts: Plan[] = [];
  let holds = false;
  const keys0 = plainArray ? Array.from(value as unknown[], (_, i) => String(i)) : Object.keys(value);
  for (const key of keys0) {
    const v = (value as Record<string, unknown>)[key];
    if (!plainArray && v === undefined) continue;
    const part = compile(v, state);
    if (!part) return null;
    if (part.holds) holds = true;
    keys.push(key);
    parts.push(part.plan);
  }
  state.seen.delete(value);
  if (!holds) return { plan: () => copy(value), holds: false };
  return { plan: plainArray ? arrayPlan(parts) : objectPlan(keys, parts), holds: true };
}

/** Builds a plain array from its items' plans. */
function arrayPlan(parts: readonly Plan[]): Plan {
  const n = parts.length;
  return (ix) => {
    const out = new Array<unknown>(n);
    for (let i = 0; i < n; i++) out[i] = parts[i]!(ix);
    return out;
  };
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
