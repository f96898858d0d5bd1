import { describe, expect, expectTypeOf, it } from 'vitest';
import fc from 'fast-check';
import { fromJSON, toJSON } from '@tsglove/symbolic';
import type { Op } from '@tsglove/hwsim';
import {
  GraphBuilder,
  activationMemory,
  checkGraph,
  countFlops,
  countParams,
  efficientDet,
  efficientNet,
  efficientNetX,
  mobileNetV2,
  mobileSpineNet,
  nasBenchMacro,
  ops,
  resNet50,
  retinaNet,
  spineNet,
  summary,
  modelPreset,
  MODEL_PRESETS,
  type Graph,
  type ModelLike,
} from '../src/index.js';

/** Multiply-adds recomputed from an op list alone (independent of countFlops). */
function macsOfOps(list: readonly Op[]): number {
  let macs = 0;
  for (const o of list) {
    const out = (h: number, k: number, s: number, pad?: string): number =>
      pad === 'same' ? Math.ceil(h / s) : Math.floor((h - k) / s) + 1;
    if (o.kind === 'conv2d')
      macs +=
        out(o.ifmapH, o.filterH, o.stride, o.padding) *
        out(o.ifmapW, o.filterW, o.stride, o.padding) *
        o.filterH *
        o.filterW *
        (o.channels / (o.groups ?? 1)) *
        o.numFilters;
    if (o.kind === 'depthwise')
      macs +=
        out(o.ifmapH, o.filterH, o.stride, o.padding) *
        out(o.ifmapW, o.filterW, o.stride, o.padding) *
        o.filterH *
        o.filterW *
        o.channels *
        (o.multiplier ?? 1);
    if (o.kind === 'matmul') macs += o.m * o.k * o.n;
  }
  return macs;
}

const PRESETS: [string, () => ModelLike][] = [
  ['nasBenchMacro', () => nasBenchMacro('12012012')],
  ['efficientNet b3', () => efficientNet('b3')],
  ['efficientNetX b2 tpu', () => efficientNetX('b2', { scaling: 'tpu' })],
  ['mobileNetV2', () => mobileNetV2()],
  ['resNet50', () => resNet50()],
  ['efficientDet d1', () => efficientDet('d1')],
  ['spineNet 49S', () => spineNet('49S', { resolution: 384 })],
  ['mobileSpineNet 49XS', () => mobileSpineNet('49XS')],
  ['retinaNet spineNet 49', () => retinaNet({ backbone: spineNet('49', { resolution: 256 }) })],
];

describe('every family', () => {
  it.each(PRESETS)('%s: well formed, hwsim ops agree with countFlops, JSON-safe graph', (_, make) => {
    const m = make();
    const g = checkGraph('build' in m ? m.build() : m);
    const list: Op[] = ops(g);
    expect(macsOfOps(list)).toBe(countFlops(g));
    const mem = activationMemory(g);
    expect(mem.peak).toBeGreaterThan(0);
    expect(mem.peak).toBeLessThanOrEqual(mem.total);
    const copy = JSON.parse(JSON.stringify(g.toJSON())) as ReturnType<Graph['toJSON']>;
    expect(copy.layers.length).toBe(g.layers.length);
    expect(copy.layers[5]).toEqual(g.layers[5]);
  });

  it.each(PRESETS)('%s: the symbolic config survives a JSON round trip', (_, make) => {
    const m = make();
    if (!('build' in m)) throw new Error('presets are configs');
    const back = fromJSON(JSON.parse(JSON.stringify(toJSON(m)))) as ModelLike;
    expect(back).not.toBe(m);
    expect(countParams(back)).toEqual(countParams(m));
  });
});

describe('types', () => {
  it('configs expose typed fields and ops() is Op[]', () => {
    const b0 = efficientNet('b0');
    expectTypeOf(b0.width).toEqualTypeOf<number>();
    expectTypeOf(b0.blocks[0]!.kernel).toEqualTypeOf<number>();
    expectTypeOf(b0.activation).toEqualTypeOf<
      'relu' | 'relu6' | 'swish' | 'gelu' | 'softplus' | 'sigmoid' | 'hardSwish' | 'hardSigmoid' | 'tanh' | 'parametricSoftplus' | 'elu'
    >();
    expectTypeOf(ops(b0)).toEqualTypeOf<Op[]>();
    expectTypeOf(countParams(b0)).toEqualTypeOf<{ trainable: number; nonTrainable: number }>();
  });
});

describe('IR invariants (property)', () => {
  type Step =
    | { kind: 'conv'; filters: number; kernel: number; stride: number; groups: number; same: boolean }
    | { kind: 'bn' }
    | { kind: 'act' }
    | { kind: 'pool'; size: number };
  const step: fc.Arbitrary<Step> = fc.oneof(
    fc.record({
      kind: fc.constant('conv' as const),
      filters: fc.integer({ min: 1, max: 4 }),
      kernel: fc.integer({ min: 1, max: 5 }),
      stride: fc.integer({ min: 1, max: 3 }),
      groups: fc.constantFrom(1, 2),
      same: fc.boolean(),
    }),
    fc.constant({ kind: 'bn' as const }),
    fc.constant({ kind: 'act' as const }),
    fc.record({ kind: fc.constant('pool' as const), size: fc.integer({ min: 1, max: 3 }) }),
  );

  it('random chains: ops() and countFlops() agree, params match the closed form', () => {
    fc.assert(
      fc.property(fc.integer({ min: 8, max: 40 }), fc.array(step, { maxLength: 12 }), (size, steps) => {
        const g = new GraphBuilder([size, size, 4]);
        let x = g.input();
        let params = 0;
        for (const s of steps) {
          const c = x.shape[2]!;
          if (s.kind === 'conv') {
            const filters = s.filters * s.groups;
            const fits = s.same || x.shape[0]! >= s.kernel;
            if (!fits || c % s.groups) continue;
            x = g.conv2d(x, { filters, kernel: s.kernel, stride: s.stride, groups: s.groups, padding: s.same ? 'same' : 'valid' });
            params += s.kernel * s.kernel * (c / s.groups) * filters + filters;
          } else if (s.kind === 'bn') {
            x = g.batchNorm(x);
            params += 2 * c;
          } else if (s.kind === 'act') x = g.activation(x, 'relu6');
          else if (x.shape[0]! >= s.size) x = g.maxPool(x, { size: s.size });
        }
        const pooled = g.globalPool(x);
        x = g.dense(pooled, { units: 3 });
        params += 3 * (pooled.shape[0]! + 1);
        const graph = checkGraph(g.build(x));
        expect(countParams(graph).trainable).toBe(params);
        expect(macsOfOps(ops(graph))).toBe(countFlops(graph));
      }),
      { numRuns: 200 },
    );
  });
});

describe('modelPreset / summary', () => {
  it('knows every family by name', () => {
    expect(MODEL_PRESETS).toContain('efficientnet-b7');
    expect(MODEL_PRESETS).toContain('retinanet-spinenet-49s');
    expect(MODEL_PRESETS.length).toBeGreaterThan(40);
    expect(countParams(modelPreset('EfficientDet-D0')).trainable).toBe(3_880_067);
    expect(countParams(modelPreset('nas-bench-macro-00000000')).trainable).toBe(387_882);
    for (const name of MODEL_PRESETS.filter((n) => /mobilenet|mobile-spinenet|nas|-b0|d0|spinenet-49$/.test(n))) {
      checkGraph(modelPreset(name).build());
    }
  });

  it('rejects unknown names naming the field', () => {
    expect(() => modelPreset('efficientnet-b9')).toThrow(/^name: unknown preset "efficientnet-b9"/);
    expect(() => modelPreset('nas-bench-macro-3')).toThrow(/^key: expected 8 characters/);
  });

  it('summary lists layers, shapes, sharing and totals', () => {
    const s = summary(efficientDet('d0'), { maxLayers: 10 });
    expect(s).toMatch(/^efficientdet-d0: \d+ layers/);
    expect(s).toContain('trainable params: 3,880,067');
    expect(s).toMatch(/more layers/);
    expect(summary(efficientDet('d0'))).toMatch(/shared with class_net\/level0\/conv0\/depthwise/);
    expect(summary(nasBenchMacro('00000000'))).toMatch(/stem\/conv\s+conv2d\s+\[32, 32, 32\]\s+864/);
  });
});
