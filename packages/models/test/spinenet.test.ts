import { describe, expect, it } from 'vitest';
import type { Op } from '@tsglove/hwsim';
import {
  MobileSpineNet,
  SpineNet,
  SpineNetBlock,
  blocksFromTuples,
  checkGraph,
  countFlops,
  countParams,
  mobileSpineNet,
  ops,
  resNet50,
  retinaNet,
  spineNet,
  SPINENET_BLOCK_SPECS,
} from '../src/index.js';

const within = (value: number, published: number, tolerance: number): boolean => Math.abs(value / published - 1) <= tolerance;

describe('SpineNet + RetinaNet', () => {
  it('SpineNet-49 RetinaNet at 640 is within 2% of the published 28.5M params and 85.4B FLOPs', () => {
    const g = checkGraph(retinaNet({ backbone: spineNet('49') }).build());
    const params = countParams(g).trainable;
    const flops = countFlops(g);
    expect(within(params / 1e6, 28.5, 0.02)).toBe(true);
    expect(within(flops / 1e9, 85.4, 0.02)).toBe(true);
  });

  it('SpineNet-96/143/190 RetinaNets are within 1% of the published 43.0M/265.4B, 66.9M/524.4B, 163.6M/1885B', () => {
    const published = { '96': [43.0, 265.4, 4], '143': [66.9, 524.4, 4], '190': [163.6, 1885, 7] } as const;
    for (const [p, [params, flops, headConvs]] of Object.entries(published)) {
      const g = retinaNet({ backbone: spineNet(p as '96'), headConvs }).build();
      expect(within(countParams(g).trainable / 1e6, params, 0.01)).toBe(true);
      expect(within(countFlops(g) / 1e9, flops, 0.01)).toBe(true);
    }
  });

  it('SpineNet-49S: the reference config (128-wide endpoints) vs the published 12.0M / 33.8B (256-wide endpoints)', () => {
    // Model Garden / TPU SCALING_MAP and spinenet49S_retinanet.yaml: endpoints 128, head 128.
    const reference = retinaNet({ backbone: spineNet('49S') }).build();
    expect(countParams(reference).trainable).toBe(11_265_942);
    expect(countFlops(reference)).toBe(30_778_541_175);
    // Du et al. 2020 (RetinaNet table): 12.0M params, 33.8B FLOPs; TPU model zoo: 11.9M, 33.8B.
    const counted = retinaNet({ backbone: spineNet('49S', { endpointFilters: 256 }), headFilters: 128 }).build();
    checkGraph(counted);
    expect(counted.outputShapes[0]).toEqual([80, 80, 9 * 91]);
    expect(countParams(counted).trainable).toBe(11_944_598);
    expect(within(countParams(counted).trainable / 1e6, 12.0, 0.01)).toBe(true);
    expect(within(countParams(counted).trainable / 1e6, 11.9, 0.01)).toBe(true);
    expect(within(countFlops(counted) / 1e9, 33.8, 0.01)).toBe(true);
  });

  it('every preset builds with consistent shapes and endpoints at levels 3-7', () => {
    for (const p of ['49S', '49', '96', '143', '190'] as const) {
      const g = checkGraph(spineNet(p, { resolution: 256 }).build());
      const f = spineNet(p).endpointFilters;
      expect(g.outputShapes).toEqual([32, 16, 8, 4, 2].map((s) => [s, s, f]));
      const list: Op[] = ops(g);
      expect(list.length).toBeGreaterThan(100);
    }
  });

  it('block repeats and filter scaling grow the network', () => {
    const p = (b: SpineNet): number => countParams(b.build()).trainable;
    const small = spineNet('49', { resolution: 256 });
    const repeated = spineNet('49', { resolution: 256 });
    repeated.blockRepeats = 2;
    expect(p(repeated)).toBeGreaterThan(p(small));
    expect(p(spineNet('49S', { resolution: 256 }))).toBeLessThan(p(small));
  });

  it('output blocks absorb features that nothing consumed', () => {
    const g = spineNet('49', { resolution: 256 }).build();
    // block 16 (level 2 output) is unused by the endpoints (levels 3-7) and is dropped from the graph
    expect(g.layers.some((l) => l.name.startsWith('block16/'))).toBe(false);
    const merges = g.layers.filter((l) => l.kind === 'add' && l.name.endsWith('/merge'));
    expect(merges.some((l) => l.inputs.length > 2)).toBe(true);
  });

  it('a ResNet-50 backbone goes through an FPN', () => {
    const g = checkGraph(retinaNet({ backbone: resNet50({ resolution: 640, includeTop: false }) }).build());
    expect(g.outputShapes.slice(0, 5)).toEqual([80, 40, 20, 10, 5].map((s) => [s, s, 9 * 91]));
    expect(within(countParams(g).trainable / 1e6, 34.0, 0.03)).toBe(true); // SpineNet paper: R50-FPN 34.0M
  });

  it('rejects bad input naming the field', () => {
    expect(() => spineNet('50' as '49')).toThrow(/^preset: unknown preset "50"/);
    expect(() => spineNet('49', { resolution: 600 }).build()).toThrow(/^resolution: 600 is not divisible by 2\^maxLevel = 128/);
    const bad = blocksFromTuples(SPINENET_BLOCK_SPECS);
    bad[3]!.inputs[1] = 40;
    expect(() => new SpineNet({ blocks: bad, resolution: 256 }).build()).toThrow(
      /^blocks\[3\]\.inputs\[1\]: offset 40 does not name an earlier feature/,
    );
    const noP3 = blocksFromTuples(SPINENET_BLOCK_SPECS);
    noP3[11]!.isOutput = false; // the level-3 output block
    expect(() => new SpineNet({ blocks: noP3, resolution: 256 }).build()).toThrow(/no output block at level 3/);
    expect(() => new SpineNetBlock({ level: 0, blockFn: 'residual', inputs: [0, 1] })).toThrow(/level/);
  });
});

describe('mobile SpineNet', () => {
  it('SpineNet-49 (mobile) RetinaNet at 384 is near the published ~2.3M params and 1.0B FLOPs', () => {
    const g = checkGraph(retinaNet({ backbone: mobileSpineNet('49') }).build());
    expect(within(countParams(g).trainable / 1e6, 2.3, 0.05)).toBe(true);
    expect(within(countFlops(g) / 1e9, 1.0, 0.05)).toBe(true);
  });

  it('every preset builds', () => {
    for (const p of ['49', '49S', '49XS'] as const) {
      const g = checkGraph(mobileSpineNet(p).build());
      expect(g.outputShapes.length).toBe(5);
      expect(g.layers.some((l) => l.kind === 'activation' && l.config.fn === 'hardSigmoid')).toBe(true);
    }
  });

  it('rejects non-MBConv blocks', () => {
    const blocks = blocksFromTuples(SPINENET_BLOCK_SPECS);
    expect(() => new MobileSpineNet({ blocks }).build()).toThrow(/^blocks\[0\]\.blockFn: mobile SpineNet supports only "mbconv"/);
    expect(() => mobileSpineNet('49M' as '49')).toThrow(/unknown preset/);
  });
});
