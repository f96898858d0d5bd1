/**
 * Modules imported by their own path, not through `index.ts` (as the package's own modules and
 * tests do): a node stored in a second place and a default value are copies, never shared. Before,
 * the deep copy was a hook that `index.ts` installed by importing clone.ts for its side effect;
 * without it a node moved silently to its new parent and defaults were shared between objects.
 */
import { describe, expect, it } from 'vitest';
import { Dict } from '../src/dict.js';
import { List } from '../src/list.js';
import { symbolic } from '../src/object.js';
import { PARENT } from '../src/node.js';
import { t } from '../src/t.js';

describe('deep imports (index.ts not loaded)', () => {
  it('copies a node stored under a second parent', () => {
    const first = new Dict({ a: List.of(1, 2) });
    const second = new Dict({ b: first.a });
    expect(second.b).not.toBe(first.a);
    expect([...(second.b as List<number>)]).toEqual([1, 2]);
    expect((first.a as List)[PARENT]).toBe(first);
  });

  it('gives every object its own copy of a default container', () => {
    class Holder extends symbolic('test.deepImport.Holder', {
      items: t.list(t.int()).default(List.of(1, 2)),
      meta: t.record(t.any()).default(new Dict({ k: List.of(3) })),
    }) {}
    const a = new Holder({});
    const b = new Holder({});
    expect(a.items).not.toBe(b.items);
    expect(a.meta).not.toBe(b.meta);
    expect(a.meta.k).not.toBe(b.meta.k);
    a.items.push(3);
    expect([...b.items]).toEqual([1, 2]);
    expect(a.items[PARENT]).toBe(a);
    expect(b.items[PARENT]).toBe(b);
  });
});
