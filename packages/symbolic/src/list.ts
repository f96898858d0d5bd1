/**
 * `List`: a symbolic list. It is a real `Array` (index, iterate, `map` returning plain arrays); the
 * mutating methods (`push`, `pop`, `shift`, `unshift`, `splice`, `sort`, `reverse`, `fill`) validate
 * against the list's element spec and fire change hooks. Use `rebind(list, { '[2]': v })` to replace
 * an element (a plain `list[2] = v` is not tracked).
 */
import { defaultSpecs } from './default-specs.js';
import {
  FLAGS,
  N_COPY,
  copyValue,
  KEY,
  N_DELETE,
  N_GET,
  N_INSERT,
  N_KEYS,
  N_SET,
  N_SPEC,
  PARENT,
  adopt,
  pathOf,
  release,
  rekey,
  type ChangeOp,
  type SymbolicNode,
} from './node.js';
import { newContext, type ListSpecShape, type ValueSpec } from './value-spec.js';
import { ValidationError } from './errors.js';
import type { Key } from './path.js';
import { applyChanges, type Change } from './mutate.js';

const SPEC: unique symbol = Symbol('tsglove.listSpec');
const rawPush = Array.prototype.push;
const rawSplice = Array.prototype.splice;

/** A symbolic list (see the module comment). */
export class List<T = unknown> extends Array<T> implements SymbolicNode {
  [PARENT]: SymbolicNode | null = null;
  [KEY]: Key | null = null;
  [FLAGS] = 0;
  declare [SPEC]: ListSpecShape;

  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }

  /** Makes a list of any values (plain objects/arrays inside become `Dict`/`List`). */
  static override of<T>(...items: T[]): List<T> {
    return List.make(items);
  }

  /** Makes a list from items, validated against `spec` (default: any values). */
  static make<T>(items: readonly T[], spec: ListSpecShape = defaultSpecs().list): List<T> {
    const ctx = newContext();
    const converted = spec.apply(items, null, ctx);
    if (ctx.issues.length) throw new ValidationError(ctx.issues);
    return converted as List<T>;
  }

  /** @internal Builds a list from items that `spec` has already validated (`share`: don't adopt children). */
  static fromValidated<T>(spec: ListSpecShape, items: readonly unknown[], share = false): List<T> {
    const list = new List<T>();
    list[SPEC] = spec;
    for (let i = 0; i < items.length; i++) rawPush.call(list, share ? items[i] : adopt(list, i, items[i]));
    return list;
  }

  /** The spec this list's elements are checked against. */
  get symSpec(): ListSpecShape {
    return this[SPEC] ?? defaultSpecs().list;
  }
  /** Path from the root. */
  symPath(): string {
    return pathOf(this);
  }
  /** Parent node, or null. */
  symParent(): SymbolicNode | null {
    return this[PARENT] ?? null;
  }

  override push(...items: T[]): number {
    applyChanges(
      this,
      items.map((value, i): Change => ({ op: 'add', keys: [this.length + i], value })),
    );
    return this.length;
  }
  override pop(): T | undefined {
    if (this.length === 0) return undefined;
    const last = this[this.length - 1];
    applyChanges(this, [{ op: 'remove', keys: [this.length - 1] }]);
    return last;
  }
  override shift(): T | undefined {
    if (this.length === 0) return undefined;
    const first = this[0];
    applyChanges(this, [{ op: 'remove', keys: [0] }]);
    return first;
  }
  override unshift(...items: T[]): number {
    applyChanges(
      this,
      items.map((value, i): Change => ({ op: 'add', keys: [i], value })),
    );
    return this.length;
  }
  override splice(start: number, deleteCount?: number, ...items: T[]): T[] {
    const n = this.length;
    const from = start < 0 ? Math.max(n + start, 0) : Math.min(start, n);
    const count = deleteCount === undefined ? n - from : Math.max(0, Math.min(deleteCount, n - from));
    const removed = this.slice(from, from + count);
    const changes: Change[] = [];
    for (let i = count - 1; i >= 0; i--) changes.push({ op: 'remove', keys: [from + i] });
    items.forEach((value, i) => changes.push({ op: 'add', keys: [from + i], value }));
    applyChanges(this, changes);
    return removed;
  }
  override sort(compare?: (a: T, b: T) => number): this {
    this.replaceAll([...this].sort(compare));
    return this;
  }
  override reverse(): this {
    this.replaceAll([...this].reverse());
    return this;
  }
  override fill(value: T, start?: number, end?: number): this {
    this.replaceAll([...this].fill(value, start, end));
    return this;
  }

  private replaceAll(items: T[]): void {
    const changes: Change[] = [];
    items.forEach((value, i) => {
      if (value !== this[i]) changes.push({ op: 'set', keys: [i], value });
    });
    applyChanges(this, changes);
  }

  [N_COPY](deep: boolean): List<T> {
    // Loops, not per-call closures (cheaper, also under tsx whose keepNames wraps every closure).
    const n = this.length;
    const items = new Array<unknown>(n);
    for (let i = 0; i < n; i++) items[i] = deep ? copyValue(this[i], true) : this[i];
    return List.fromValidated(this.symSpec, items, !deep);
  }
  [N_KEYS](): Key[] {
    return Array.from(this.keys());
  }
  [N_GET](key: Key): unknown {
    return typeof key === 'number' ? this[key] : undefined;
  }
  [N_SPEC](key: Key, op: ChangeOp): ValueSpec | string {
    if (typeof key !== 'number' || !Number.isInteger(key) || key < 0) return `index ${String(key)} is not a list index`;
    const limit = op === 'remove' ? this.length - 1 : op === 'add' ? this.length : this.length;
    if (key > limit) return `index ${key} out of range (length ${this.length})`;
    const spec = this.symSpec;
    // Setting index `length` appends, so it is bounded like an add.
    const grows = op === 'add' || (op === 'set' && key === this.length);
    if (grows && spec.maxSize !== undefined && this.length >= spec.maxSize) {
      return `list is full (maxSize ${spec.maxSize})`;
    }
    if (op === 'remove' && spec.minSize !== undefined && this.length <= spec.minSize) {
      return `list cannot shrink below minSize ${spec.minSize}`;
    }
    return spec.elementAt(key);
  }
  [N_SET](key: Key, value: unknown): void {
    const i = key as number;
    if (i === this.length) {
      rawPush.call(this, adopt(this, i, value));
      return;
    }
    release(this, this[i], i);
    this[i] = adopt(this, i, value) as T;
  }
  [N_INSERT](key: Key, value: unknown): void {
    const i = key as number;
    rawSplice.call(this, i, 0, adopt(this, i, value, true));
    this.reindex(i + 1);
  }
  [N_DELETE](key: Key): void {
    const i = key as number;
    release(this, this[i], i);
    rawSplice.call(this, i, 1);
    this.reindex(i);
  }
  private reindex(from: number): void {
    for (let i = from; i < this.length; i++) {
      const child = this[i] as unknown as SymbolicNode | undefined;
      if (child && typeof child === 'object' && (child as SymbolicNode)[PARENT] === this) rekey(child, i);
    }
  }
}
