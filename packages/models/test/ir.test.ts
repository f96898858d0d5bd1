import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Op } from '@tsglove/hwsim';
import {
  GraphBuilder,
  ModelsError,
  ShapeError,
  activationMemory,
  checkGraph,
  countFlops,
  countParams,
  ops,
  windowOutput,
} from '../src/index.js';

function smallNet() {
  const g = new GraphBuilder([32, 32, 3], 'small');
  let x = g.input();
  x = g.conv2d(x, { filters: 16, kernel: 3, stride: 2, useBias: false, name: 'stem' }); // 16x16x16
  x = g.batchNorm(x);
  x = g.activation(x, 'relu');
  const skip = x;
  let y = g.depthwiseConv2d(x, { kernel: 3 }); // 16x16x16
  y = g.batchNorm(y);
  const s = g.globalPool(y, { keepDims: true });
  const e = g.conv2d(s, { filters: 4, kernel: 1 });
  const gate = g.activation(g.conv2d(e, { filters: 16, kernel: 1 }), 'sigmoid');
  y = g.multiply(y, gate);
  x = g.add([skip, y]);
  x = g.maxPool(x, { size: 2 }); // 8x8x16
  x = g.globalPool(x);
  x = g.dense(x, { units: 10 });
  return g.build(x);
}

describe('GraphBuilder', () => {
  it('infers shapes and keeps layers topological', () => {
    const graph = checkGraph(smallNet());
    expect(graph.outputShapes).toEqual([[10]]);
    expect(graph.layer('stem')!.shape).toEqual([16, 16, 16]);
    graph.layers.forEach((l, i) => {
      expect(l.id).toBe(i);
      for (const j of l.inputs) expect(j).toBeLessThan(i);
    });
  });

  it('counts parameters as Keras does', () => {
    // stem 3*3*3*16 = 432; bn 32 (+32); dw 9*16 = 144; bn 32 (+32); se 16*4+4 = 68, 4*16+16 = 80; dense 160+10
    expect(countParams(smallNet())).toEqual({ trainable: 432 + 32 + 144 + 32 + 68 + 80 + 170, nonTrainable: 64 });
  });

  it('counts multiply-adds of convolutions and dense layers', () => {
    const macs = 16 * 16 * 16 * 27 + 16 * 16 * 16 * 9 + 16 * 4 + 4 * 16 + 16 * 10;
    expect(countFlops(smallNet())).toBe(macs);
  });

  it('emits hwsim ops', () => {
    const list: Op[] = ops(smallNet());
    const dw = list.find((o) => o.kind === 'depthwise');
    expect(dw).toMatchObject({ channels: 16, filterH: 3, stride: 1, multiplier: 1 });
    expect(list.find((o) => o.name === 'stem')).toMatchObject({
      kind: 'conv2d',
      ifmapH: 32,
      channels: 3,
      numFilters: 16,
      stride: 2,
      padding: 'same',
    });
    expect(list.filter((o) => o.kind === 'matmul')).toEqual([{ kind: 'matmul', name: 'dense', m: 1, k: 16, n: 10 }]);
    expect(list.filter((o) => o.kind === 'pool').map((o) => (o.kind === 'pool' ? o.mode : ''))).toEqual(['global', 'max', 'global']);
  });

  it('measures activation memory', () => {
    const g = new GraphBuilder([4, 4, 2]);
    const a = g.activation(g.input(), 'relu'); // 32
    const b = g.activation(a, 'relu'); // 32, frees input? input last used by a
    const graph = g.build(g.add([a, b]));
    const mem = activationMemory(graph);
    expect(mem.total).toBe(32 * 4);
    expect(mem.peak).toBe(32 * 3); // a, b and the sum alive together
  });

  it('dropout aliases its input in activation memory', () => {
    const g = new GraphBuilder([4, 4, 2]);
    const a = g.activation(g.input(), 'relu'); // 32
    const d = g.dropout(a, 0.5);
    const b = g.activation(d, 'relu'); // 32
    const mem = activationMemory(g.build(g.add([d, b])));
    expect(mem.total).toBe(32 * 4);
    expect(mem.peak).toBe(32 * 3);
  });

  it('drops layers no output depends on', () => {
    const g = new GraphBuilder([8, 8, 3]);
    const x = g.input();
    g.conv2d(x, { filters: 4, kernel: 3 }); // dead
    const y = g.conv2d(x, { filters: 2, kernel: 1, name: 'live' });
    const graph = checkGraph(g.build(y));
    expect(graph.layers.map((l) => l.name)).toEqual(['input', 'live']);
    expect(graph.outputs).toEqual([1]);
  });

  it('scopes and uniquifies names', () => {
    const g = new GraphBuilder([8, 8, 3]);
    let x = g.input();
    x = g.scope('block1', () => g.batchNorm(g.conv2d(x, { filters: 4, kernel: 3 })));
    x = g.scope('block1', () => g.conv2d(x, { filters: 4, kernel: 3 }));
    const names = g.build(x).layers.map((l) => l.name);
    expect(names).toEqual(['input', 'block1/conv2d', 'block1/batchNorm', 'block1/conv2d_1']);
  });

  it('handles concat, upsample, space-to-depth, fusion', () => {
    const g = new GraphBuilder([16, 16, 8]);
    const x = g.input();
    const s2d = g.spaceToDepth(x, 2);
    expect(s2d.shape).toEqual([8, 8, 32]);
    const up = g.upsample(g.maxPool(x, { size: 3, stride: 2, padding: 'same' }), 2);
    expect(up.shape).toEqual([16, 16, 8]);
    const f = g.fusion([x, up]);
    const c = g.concat([f, x]);
    expect(c.shape).toEqual([16, 16, 16]);
    const graph = checkGraph(g.build([c, s2d]));
    expect(countParams(graph)).toEqual({ trainable: 2, nonTrainable: 0 });
  });

  it('window output sizes follow TensorFlow', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 4 }), (h, k, s) => {
        expect(windowOutput(h, k, s, 'same')).toBe(Math.ceil(h / s));
        if (h >= k) expect(windowOutput(h, k, s, 'valid')).toBe(Math.ceil((h - k + 1) / s));
      }),
    );
  });

  it('rejects bad input with the offending field', () => {
    expect(() => new GraphBuilder([32, 32])).toThrow(/inputShape: expected \[H, W, C\]/);
    expect(() => new GraphBuilder([32, 0, 3])).toThrow(/inputShape\[1\]/);
    const g = new GraphBuilder([8, 8, 3]);
    const x = g.input();
    expect(() => g.conv2d(x, { filters: 0, kernel: 3, name: 'c' })).toThrow(/c\.filters: expected int >= 1, got 0/);
    expect(() => g.conv2d(x, { filters: 4, kernel: 3, groups: 2, name: 'g' })).toThrow(ShapeError);
    expect(() => g.conv2d(x, { filters: 4, kernel: 9, padding: 'valid', name: 'big' })).toThrow(/big: kernel 9x9 does not fit/);
    expect(() => g.spaceToDepth(g.conv2d(x, { filters: 4, kernel: 2, padding: 'valid' }), 2, 's2d')).toThrow(
      /s2d: space-to-depth block 2 does not divide a 7x7/,
    );
    expect(() => g.add([x, g.conv2d(x, { filters: 5, kernel: 1 })], 'res')).toThrow(/res: add input 1 has shape/);
    expect(() => g.dropout(x, 1.5, 'drop')).toThrow(/drop\.rate/);
    expect(() => g.build([])).toThrow(ModelsError);
  });

  it('the generic layer() call validates configs', () => {
    const g = new GraphBuilder([8, 8, 3]);
    const x = g.input();
    const y = g.layer(
      'conv2d',
      { filters: 4, kernel: [3, 3], stride: 1, padding: 'same', groups: 1, useBias: true, dilation: 1 },
      [x],
      'ok',
    );
    expect(y.shape).toEqual([8, 8, 4]);
    expect(() =>
      g.layer('conv2d', { filters: 4, kernel: [3, 0], stride: 1, padding: 'same', groups: 1, useBias: true, dilation: 1 }, [x], 'bad'),
    ).toThrow(/^bad\.kernel\[1\]: expected int >= 1, got 0/);
    expect(() => g.layer('activation', { fn: 'mish' as 'relu' }, [x], 'act')).toThrow(/^act\.fn: expected one of \['relu'/);
    expect(() => g.layer('pool2d', { mode: 'max', size: 2, stride: 2, padding: 'full' as 'same' }, [x])).toThrow(/^pool2d\.padding/);
    expect(() => g.layer('nope' as 'add', {}, [x])).toThrow(/unknown layer kind "nope"/);
  });

  it('analyses reject what is not a model', () => {
    for (const f of [countParams, countFlops, activationMemory, ops]) {
      expect(() => f({} as never)).toThrow(/^model: expected a Graph or a model config with build\(\), got Object/);
      expect(() => f(null as never)).toThrow(/got null/);
      expect(() => f({ build: () => 42 } as never)).toThrow(ModelsError);
    }
  });

  it('checkGraph rejects a tampered graph', () => {
    const graph = smallNet();
    const layers = graph.layers.map((l) => (l.name === 'stem' ? { ...l, shape: [15, 16, 16] } : l));
    const bad = new (graph.constructor as typeof import('../src/index.js').Graph)('bad', layers, graph.outputs);
    expect(() => checkGraph(bad)).toThrow(/stem.*differs from inferred \[16, 16, 16\]/);
  });
});

describe('weight sharing', () => {
  it('counts shared weights once and validates the match', () => {
    const g = new GraphBuilder([8, 8, 4]);
    const x = g.input();
    const a = g.conv2d(x, { filters: 4, kernel: 3, name: 'a' });
    const b = g.conv2d(g.maxPool(x, { size: 2 }), { filters: 4, kernel: 3, name: 'b', shareWith: a });
    const c = g.conv2d(b, { filters: 4, kernel: 3, name: 'c', shareWith: b }); // chains resolve to a
    const graph = checkGraph(g.build([a, c]));
    expect(countParams(graph).trainable).toBe(3 * 3 * 4 * 4 + 4);
    expect(graph.layer('c')!.sharedWith).toBe(graph.layer('a')!.id);
    expect(countFlops(graph)).toBe(8 * 8 * 4 * 36 + 2 * 4 * 4 * 4 * 36);
    expect(() => g.conv2d(x, { filters: 5, kernel: 3, name: 'd', shareWith: a })).toThrow(
      /^d: cannot share weights with a: configs differ/,
    );
    expect(() => g.conv2d(g.concat([x, x]), { filters: 4, kernel: 3, name: 'e', shareWith: a })).toThrow(/input channels 8 differ from 4/);
  });
});
