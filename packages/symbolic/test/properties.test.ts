/**
 * Properties over generated symbolic trees (tree-arbitrary.ts). fast-check prints the seed and the
 * shrunk counterexample on failure; runs are kept modest so the file takes a few seconds.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  toJSON,
  fromJSON,
  toJSONString,
  fromJSONString,
  clone,
  eq,
  hash,
  diff,
  applyEdits,
  rebind,
  query,
  traverse,
  isNode,
  SymbolicError,
  parsePath,
  formatPath,
  type SymbolicNode,
} from '@tsglove/symbolic';
import { build, buildValue, descArb, Bag, Leaf, Pair } from './tree-arbitrary.js';
import { Dict, List, symParent, symPath } from '@tsglove/symbolic';

const RUNS = { numRuns: 100 };
const snapshot = (x: unknown): string => JSON.stringify(toJSON(x));

/** Every node of a tree. */
function nodesOf(root: unknown): Set<object> {
  const out = new Set<object>();
  traverse(root, (_p, v) => void (isNode(v) && out.add(v)));
  return out;
}

/** Paths of primitive leaves (numbers, strings, booleans) and their values. */
function leavesOf(root: unknown): Array<[string, unknown]> {
  return Object.entries(query(root, { where: (v) => ['number', 'string', 'boolean'].includes(typeof v) }));
}

/** A new value that fits wherever `old` is (ints within Leaf.i's range, enum-safe strings). */
function replacementFor(old: unknown, pick: number): unknown {
  if (typeof old === 'number') return (pick % 201) - 100 === old ? old + (old < 100 ? 1 : -1) : (pick % 201) - 100;
  if (typeof old === 'string') return old === 'a' ? 'b' : 'a';
  return !old;
}

describe('symbolic tree properties', () => {
  it('JSON round trip: eq(fromJSON(toJSON(x)), x), also through a string', () => {
    fc.assert(
      fc.property(descArb, (d) => {
        const x = build(d);
        expect(eq(fromJSON(toJSON(x)), x)).toBe(true);
        expect(eq(fromJSONString(toJSONString(x)), x)).toBe(true);
      }),
      RUNS,
    );
  });

  it('toJSONString writes exactly JSON.stringify(toJSON(x)), and the same text with indentation', () => {
    fc.assert(
      fc.property(descArb, (d) => {
        const x = build(d);
        expect(toJSONString(x)).toBe(JSON.stringify(toJSON(x)));
        expect(JSON.parse(toJSONString(x, 2))).toEqual(JSON.parse(toJSONString(x)));
      }),
      RUNS,
    );
  });

  it('deep clone is equal, shares no node, and is independent of the original', () => {
    fc.assert(
      fc.property(descArb, fc.nat(), fc.nat(), (d, which, pick) => {
        const x = build(d);
        const before = snapshot(x);
        const c = clone(x);
        expect(eq(c, x)).toBe(true);
        const original = nodesOf(x);
        for (const node of nodesOf(c)) expect(original.has(node)).toBe(false);
        const leaves = leavesOf(c);
        if (leaves.length > 0) {
          const [path, old] = leaves[which % leaves.length]!;
          rebind(c, { [path]: replacementFor(old, pick) });
          expect(eq(c, x)).toBe(false);
        }
        expect(snapshot(x)).toBe(before);
      }),
      RUNS,
    );
  });

  it('applyEdits(clone(a), diff(a, b)) equals b, and leaves b alone', () => {
    fc.assert(
      fc.property(descArb, descArb, (da, db) => {
        const a = build(da);
        const b = build(db);
        const before = snapshot(b);
        expect(eq(applyEdits(clone(a), diff(a, b)), b)).toBe(true);
        expect(snapshot(b)).toBe(before);
        expect(diff(a, clone(a))).toEqual([]);
      }),
      RUNS,
    );
  });

  it('rebind by path, then query reads the new value back at that path', () => {
    fc.assert(
      fc.property(descArb, fc.nat(), fc.nat(), (d, which, pick) => {
        const x = build(d);
        const leaves = leavesOf(x);
        fc.pre(leaves.length > 0);
        const [path, old] = leaves[which % leaves.length]!;
        const value = replacementFor(old, pick);
        const updates = rebind(x, { [path]: value });
        expect(updates.map((u) => [u.path, u.oldValue, u.newValue])).toEqual([[path, old, value]]);
        expect(query(x, { path })).toEqual({ [path]: value });
        expect(leavesOf(x).map(([p]) => p)).toEqual(leaves.map(([p]) => p));
      }),
      RUNS,
    );
  });

  it('moving or copying any node (even the root) into any slot keeps one place per node and right links', () => {
    fc.assert(
      fc.property(descArb, fc.nat(), fc.nat(), (d, whichSlot, whichNode) => {
        const x = build(d);
        const slots: string[] = [];
        const nodes: unknown[] = [];
        traverse(x, (path, value, parent, key) => {
          if (isNode(value)) nodes.push(value);
          const anySlot = parent instanceof Dict || parent instanceof List || (parent instanceof Pair && key !== 'tag');
          if (path !== '' && anySlot) slots.push(path);
        });
        fc.pre(slots.length > 0);
        const slot = slots[whichSlot % slots.length]!;
        const node = nodes[whichNode % nodes.length];
        const expected = fromJSON(toJSON(node));
        rebind(x, { [slot]: node });
        expect(eq(query(x, { path: slot })[slot], expected)).toBe(true);
        const seen = new Set<unknown>();
        traverse(x, (path, value, parent) => {
          if (!isNode(value)) return;
          expect(seen.has(value)).toBe(false);
          seen.add(value);
          expect(symPath(value)).toBe(path);
          expect(symParent(value)).toBe(path === '' ? null : parent);
        });
      }),
      RUNS,
    );
  });

  it('a transaction of moves that fails at the end restores every node in its place (same identity)', () => {
    fc.assert(
      fc.property(descArb, fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 4 }), (d, moves) => {
        const x = build(d);
        const slots: string[] = [];
        const before = new Map<string, unknown>();
        traverse(x, (path, value, parent, key) => {
          if (isNode(value)) before.set(path, value);
          if (path !== '' && (parent instanceof Dict || parent instanceof List || (parent instanceof Pair && key !== 'tag')))
            slots.push(path);
        });
        fc.pre(slots.length > 0);
        const nodes = [...before.values()];
        const updates: Record<string, unknown> = {};
        for (const [s, n] of moves) updates[slots[s % slots.length]!] = nodes[n % nodes.length];
        const text = snapshot(x);
        expect(() => rebind(x, { ...updates, [slots[0]!]: updates[slots[0]!] ?? 0, '["no such key"].x': 1 })).toThrow(SymbolicError);
        expect(snapshot(x)).toBe(text);
        traverse(x, (path, value) => {
          if (isNode(value)) expect(before.get(path)).toBe(value);
        });
        for (const [path, node] of before) expect(symPath(node as never)).toBe(path);
      }),
      RUNS,
    );
  });

  it('List methods behave like Array methods on a model, keeping links right', () => {
    type Op =
      | { k: 'push' | 'unshift'; v: number; reuse: boolean }
      | { k: 'pop' | 'shift' | 'reverse' | 'sort' }
      | { k: 'splice'; start: number; del: number; v: number; reuse: boolean }
      | { k: 'set'; i: number; v: number; reuse: boolean };
    const opArb: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ k: fc.constantFrom('push' as const, 'unshift' as const), v: fc.nat(), reuse: fc.boolean() }),
      fc.record({ k: fc.constantFrom('pop' as const, 'shift' as const, 'reverse' as const, 'sort' as const) }),
      fc.record({
        k: fc.constant('splice' as const),
        start: fc.integer({ min: -3, max: 6 }),
        del: fc.nat({ max: 3 }),
        v: fc.nat(),
        reuse: fc.boolean(),
      }),
      fc.record({ k: fc.constant('set' as const), i: fc.nat(), v: fc.nat(), reuse: fc.boolean() }),
    );
    fc.assert(
      fc.property(
        fc.array(descArb, { maxLength: 4 }),
        fc.array(descArb, { minLength: 1, maxLength: 3 }),
        fc.array(opArb, { maxLength: 8 }),
        (start, fresh, ops) => {
          const bag = new Bag({ items: start.map(buildValue) });
          const list = bag.items;
          const model: string[] = list.map((v) => JSON.stringify(toJSON(v)));
          const valueFor = (v: number, reuse: boolean): unknown =>
            reuse && list.length > 0 ? list[v % list.length] : buildValue(fresh[v % fresh.length]!);
          for (const op of ops) {
            if (op.k === 'push' || op.k === 'unshift') {
              const value = valueFor(op.v, op.reuse);
              const text = JSON.stringify(toJSON(value));
              list[op.k](value);
              model[op.k](text);
            } else if (op.k === 'splice') {
              const value = valueFor(op.v, op.reuse);
              const text = JSON.stringify(toJSON(value));
              const removed = list.splice(op.start, op.del, value).map((v) => JSON.stringify(toJSON(v)));
              expect(removed).toEqual(model.splice(op.start, op.del, text));
            } else if (op.k === 'set') {
              if (list.length === 0) continue;
              const i = op.i % list.length;
              const value = valueFor(op.v, op.reuse);
              const text = JSON.stringify(toJSON(value));
              rebind(list, { [`[${i}]`]: value });
              model[i] = text;
            } else if (op.k === 'sort') {
              const key = (v: unknown): string => JSON.stringify(toJSON(v));
              list.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
              model.sort();
            } else {
              const out = list[op.k]();
              const expected = model[op.k]();
              if (op.k !== 'reverse') expect(out === undefined ? undefined : JSON.stringify(toJSON(out))).toBe(expected);
            }
            expect(list.map((v) => JSON.stringify(toJSON(v)))).toEqual(model);
            const seen = new Set<unknown>();
            traverse(bag, (path, value, parent) => {
              if (!isNode(value)) return;
              expect(seen.has(value)).toBe(false);
              seen.add(value);
              expect(symPath(value)).toBe(path);
              expect(symParent(value)).toBe(path === '' ? null : parent);
            });
          }
        },
      ),
      RUNS,
    );
  });

  it('a rejected rebind leaves the tree unchanged', () => {
    fc.assert(
      fc.property(descArb, fc.nat(), (d, which) => {
        const x = build(d);
        const ints = Object.keys(query(x, { path: /(^|\.)i$/, where: (_v, _p, parent) => parent instanceof Leaf }));
        fc.pre(ints.length > 0);
        const before = snapshot(x);
        const path = ints[which % ints.length]!;
        expect(() => rebind(x, { [path]: 101 })).toThrow(`${path}: expected int in [-100, 100], got 101`);
        expect(snapshot(x)).toBe(before);
      }),
      RUNS,
    );
  });

  it('hash is equal when eq (clones, JSON copies)', () => {
    fc.assert(
      fc.property(descArb, descArb, (da, db) => {
        const a = build(da);
        const b = build(db);
        expect(hash(clone(a))).toBe(hash(a));
        expect(hash(fromJSON(toJSON(a)))).toBe(hash(a));
        if (eq(a, b)) expect(hash(a)).toBe(hash(b));
      }),
      RUNS,
    );
  });
});

/** JSON documents with hostile keys: `_type` (registered or not, any value), `__proto__`, `constructor`, `prototype`. */
const hostileJSONText: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)),
    fc.array(tie('value'), { maxLength: 3 }).map((items) => `[${items.join(',')}]`),
    fc
      .array(
        fc.tuple(
          fc.oneof(
            fc.constantFrom('_type', '__proto__', 'constructor', 'prototype', 'i', 's', 'left', 'tag', 'items'),
            fc.string({ maxLength: 3 }),
          ),
          fc.oneof(
            tie('value'),
            fc.constantFrom('"prop.Leaf"', '"prop.Pair"', '"prop.Bag"', '"Object"', '"tsglove.number"', '"tsglove.missing"', '"toString"'),
          ),
        ),
        { maxLength: 4 },
      )
      .map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`),
  ),
})).value;

describe('fromJSON on arbitrary input', () => {
  const check = (fn: () => unknown): void => {
    try {
      fn();
    } catch (error) {
      if (!(error instanceof SymbolicError)) throw error;
    }
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTO_KEYS);
    expect(({} as Record<string, unknown>).i).toBeUndefined();
  };
  const PROTO_KEYS = Object.getOwnPropertyNames(Object.prototype).sort();

  it('fc.jsonValue(): only SymbolicErrors, and a round trip when it succeeds', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (json) => {
        check(() => {
          const value = fromJSON(json);
          expect(eq(fromJSON(toJSON(value)), value)).toBe(true);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('hostile keys and type tags: only SymbolicErrors, Object.prototype untouched', () => {
    fc.assert(
      fc.property(hostileJSONText, (text) => {
        check(() => fromJSON(JSON.parse(text)));
        check(() => fromJSONString(text));
      }),
      { numRuns: 400 },
    );
  });

  it('arbitrary strings are malformed JSON or valid values, never another error', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (text) => check(() => fromJSONString(text))),
      { numRuns: 200 },
    );
  });
});

// Keep the node type import used (trees are SymbolicNode roots).
export type _Root = SymbolicNode;

describe('paths', () => {
  it('parsePath(formatPath(keys)) gives the keys back, for any string keys and indices', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ maxLength: 5 }), fc.nat({ max: 50 })), { minLength: 1, maxLength: 5 }), (keys) => {
        // Odd string keys (also digit-only ones like '12') are quoted, so they never read back as indices.
        expect(parsePath(formatPath(keys))).toEqual(keys);
      }),
      { numRuns: 300 },
    );
  });
});
