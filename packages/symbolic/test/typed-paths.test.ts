/**
 * Typed rebind paths: the accepted paths and the compile-time errors are checked by `tsc --noEmit`
 * (each `@ts-expect-error` fails type-checking if its error goes away); the runtime halves run here.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  rebind,
  symGet,
  query,
  oneOf,
  symbolic,
  t,
  Dict,
  List,
  REMOVE,
  toJSON,
  PathError,
  type PathOf,
  type ValueAt,
  type InputAt,
} from '@tsglove/symbolic';
import { Block, type Net, Stage, makeNet } from './fixtures.js';

describe('typed rebind paths', () => {
  it('accepts every path of the inferred schema, with index patterns checked at run time', () => {
    const net = makeNet();
    rebind(net, { 'stages[1].blocks[0].kernel': 7, stem: 16, 'stages[0].name': 'first' });
    rebind(net, { 'stages.1.blocks.0.kernel': 5 }); // dotted indices are the same paths
    rebind(net, { 'stages[0].blocks[0].act': oneOf(['relu', 'swish']) }); // a hyper value fits
    rebind(net, { 'stages[0].blocks': [new Block()] }); // a plain array for a list field
    rebind(net, { 'meta.anything': { x: 1 }, 'meta["odd key"]': 2 }); // record keys are free
    rebind(net, { 'meta.anything': REMOVE });
    expect(net.stages[1]!.blocks[0]!.kernel).toBe(5);
    expect(() => rebind(net, { 'stages[9].blocks[0].kernel': 3 })).toThrow(PathError); // the index is a runtime check
    net.stages[0]!.symRebind({ 'blocks[0].kernel': 9 }); // the method is typed from the object's own type
    // @ts-expect-error -- Stage has no field "kernel"
    expect(() => net.stages[0]!.symRebind({ kernel: 9 })).toThrow(PathError);
  });

  it('rejects misspelt paths and wrong value types at compile time', () => {
    const net = makeNet();
    // @ts-expect-error -- "blokcs" is not a field of Stage
    expect(() => rebind(net, { 'stages[0].blokcs[0].kernel': 7 })).toThrow(PathError);
    // @ts-expect-error -- kernel is a number
    expect(() => rebind(net, { 'stages[0].blocks[0].kernel': 'seven' })).toThrow('expected int in [1, 11], got "seven"');
    // @ts-expect-error -- act is 'relu' | 'swish'
    expect(() => rebind(net, { 'stages[0].blocks[0].act': 'gelu' })).toThrow("expected one of ['relu', 'swish']");
    // @ts-expect-error -- an index is a number
    expect(() => rebind(net, { 'stages[x].name': 'a' })).toThrow(PathError);
    // @ts-expect-error -- a Stage is not a Block
    expect(() => rebind(net, { 'stages[0].blocks[0]': new Stage({ blocks: [new Block()] }) })).toThrow('expected Block');
  });

  it('a path held in a string variable is checked at run time only', () => {
    const net = makeNet();
    const path: string = 'stages[0].blocks[0].kernel';
    rebind(net, { [path]: 9 });
    expect(net.stages[0]!.blocks[0]!.kernel).toBe(9);
    const dynamic: Record<string, unknown> = { 'stages[0].nope': 1 };
    expect(() => rebind(net, dynamic)).toThrow('has no field "nope"');
  });

  it('untyped containers accept any path', () => {
    const d = new Dict({ a: { b: 1 } });
    rebind(d, { 'a.b': 2, 'a.c': 3 });
    const l = List.of(1, 2);
    rebind(l, { '[0]': 5 });
    expect(toJSON([d.a, l])).toEqual([{ b: 2, c: 3 }, [5, 2]]);
  });

  it('exposes the path and value types', () => {
    type P = PathOf<Net>;
    expectTypeOf<'stem'>().toMatchTypeOf<P>();
    expectTypeOf<'stages[3].blocks[1].kernel'>().toMatchTypeOf<P>();
    expectTypeOf<'stages[3].blocks[1].kernal'>().not.toMatchTypeOf<P>();
    expectTypeOf<ValueAt<Net, 'stages[0].blocks[1].kernel'>>().toEqualTypeOf<number>();
    expectTypeOf<ValueAt<Net, 'stages[0].blocks'>>().toEqualTypeOf<List<Block>>();
    expectTypeOf<ValueAt<Net, 'stages.0.name'>>().toEqualTypeOf<string>();
    expectTypeOf<ValueAt<Net, 'stages[0].blocks[1].se'>>().toEqualTypeOf<number | undefined>();
    expectTypeOf<'relu'>().toMatchTypeOf<InputAt<Net, 'stages[0].blocks[0].act'>>();
  });

  it('keeps recursive trees cheap: paths deeper than the limit fall back to unknown', () => {
    class Node extends symbolic('typed.Node', { value: t.int(), next: t.any().optional() }) {}
    const chain = new Node({ value: 1, next: new Node({ value: 2 }) });
    rebind(chain, { 'next.value': 3 }); // below an `any` field every path is accepted
    expect(symGet(chain, 'next.value')).toBe(3);
    type Deep = PathOf<{ a: { b: { c: { d: { e: { f: { g: { h: { i: { j: number } } } } } } } } } }>;
    expectTypeOf<'a.b.c.d.e.f.g.h'>().toMatchTypeOf<Deep>();
    expectTypeOf<'a.b.c.d.e.f.g.h.i.j'>().toMatchTypeOf<Deep>(); // past the depth limit: any path below
  });
});

describe('typed symGet and query', () => {
  it('symGet returns the typed value at a path and names a missing key', () => {
    const net = makeNet();
    const kernel = symGet(net, 'stages[1].blocks[0].kernel');
    expectTypeOf(kernel).toEqualTypeOf<number>();
    expect(kernel).toBe(3);
    const stage = net.symGet('stages[0]');
    expectTypeOf(stage).toEqualTypeOf<Stage>();
    expect(stage).toBe(net.stages[0]);
    // @ts-expect-error -- no such path
    expect(() => symGet(net, 'stages[0].blokcs')).toThrow(PathError);
    expect(() => symGet(net, 'stages[7].name')).toThrow('stages[7].name: nothing at "stages[7]"');
    expect(symGet({ a: [1, { b: 2 }] }, 'a[1].b')).toBe(2);
  });

  it('query with an exact path is typed the same way; a RegExp is not', () => {
    const net = makeNet();
    const found = query(net, { path: 'stages[0].blocks[0].kernel' });
    expectTypeOf(found).toEqualTypeOf<Record<string, number>>();
    expect(found).toEqual({ 'stages[0].blocks[0].kernel': 3 });
    // @ts-expect-error -- no such path
    query(net, { path: 'stages[0].kernal' });
    expect(Object.keys(query(net, { path: /\.kernel$/ }))).toHaveLength(8);
  });
});
