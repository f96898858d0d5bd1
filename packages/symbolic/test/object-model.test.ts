import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  symbolic,
  t,
  rebind,
  format,
  fromJSON,
  toJSON,
  fromJSONString,
  clone,
  eq,
  query,
  Dict,
  OpaqueObject,
  JSONError,
  type SymbolicNode,
} from '@tsglove/symbolic';
import { save, load, openJsonl } from '@tsglove/symbolic/io';
import { Block, makeNet } from './fixtures.js';
import { descArb, build } from './tree-arbitrary.js';

const tmp = mkdtempSync(join(tmpdir(), 'tsglove-io-'));

describe('re-parenting and path-change hooks', () => {
  const events: string[] = [];
  class Tracked extends symbolic('model.Tracked', { v: t.int() }) {
    override onParentChange(oldParent: SymbolicNode | null, newParent: SymbolicNode | null): void {
      events.push(`parent ${oldParent ? 'node' : 'none'} -> ${newParent ? 'node' : 'none'}`);
    }
    override onPathChange(oldPath: string, newPath: string): void {
      events.push(`path ${oldPath || '<root>'} -> ${newPath || '<root>'}`);
    }
  }
  class Holder extends symbolic('model.Holder', { items: t.list(t.object(Tracked)), one: t.object(Tracked).optional() }) {}

  it('fires when a node is stored, shifted in a list, moved and removed', () => {
    const a = new Tracked({ v: 1 });
    const b = new Tracked({ v: 2 });
    events.length = 0;
    const h = new Holder({ items: [a, b] });
    expect(events).toEqual([
      'parent none -> node',
      'path <root> -> [0]',
      'parent none -> node',
      'path <root> -> [1]',
      'path [0] -> items[0]',
      'path [1] -> items[1]',
    ]);
    events.length = 0;
    h.items.shift(); // b moves from items[1] to items[0]; a leaves
    expect(events).toEqual(['parent node -> none', 'path items[0] -> <root>', 'path items[1] -> items[0]']);
    events.length = 0;
    rebind(h, { one: h.items[0]! }); // held elsewhere: a copy is stored, the original stays
    expect(events).toEqual(['parent none -> node', 'path <root> -> one']);
    expect(h.items[0]!.symPath()).toBe('items[0]');
  });

  it('costs nothing for classes without hooks (paths stay right)', () => {
    const net = makeNet();
    net.stages[1]!.blocks.splice(0, 1);
    expect(net.stages[1]!.blocks[0]!.symPath()).toBe('stages[1].blocks[0]');
  });
});

describe('format: verbose and markdown', () => {
  it('verbose puts one field per line with doc comments and shows absent optional fields', () => {
    expect(format(new Block({ kernel: 5 }), { verbose: true })).toBe(
      "Block(\n  kernel=5,  // kernel size\n  expand=6,\n  act='swish',\n  se=undefined\n)",
    );
  });
  it('markdown wraps the text in a code fence', () => {
    expect(format(new Block(), { markdown: true, compact: true })).toBe("```\nBlock(kernel=3, expand=6, act='swish')\n```");
  });
});

describe('unknown _type kept as data (convertUnknown)', () => {
  const json = {
    _type: 'Net',
    stem: 3,
    extra: { _type: 'other.Thing', a: [1, { b: 2 }] },
    known: { _type: 'test.Block', kernel: 5, expand: 6, act: 'swish' },
  };

  it('is an error by default, naming the way out', () => {
    expect(() => fromJSON(json)).toThrow('unknown _type "Net"');
    expect(() => fromJSON(json)).toThrow('read with { convertUnknown: true }');
  });

  it('round-trips as an opaque node that can be read, queried, rebound and cloned', () => {
    const value = fromJSON(json, { convertUnknown: true }) as OpaqueObject & Record<string, any>;
    expect(value).toBeInstanceOf(OpaqueObject);
    expect(value).toBeInstanceOf(Dict);
    expect(value.known).toBeInstanceOf(Block); // registered types inside are still built
    expect(value.extra.a[1].b).toBe(2);
    expect(toJSON(value)).toEqual(json);
    expect(JSON.parse(JSON.stringify(toJSON(clone(value))))).toEqual(json);
    rebind(value, { 'extra.a[0]': 7 });
    expect(query(value, { path: 'extra.a[0]' })).toEqual({ 'extra.a[0]': 7 });
    expect(format(value.extra, { compact: true })).toBe('other.Thing?{a: [7, {b: 2}]}');
    expect(eq(fromJSON(json, { convertUnknown: true }), fromJSON({ ...json, _type: 'Other' }, { convertUnknown: true }))).toBe(false);
  });
});

describe('save / load / openJsonl', () => {
  it('saves and loads one value', () => {
    const file = join(tmp, 'net.json');
    const net = makeNet();
    save(net, file, { indent: 2 });
    expect(readFileSync(file, 'utf8')).toContain('"_type": "test.Net"');
    expect(eq(load(file), net)).toBe(true);
    expect(() => load(join(tmp, 'missing.json'))).toThrow('load: cannot read');
  });

  it('writes and appends JSON lines, reads them back, names a bad line', () => {
    const file = join(tmp, 'trials.jsonl');
    const w = openJsonl(file, 'w');
    w.add(new Block({ kernel: 5 }));
    w.add({ a: 1 });
    w.close();
    const a = openJsonl(file, 'a');
    a.add([1, 2]);
    a.close();
    expect(() => a.add(1)).toThrow('add() after close()');
    const values = [...openJsonl(file, 'r')];
    expect(values).toHaveLength(3);
    expect((values[0] as Block).kernel).toBe(5);
    writeFileSync(file, readFileSync(file, 'utf8') + '{"_type":"nope"}\n');
    expect(() => openJsonl(file, 'r')).toThrow(JSONError);
    expect(() => openJsonl(file, 'r')).toThrow(/trials\.jsonl:4: <root>: unknown _type "nope"/);
    expect(openJsonl(file, 'r', { convertUnknown: true }).length).toBe(4);
  });

  it('round-trips generated trees through a file (fast-check)', () => {
    const file = join(tmp, 'prop.jsonl');
    fc.assert(
      fc.property(fc.array(descArb.map(build), { maxLength: 4 }), (trees) => {
        const w = openJsonl(file, 'w');
        for (const tree of trees) w.add(tree);
        w.close();
        const back = [...openJsonl(file, 'r')];
        expect(back.length).toBe(trees.length);
        back.forEach((v, i) => expect(eq(v, trees[i])).toBe(true));
        save(trees, join(tmp, 'prop.json'));
        expect(eq(load(join(tmp, 'prop.json')), trees)).toBe(true);
      }),
      { numRuns: 50 },
    );
    expect(fromJSONString('[1]')).toBeTruthy();
  });
});
