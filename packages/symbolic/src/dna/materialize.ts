/**
 * From genotype to child program: `materialize(space, dna)` builds the concrete value a DNA stands
 * for; `iterate` sweeps a finite space in grid order; `randomDNA`/`randomSample` draw seeded samples.
 * Only the parts of the space that hold decisions are rebuilt (symbolic objects as new, validated
 * instances of their classes); everything else is cloned. A space written as plain objects/arrays
 * comes back as plain objects/arrays.
 */
import { SymbolicError, ValidationError } from '../errors.js';
import { isHyper, type Hyper } from '../value-spec.js';
import { SymObject, VALUES } from '../object.js';
import { Dict, isPlainObject } from '../dict.js';
import { List } from '../list.js';
import { clone } from '../clone.js';
import { FLAGS, PARTIAL } from '../node.js';
import { ANY } from '../core-specs.js';
import { OneOf } from '../hyper/one-of.js';
import { ManyOf } from '../hyper/many-of.js';
import { FloatValue } from '../hyper/float-value.js';
import { CustomHyper } from '../hyper/custom.js';
import { makeRandom, type Random } from '../random.js';
import { DNA } from './dna.js';
import { type DNASpec, FloatPoint } from './dna-spec.js';
import { HOLDERS, dnaSpec } from './build.js';
import { compileFlatGrid, FlatGridSweep } from './grid.js';

/** The concrete type of a space: hyper values replaced by what they decide. */
export type Concrete<T> =
  T extends Hyper<infer V>
    ? Concrete<V>
    : T extends SymObject | ((...args: any[]) => any)
      ? T
      : T extends object
        ? { [K in keyof T]: Concrete<T[K]> }
        : T;

interface Cursor {
  children: readonly DNA[];
  i: number;
}

/**
 * The concrete value `dna` (or PyGlove-compatible flat numbers) stands for in `space`. The DNA is
 * checked against the space's spec first; errors name the decision point.
 */
export function materialize<T>(space: T, dna: DNA | readonly number[], spec: DNASpec = dnaSpec(space)): Concrete<T> {
  if (!Array.isArray(dna) && !(dna instanceof DNA)) {
    throw new SymbolicError(
      `materialize: expected a DNA or an array of numbers (dna.toNumbers()), got ${dna === null ? 'null' : typeof dna === 'object' ? 'an object' : (JSON.stringify(dna) ?? String(dna))}`,
    );
  }
  const genotype = Array.isArray(dna) ? spec.fromNumbers(dna as number[]) : (dna as DNA);
  if (genotype.spec !== spec) spec.validate(genotype);
  // A spec built from another (equal) space, e.g. the original of a clone: mark this space's holders.
  if (spec.elements.length && typeof space === 'object' && space !== null && !HOLDERS.has(space) && !isHyper(space)) {
    dnaSpec(space);
  }
  const cursor: Cursor = { children: genotype.children, i: 0 };
  const out = build(space, cursor);
  if (cursor.i !== cursor.children.length) {
    throw new SymbolicError(
      `materialize: the space has ${cursor.i} decision points, its spec ${cursor.children.length} (was the spec made for another space?)`,
    );
  }
  if (space instanceof Dict) return ANY.record.parse(out) as Concrete<T>;
  if (space instanceof List) return ANY.list.parse(out) as Concrete<T>;
  return out as Concrete<T>;
}

/** A copy without hyper values: symbolic objects cloned, Dict/List turned into plain containers. */
function detached(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof SymObject) return clone(value);
  if (Array.isArray(value)) return Array.from(value, detached);
  if (value instanceof Dict || isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = detached(v);
    }
    return out;
  }
  return value;
}

function build(value: unknown, cursor: Cursor): unknown {
  if (isHyper(value)) {
    const dna = cursor.children[cursor.i++];
    if (!dna) throw new SymbolicError('materialize: the DNA has fewer decisions than the space');
    return decode(value, dna);
  }
  if (typeof value !== 'object' || value === null || !HOLDERS.has(value)) return detached(value);
  if (value instanceof SymObject) {
    const Cls = value.constructor as new (init: object, options?: object) => SymObject;
    const source = value[VALUES];
    const init: Record<string, unknown> = {};
    for (const key of value.symSchema.keys) {
      const v = source[key];
      if (v !== undefined) init[key] = build(v, cursor);
    }
    try {
      return new Cls(init, { allowPartial: (value[FLAGS] & PARTIAL) !== 0 });
    } catch (error) {
      if (error instanceof ValidationError) {
        const where = value.symPath();
        throw new ValidationError(error.issues.map((i) => ({ ...i, path: where && i.path ? `${where}.${i.path}` : where || i.path })));
      }
      throw error;
    }
  }
  if (Array.isArray(value)) return Array.from(value, (v) => build(v, cursor));
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = build(v, cursor);
  }
  return out;
}

function decode(hyper: unknown, dna: DNA): unknown {
  if (hyper instanceof OneOf) {
    const sub: Cursor = { children: dna.children, i: 0 };
    return build(hyper.candidates[dna.value as number], sub);
  }
  if (hyper instanceof ManyOf) {
    // A choice of one has a one-of node (as in PyGlove): the node itself is the only sub-choice.
    const subs = hyper.k === 1 ? [dna] : dna.children;
    return subs.map((choice) => build(hyper.candidates[choice.value as number], { children: choice.children, i: 0 }));
  }
  if (hyper instanceof FloatValue) return dna.value;
  // decode may give symbolic containers (evolve parses JSON into Dict/List): plain, like the rest.
  if (hyper instanceof CustomHyper) return detached(hyper.decode(dna.value as number | string));
  throw new SymbolicError('materialize: unknown kind of hyper value');
}

/** A random DNA of `spec`, from a seed or a shared random source. */
export function randomDNA(spec: DNASpec, options: { seed?: number | string; random?: Random } = {}): DNA {
  return spec.randomDNA(options.random ?? makeRandom(options.seed));
}

/** `count` random concrete values of a space (seeded: the same seed gives the same values). */
export function randomSample<T>(space: T, options: { seed?: number | string; count?: number } = {}): Array<Concrete<T>> {
  const count = options.count ?? 1;
  if (!Number.isInteger(count) || count < 0) {
    throw new SymbolicError(
      `randomSample: count must be a whole number of examples >= 0, got ${typeof count === 'string' ? JSON.stringify(count) : count}`,
      'count',
    );
  }
  const spec = dnaSpec(space);
  const random = makeRandom(options.seed);
  return Array.from({ length: count }, () => materialize(space, spec.randomDNA(random), spec));
}

/**
 * Every concrete value of a finite space in grid order (PyGlove's order), up to `limit`.
 * An infinite space (floats, custom points) is an error unless a limit is given and the space can
 * still be enumerated.
 */
export function iterate<T>(space: T, options: { limit?: number } = {}): Generator<Concrete<T>> {
  const flat = compileFlatGrid(space, detached);
  if (flat) return new FlatGridSweep(flat, options.limit) as unknown as Generator<Concrete<T>>;
  const spec = dnaSpec(space);
  const float = spec.decisionPoints.find((p): p is FloatPoint => p instanceof FloatPoint && p.spaceSize !== 1);
  if (float) {
    throw new SymbolicError(
      `iterate: the space is infinite: ${float.id} is a float in [${float.min}, ${float.max}], which cannot be enumerated (with or without a limit); ` +
        'draw examples with randomSample(space, { count }), or make it a oneOf of the values to sweep',
      float.id,
    );
  }
  if (!Number.isFinite(spec.spaceSize) && options.limit === undefined) {
    throw new SymbolicError('iterate: the space is infinite (it has custom decisions); pass a limit');
  }
  return sweep(space, spec, options.limit ?? Infinity);
}

function* sweep<T>(space: T, spec: DNASpec, limit: number): Generator<Concrete<T>> {
  let n = 0;
  for (let dna: DNA | null = spec.firstDNA(); dna && n < limit; dna = spec.nextDNA(dna)) {
    yield materialize(space, dna, spec);
    n++;
  }
}
