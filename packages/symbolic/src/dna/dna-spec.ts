/**
 * DNASpec: the genotype of a search space — its decision points in field order, depth first, each a
 * choice (k of n candidates, each candidate a sub-space), a float range or a custom point. Sizes,
 * grid order (`firstDNA`/`nextDNA`: the last decision advances first, a choice's sub-space before
 * its index) and numbers are those of PyGlove for the same space.
 */
import { SymbolicError } from '../errors.js';
import { FORMAT } from '../format.js';
import { formatDNASpec } from './dna-spec-format.js';
import type { CustomHyper } from '../hyper/custom.js';
import type { FloatScale } from '../hyper/float-value.js';
import type { Random } from '../random.js';
import { DNA, type ToDictOptions } from './dna.js';
import { dnaFromDict, type FromDictOptions } from './from-dict.js';
import { describeDNA, pyglovePoints, type PyGlovePoint } from './pyglove-ids.js';

/** Kinds of decision point. */
export type DecisionKind = 'choice' | 'float' | 'custom';

/** Common data of a decision point. */
export abstract class DecisionPoint {
  abstract readonly kind: DecisionKind;
  constructor(
    /** Location id: the hyper value's path, with `[=i/n]` marking a candidate of an outer choice. */
    readonly id: string,
    /** Name given by the user (`oneOf(..., { name })`), if any. */
    readonly name: string | undefined,
    /** Hints given by the user. */
    readonly hints: unknown,
  ) {}
  /** Number of distinct values (Infinity when continuous or custom). */
  abstract get spaceSize(): number;
  abstract first(): DNA;
  abstract next(dna: DNA): DNA | null;
  abstract random(random: Random): DNA;
  /** Reads this point's DNA from flat numbers starting at `pos.i`. */
  abstract read(numbers: ReadonlyArray<number | string>, pos: { i: number }): DNA;
  /** Throws a `SymbolicError` naming this point if `dna` does not fit. */
  abstract check(dna: DNA): void;
  protected fail(message: string): never {
    throw new SymbolicError(`${this.id || '<root>'}: ${message}`, this.id);
  }
}

/** A choice of `numChoices` of the candidates (one-of when numChoices is 1). */
export class Choice extends DecisionPoint {
  readonly kind = 'choice';
  constructor(
    id: string,
    name: string | undefined,
    hints: unknown,
    readonly numChoices: number,
    /** Sub-space of each candidate. */
    readonly candidates: readonly DNASpec[],
    /** The candidate values themselves. */
    readonly literals: readonly unknown[],
    readonly distinct: boolean,
    readonly sorted: boolean,
  ) {
    super(id, name, hints);
  }

  get spaceSize(): number {
    const sizes = this.candidates.map((c) => c.spaceSize);
    const k = this.numChoices;
    if (k === 0) return 1;
    if (sizes.some((s) => !Number.isFinite(s))) return Infinity;
    if (k === 1) return sizes.reduce((a, b) => a + b, 0);
    if (!this.distinct && !this.sorted) return sizes.reduce((a, b) => a + b, 0) ** k;
    const dp = new Array<number>(k + 1).fill(0);
    dp[0] = 1;
    for (const s of sizes) {
      if (this.distinct) for (let j = k; j >= 1; j--) dp[j]! += dp[j - 1]! * s;
      else for (let j = 1; j <= k; j++) dp[j]! += dp[j - 1]! * s;
    }
    let size = dp[k]!;
    if (this.distinct && !this.sorted) for (let j = 2; j <= k; j++) size *= j;
    return size;
  }

  /** A one-of DNA node (or a sub-choice of a k-of-n node). */
  private node(index: number, children: readonly DNA[]): DNA {
    return new DNA(index, children);
  }

  /** Smallest index allowed at position `p` given the indices before it, at least `from`. */
  private firstIndex(prev: readonly number[], from: number): number {
    const n = this.candidates.length;
    let i = from;
    if (this.sorted && prev.length) i = Math.max(i, prev[prev.length - 1]! + (this.distinct ? 1 : 0));
    if (this.distinct && !this.sorted) while (prev.includes(i)) i++;
    return i < n ? i : -1;
  }

  /** Fills positions `start..k-1` with their first values; null if impossible. */
  private fill(subs: DNA[], start: number): DNA[] | null {
    for (let p = start; p < this.numChoices; p++) {
      const idx = this.firstIndex(
        subs.slice(0, p).map((s) => s.value as number),
        0,
      );
      if (idx < 0) return null;
      subs[p] = this.node(idx, this.candidates[idx]!.firstChildren());
    }
    return subs;
  }

  first(): DNA {
    if (this.numChoices === 1) return this.node(0, this.candidates[0]!.firstChildren());
    return new DNA(null, this.fill([], 0)!);
  }

  next(dna: DNA): DNA | null {
    if (this.numChoices === 1) return this.nextSub(dna, []);
    const subs = [...dna.children];
    for (let j = this.numChoices - 1; j >= 0; j--) {
      const prev = subs.slice(0, j).map((s) => s.value as number);
      const advanced = this.nextSub(subs[j]!, prev);
      if (!advanced) continue;
      const filled = this.fill([...subs.slice(0, j), advanced], j + 1);
      if (filled) return new DNA(null, filled);
    }
    return null;
  }

  /** Advances one sub-choice: its candidate's sub-space first, then its index. */
  private nextSub(sub: DNA, prev: readonly number[]): DNA | null {
    const idx = sub.value as number;
    const children = this.candidates[idx]!.nextChildren(sub.children);
    if (children) return this.node(idx, children);
    const nextIdx = this.firstIndex(prev, idx + 1);
    if (nextIdx < 0) return null;
    return this.node(nextIdx, this.candidates[nextIdx]!.firstChildren());
  }

  random(random: Random): DNA {
    const n = this.candidates.length;
    const pick = (i: number): DNA => this.node(i, this.candidates[i]!.randomChildren(random));
    if (this.numChoices === 1) return pick(Math.floor(random() * n));
    let indices: number[];
    if (this.distinct) {
      const pool = Array.from({ length: n }, (_, i) => i);
      for (let i = 0; i < this.numChoices; i++) {
        const j = i + Math.floor(random() * (n - i));
        [pool[i], pool[j]] = [pool[j]!, pool[i]!];
      }
      indices = pool.slice(0, this.numChoices);
    } else {
      indices = Array.from({ length: this.numChoices }, () => Math.floor(random() * n));
    }
    if (this.sorted) indices.sort((a, b) => a - b);
    return new DNA(null, indices.map(pick));
  }

  read(numbers: ReadonlyArray<number | string>, pos: { i: number }): DNA {
    const readSub = (): DNA => {
      if (pos.i >= numbers.length) this.fail(`numbers end before this choice (read ${pos.i})`);
      const idx = numbers[pos.i++]!;
      if (typeof idx !== 'number' || !Number.isInteger(idx) || idx < 0 || idx >= this.candidates.length) {
        this.fail(`candidate index ${JSON.stringify(idx)} out of range [0, ${this.candidates.length})`);
      }
      return this.node(idx, this.candidates[idx]!.readChildren(numbers, pos));
    };
    if (this.numChoices === 1) return readSub();
    const subs = Array.from({ length: this.numChoices }, readSub);
    const dna = new DNA(null, subs);
    this.check(dna);
    return dna;
  }

  check(dna: DNA): void {
    const checkSub = (sub: DNA): number => {
      const idx = sub.value;
      if (typeof idx !== 'number' || !Number.isInteger(idx) || idx < 0 || idx >= this.candidates.length) {
        this.fail(`candidate index ${JSON.stringify(idx)} out of range [0, ${this.candidates.length})`);
      }
      this.candidates[idx]!.checkChildren(sub.children);
      return idx;
    };
    if (this.numChoices === 1) {
      checkSub(dna);
      return;
    }
    if (dna.value !== null || dna.children.length !== this.numChoices) {
      this.fail(`expected ${this.numChoices} choices, got ${dna.value !== null ? 'a single value' : dna.children.length}`);
    }
    const indices = dna.children.map(checkSub);
    if (this.distinct && new Set(indices).size !== indices.length) this.fail(`choices must be distinct, got [${indices}]`);
    if (this.sorted && indices.some((v, i) => i > 0 && v < indices[i - 1]!)) this.fail(`choices must be sorted, got [${indices}]`);
  }
}

/** A float in [min, max]. */
export class FloatPoint extends DecisionPoint {
  readonly kind = 'float';
  constructor(
    id: string,
    name: string | undefined,
    hints: unknown,
    readonly min: number,
    readonly max: number,
    readonly scale: FloatScale,
  ) {
    super(id, name, hints);
  }
  get spaceSize(): number {
    return this.min === this.max ? 1 : Infinity;
  }
  first(): DNA {
    return new DNA(this.min);
  }
  next(dna: DNA): DNA | null {
    if (this.min === this.max) return null;
    return this.fail(`a float in [${this.min}, ${this.max}] cannot be enumerated (${dna.value})`);
  }
  random(random: Random): DNA {
    const { min, max } = this;
    const r = random();
    if (this.scale === 'linear' || min === max) return new DNA(min + r * (max - min));
    const logValue = Math.exp(Math.log(min) + r * (Math.log(max) - Math.log(min)));
    const v = this.scale === 'log' ? logValue : max + min - logValue;
    return new DNA(Math.min(max, Math.max(min, v)));
  }
  read(numbers: ReadonlyArray<number | string>, pos: { i: number }): DNA {
    if (pos.i >= numbers.length) this.fail(`numbers end before this float (read ${pos.i})`);
    const dna = new DNA(numbers[pos.i++]!); // a string fails check() below, naming the point
    this.check(dna);
    return dna;
  }
  check(dna: DNA): void {
    const v = dna.value;
    if (typeof v !== 'number' || !(v >= this.min && v <= this.max)) {
      const got = typeof v === 'number' ? String(v) : v === null ? 'null (no value)' : JSON.stringify(v);
      this.fail(`float ${got} out of range [${this.min}, ${this.max}]`);
    }
    if (dna.children.length) this.fail('a float decision has no children');
  }
}

/** A custom decision point (see `CustomHyper`). */
export class CustomPoint extends DecisionPoint {
  readonly kind = 'custom';
  constructor(
    id: string,
    readonly hyper: CustomHyper,
  ) {
    super(id, hyper.name, hyper.hints);
  }
  get spaceSize(): number {
    return this.hyper.spaceSize;
  }
  first(): DNA {
    return new DNA(this.hyper.first());
  }
  next(dna: DNA): DNA | null {
    const v = this.hyper.next(dna.value as string | number);
    return v === null ? null : new DNA(v);
  }
  random(random: Random): DNA {
    return new DNA(this.hyper.random(random));
  }
  read(numbers: ReadonlyArray<number | string>, pos: { i: number }): DNA {
    if (pos.i >= numbers.length) this.fail(`numbers end before this custom decision (read ${pos.i})`);
    return new DNA(numbers[pos.i++]!);
  }
  check(dna: DNA): void {
    if (typeof dna.value !== 'number' && typeof dna.value !== 'string') {
      this.fail(`custom decision needs a number or string, got ${JSON.stringify(dna.value)}`);
    }
  }
}

/** The DNASpec of a (sub-)space: its decision points in order. */
export class DNASpec {
  constructor(
    /** Decision points of this space (not counting those inside candidates). */
    readonly elements: readonly DecisionPoint[],
    /** Id prefix of this space ('' for the root). */
    readonly id = '',
  ) {}

  /** Number of distinct DNA (Infinity when a point is continuous or custom). */
  get spaceSize(): number {
    if (this.size === undefined) {
      let size = 1;
      for (const e of this.elements) size *= e.spaceSize;
      this.size = size; // a spec never changes
    }
    return this.size;
  }
  private size: number | undefined;

  /** Every decision point, nested ones included, depth first. */
  get decisionPoints(): DecisionPoint[] {
    const out: DecisionPoint[] = [];
    const walk = (space: DNASpec): void => {
      for (const e of space.elements) {
        out.push(e);
        if (e instanceof Choice) e.candidates.forEach(walk);
      }
    };
    walk(this);
    return out;
  }

  /** The decision point with this id or name. */
  get(idOrName: string): DecisionPoint | undefined {
    return this.decisionPoints.find((p) => p.id === idOrName || p.name === idOrName);
  }

  private wrap(children: readonly DNA[]): DNA {
    const dna = new DNA(null, children);
    dna.spec = this;
    return dna;
  }

  /** The first DNA in grid order. */
  firstDNA(): DNA {
    return this.wrap(this.firstChildren());
  }
  /** The DNA after `dna` in grid order, or null after the last. */
  nextDNA(dna: DNA): DNA | null {
    const children = this.nextChildren(dna.children);
    return children ? this.wrap(children) : null;
  }
  /** A random DNA. */
  randomDNA(random: Random): DNA {
    return this.wrap(this.randomChildren(random));
  }
  /** Throws a `SymbolicError` naming the decision point where `dna` does not fit. */
  validate(dna: DNA): void {
    if (dna.value !== null) throw new SymbolicError(`<root>: a space's DNA has value null, got ${JSON.stringify(dna.value)}`);
    this.checkChildren(dna.children);
  }
  /** DNA from a `toDict`-style record of decisions (see `DNA.fromDict`). */
  fromDict(record: Record<string, unknown>, options?: FromDictOptions): DNA {
    return dnaFromDict(this, record, options);
  }
  /** DNA from PyGlove-compatible flat numbers. */
  fromNumbers(numbers: ReadonlyArray<number | string>): DNA {
    if (!Array.isArray(numbers)) throw new SymbolicError('fromNumbers: expected an array of numbers');
    const pos = { i: 0 };
    const children = this.readChildren(numbers, pos);
    if (pos.i !== numbers.length) {
      const last = this.elements[this.elements.length - 1];
      const after = last ? ` after the last decision point (${last.id})` : ' (the space has no decision points)';
      throw new SymbolicError(
        `fromNumbers: ${numbers.length - pos.i} extra number(s)${after}: these decisions take ${pos.i} numbers, got ${numbers.length}`,
        last?.id ?? '',
      );
    }
    return this.wrap(children);
  }
  /** Decisions keyed by id or name (see `DNA.toDict`). */
  toDict(dna: DNA, options: ToDictOptions = {}): Record<string, unknown> {
    return describeDNA(this, dna, options);
  }
  /** The readable tree of this spec (what `format(spec)` prints). */
  [FORMAT](): string {
    return formatDNASpec(this);
  }
  toString(): string {
    return formatDNASpec(this);
  }
  /** Every decision as PyGlove lists it: one per `manyOf` subchoice, with PyGlove's ids. */
  pyglovePoints(): PyGlovePoint[] {
    return pyglovePoints(this);
  }

  /** @internal */
  firstChildren(): DNA[] {
    return this.elements.map((e) => e.first());
  }
  /** @internal Odometer step: the last decision advances first; later ones reset. */
  nextChildren(children: readonly DNA[]): DNA[] | null {
    for (let j = this.elements.length - 1; j >= 0; j--) {
      const advanced = this.elements[j]!.next(children[j]!);
      if (advanced) {
        const out = children.slice(0, j);
        out.push(advanced);
        for (let p = j + 1; p < this.elements.length; p++) out.push(this.elements[p]!.first());
        return out;
      }
    }
    return null;
  }
  /** Random decisions for every element of this (sub-)space: what a mutator uses to redraw a subtree. */
  randomChildren(random: Random): DNA[] {
    return this.elements.map((e) => e.random(random));
  }
  /** @internal */
  readChildren(numbers: ReadonlyArray<number | string>, pos: { i: number }): DNA[] {
    return this.elements.map((e) => e.read(numbers, pos));
  }
  /** @internal */
  checkChildren(children: readonly DNA[]): void {
    if (children.length !== this.elements.length) {
      throw new SymbolicError(
        `${this.id || '<root>'}: expected DNA for ${this.elements.length} decision points` +
          ` (${this.elements.map((e) => e.id).join(', ') || 'none'}), got ${children.length}`,
        this.id,
      );
    }
    this.elements.forEach((e, i) => e.check(children[i]!));
  }
}
