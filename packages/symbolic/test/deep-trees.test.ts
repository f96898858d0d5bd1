/**
 * Trees nested deeper than the JavaScript stack (issue 15): `toJSONString`, `toJSON`, `clone`,
 * `hash` and `format` used to throw a bare RangeError; they throw a SymbolicError naming the
 * operation and the depth. Trees of ordinary depth are unaffected.
 */
import { describe, expect, it } from 'vitest';
import { clone, format, hash, SymbolicError, toJSON, toJSONString } from '../src/index.js';
import { treeDepth } from '../src/depth.js';

/** A plain-object chain `{ next: { next: … } }` `levels` deep, built without recursion. */
function chain(levels: number): Record<string, unknown> {
  let tree: Record<string, unknown> = { leaf: 1 };
  for (let i = 1; i < levels; i++) tree = { next: tree };
  return tree;
}

const DEEP = 200_000;

describe('deep trees', () => {
  it('treeDepth counts levels without recursion', () => {
    expect(treeDepth(1)).toBe(1);
    expect(treeDepth({ a: [1, { b: 2 }] })).toBe(4);
    expect(treeDepth(chain(DEEP))).toBe(DEEP + 1);
  });

  it.each([
    ['toJSONString', (t: unknown) => toJSONString(t)],
    ['toJSON', (t: unknown) => toJSON(t)],
    ['clone', (t: unknown) => clone(t)],
    ['hash', (t: unknown) => hash(t)],
    ['format', (t: unknown) => format(t)],
  ])('%s of a tree 200,000 levels deep is a SymbolicError naming the depth', (name, op) => {
    let error: unknown;
    try {
      op(chain(DEEP));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SymbolicError);
    expect((error as Error).message).toMatch(
      new RegExp(`^${name}: the tree is ${DEEP + 1} levels deep, more than the JavaScript stack allows`),
    );
  });

  it('ordinary depths still work', () => {
    const t = chain(50);
    expect(JSON.parse(toJSONString(t))).toEqual(t);
    expect(clone(t)).toEqual(t);
    expect(hash(clone(t))).toBe(hash(t));
    expect(format(t).length).toBeGreaterThan(0);
  });
});
