import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Op } from '@tsglove/hwsim';
import {
  ACTIVATION_CODES,
  EfficientNet,
  MBConvBlock,
  UnknownPresetError,
  checkGraph,
  countFlops,
  countParams,
  decodeBlockString,
  efficientNet,
  efficientNetX,
  efficientNetLite,
  encodeBlockString,
  ops,
  planBlocks,
  roundFilters,
  type BlockArgs,
} from '../src/index.js';

const PRESETS = ['b0', 'b1', 'b2', 'b3', 'b4', 'b5', 'b6', 'b7'] as const;

describe('EfficientNet', () => {
  it('B0 matches Keras EfficientNetB0 exactly', () => {
    const p = countParams(efficientNet('b0'));
    expect(p).toEqual({ trainable: 5_288_548, nonTrainable: 42_016 });
    expect(p.trainable + p.nonTrainable + 7).toBe(5_330_571); // + Keras's input Normalization
  });

  it('B7 matches Keras EfficientNetB7 exactly', () => {
    const p = countParams(efficientNet('b7'));
    expect(p.trainable + p.nonTrainable + 7).toBe(66_658_687);
  });

  it('B0 has the published ~0.39B multiply-adds and Keras layer shapes', () => {
    const g = checkGraph(efficientNet('b0').build());
    expect(countFlops(g) / 1e9).toBeCloseTo(0.39, 2);
    expect(g.layer('top/conv')!.shape).toEqual([7, 7, 1280]);
    expect(g.layer('block6d/add')!.shape).toEqual([7, 7, 192]);
    expect(g.layers.filter((l) => l.name.endsWith('/project_conv'))).toHaveLength(16);
  });

  it('every preset builds with consistent shapes and hwsim ops', () => {
    for (const p of PRESETS) {
      for (const m of [efficientNet(p), efficientNetX(p), efficientNetX(p, { scaling: 'tpu' })]) {
        const g = checkGraph(m.build());
        expect(g.outputShapes).toEqual([[1000]]);
        const list: Op[] = ops(g);
        expect(list.length).toBeGreaterThan(50);
      }
    }
  });

  it('scales filters and repeats by the rounding rules', () => {
    expect(roundFilters(32, 1.1)).toBe(32);
    expect(roundFilters(1280, 2.0)).toBe(2560);
    expect(roundFilters(16, 1.4)).toBe(24);
    expect(roundFilters(40, 1.8)).toBe(72);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2048 }), fc.double({ min: 0.25, max: 4, noNaN: true }), (f, w) => {
        const r = roundFilters(f, w);
        expect(r % 8).toBe(0);
        expect(r).toBeGreaterThanOrEqual(Math.min(8, r));
        expect(r).toBeGreaterThanOrEqual(0.9 * f * w);
      }),
    );
    // B7: depth 3.1 turns the r4 group into 13 blocks
    expect(planBlocks(efficientNet('b7').spec).filter((b) => b.group === 5)).toHaveLength(13);
  });

  it('is a symbolic config: editing a block rebuilds a different network', () => {
    const m = efficientNet('b0');
    expect(m).toBeInstanceOf(EfficientNet);
    expect(m.blocks[1]!.blockString).toBe('r2_k3_s22_e6_i16_o24_se0.25');
    const base = countParams(m).trainable;
    m.blocks[1]!.kernel = 5;
    // two depthwise convs (96 and 144 channels) grow from 3x3 to 5x5
    expect(countParams(m).trainable).toBe(base + (25 - 9) * (96 + 144));
  });

  it('rejects unknown presets and bad fields', () => {
    expect(() => efficientNet('b9' as 'b0')).toThrow(UnknownPresetError);
    expect(() => efficientNet('b9' as 'b0')).toThrow(/^preset: unknown preset "b9"; expected one of "b0"/);
    expect(() => efficientNetX('b0', { scaling: 'gpu' as 'tpu' })).toThrow(/^scaling: unknown preset "gpu"/);
    expect(() => new EfficientNet({ blocks: [], width: 1 })).toThrow(/blocks/);
    expect(() => efficientNet('b0', { resolution: 0 })).toThrow(/resolution/);
  });
});

describe('EfficientNet-X', () => {
  it('B0 has the published 7.6M parameters and 0.91B multiply-adds', () => {
    const g = efficientNetX('b0').build();
    expect(countParams(g).trainable / 1e6).toBeCloseTo(7.6, 1);
    expect(countFlops(g) / 1e9).toBeCloseTo(0.91, 1);
  });

  it('uses space-to-depth, fused convs and per-block activations', () => {
    const g = checkGraph(efficientNetX('b0').build());
    expect(g.layer('block1a/space2depth_conv')!.shape).toEqual([56, 56, 128]);
    expect(g.layer('block1a/project_conv')!.shape).toEqual([56, 56, 64]);
    expect(g.layer('block2a/fused_conv')!.shape).toEqual([56, 56, 96]); // d2: stride-2 block at stride 1
    expect(g.layer('block2b/fused_activation')!.config).toEqual({ fn: 'swish' });
    expect(g.layer('block4a/activation')!.config).toEqual({ fn: 'relu' });
    expect(g.layer('stem/activation')!.config).toEqual({ fn: 'relu' });
    // LACS-scaled TPU variants grow depth fastest
    const tpu = planBlocks(efficientNetX('b7', { scaling: 'tpu' }).spec).length;
    expect(tpu).toBeGreaterThan(planBlocks(efficientNetX('b7').spec).length);
  });
});

describe('EfficientNet-Lite', () => {
  // Published (tensorflow/tpu EfficientNet-Lite README): params and MAdds.
  const PUBLISHED = { lite0: [4.7, 407], lite1: [5.4, 631], lite2: [6.1, 899], lite3: [8.2, 1440], lite4: [13.0, 2640] } as const;
  it('matches the published parameters (and MAdds within 6%)', () => {
    for (const [p, [params, madds]] of Object.entries(PUBLISHED)) {
      const g = checkGraph(efficientNetLite(p as 'lite0').build());
      expect(countParams(g).trainable / 1e6).toBeCloseTo(params, 1);
      expect(Math.abs(countFlops(g) / 1e6 / madds - 1)).toBeLessThan(0.06);
      expect(g.layers.some((l) => l.kind === 'multiply')).toBe(false); // no squeeze-and-excite
    }
  });

  it('keeps stem, head and the first/last groups fixed while scaling', () => {
    const g = efficientNetLite('lite4').build();
    expect(g.layer('stem/conv')!.shape[2]).toBe(32);
    expect(g.layer('top/conv')!.shape[2]).toBe(1280);
    expect(planBlocks(efficientNetLite('lite4').spec).filter((b) => b.group === 0)).toHaveLength(1);
    expect(() => efficientNetLite('lite5' as 'lite0')).toThrow(/^preset: unknown preset "lite5"/);
  });
});

describe('block strings', () => {
  const args: fc.Arbitrary<BlockArgs> = fc.record({
    repeats: fc.integer({ min: 1, max: 9 }),
    kernel: fc.integer({ min: 1, max: 9 }),
    stride: fc.integer({ min: 1, max: 4 }),
    expandRatio: fc.constantFrom(1, 3, 4, 6, 2.5),
    inputFilters: fc.integer({ min: 1, max: 1024 }),
    outputFilters: fc.integer({ min: 1, max: 1024 }),
    seRatio: fc.constantFrom(0, 0.25, 0.5, 1),
    idSkip: fc.boolean(),
    fused: fc.boolean(),
    spaceToDepth: fc.constantFrom(0 as const, 1 as const, 2 as const),
    activation: fc.constantFrom(null, ...ACTIVATION_CODES),
  });

  it('decode(encode(args)) round-trips', () => {
    fc.assert(
      fc.property(args, (a) => {
        expect(decodeBlockString(encodeBlockString(a))).toEqual(a);
      }),
    );
  });

  it('parses the published strings', () => {
    expect(decodeBlockString('r2_k3_s22_e6_i16_o24_se0.25_f1_d2_a1')).toEqual({
      repeats: 2,
      kernel: 3,
      stride: 2,
      expandRatio: 6,
      inputFilters: 16,
      outputFilters: 24,
      seRatio: 0.25,
      idSkip: true,
      fused: true,
      spaceToDepth: 2,
      activation: 'swish',
    });
    expect(MBConvBlock.parse('r1_k3_s11_e1_i32_o16_noskip').idSkip).toBe(false);
  });

  it('names the block and the problem', () => {
    expect(() => decodeBlockString('r1_k3_x', 'blocks[3]')).toThrow(/^blocks\[3\]: cannot parse block string "r1_k3_x": unknown field "x"/);
    expect(() => decodeBlockString('r1_k3_s12_e1_i3_o4')).toThrow(/stride "12"/);
    expect(() => decodeBlockString('r1_k3_s11_e1_i3')).toThrow(/missing field "o"/);
    expect(() => decodeBlockString('r1_k3_s11_e1_i3_o4_se2')).toThrow(/: seRatio: expected float in \[0, 1\], got 2$/);
    expect(() => decodeBlockString('r1_k3_s11_e1_i3_o4_a99')).toThrow(/activation code a99/);
    expect(() => decodeBlockString('r0_k3_s11_e1_i3_o4')).toThrow(/: repeats: expected int >= 1, got 0$/);
    expect(() => decodeBlockString('r1_k3_s11_e1_i3_o4_d3')).toThrow(/: spaceToDepth: expected one of \[0, 1, 2\], got 3$/);
    expect(() => decodeBlockString('')).toThrow(/empty/);
    expect(() => decodeBlockString('r1_r2_k3_s11_e1_i3_o4')).toThrow(/given twice/);
  });
});
