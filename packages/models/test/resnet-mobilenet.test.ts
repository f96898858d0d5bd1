import { describe, expect, it } from 'vitest';
import type { Op } from '@tsglove/hwsim';
import {
  MobileNetV2,
  ResNet,
  UnknownPresetError,
  checkGraph,
  countFlops,
  countParams,
  mobileNetV2,
  ops,
  resNet,
  resNet50,
} from '../src/index.js';

describe('ResNet', () => {
  it('ResNet-50 matches Keras exactly', () => {
    expect(countParams(resNet50())).toEqual({ trainable: 25_583_592, nonTrainable: 53_120 });
    const p = countParams(resNet50());
    expect(p.trainable + p.nonTrainable).toBe(25_636_712);
  });

  it('has the published ~3.8-4.1B multiply-adds and stage shapes', () => {
    const g = checkGraph(resNet50().build());
    const gmacs = countFlops(g) / 1e9;
    expect(gmacs).toBeGreaterThan(3.8);
    expect(gmacs).toBeLessThan(4.1);
    expect(g.layer('conv5_block3/out')!.shape).toEqual([7, 7, 2048]);
    expect(g.layer('conv2_block1/1_conv')!.shape).toEqual([56, 56, 64]);
    const list: Op[] = ops(g);
    expect(list.filter((o) => o.kind === 'conv2d')).toHaveLength(53);
  });

  it('deeper variants and headless builds', () => {
    expect(countParams(resNet(101)).trainable).toBe(44_601_832); // Keras ResNet101: 44,707,176 total
    const headless = checkGraph(resNet50({ includeTop: false }).build());
    expect(headless.outputShapes).toEqual([[7, 7, 2048]]);
  });

  it('rejects bad input', () => {
    expect(() => resNet(34 as 50)).toThrow(UnknownPresetError);
    expect(() => resNet(34 as 50)).toThrow(/^depth: unknown preset "34"/);
    expect(() => new ResNet({ stages: [] })).toThrow(/stages/);
    expect(() => resNet50({ resolution: 8 })).toThrow(/resolution/);
  });
});

describe('MobileNetV2', () => {
  it('matches Keras MobileNetV2 (alpha 1.0, 224) exactly', () => {
    const p = countParams(mobileNetV2());
    expect(p).toEqual({ trainable: 3_504_872, nonTrainable: 34_112 });
    expect(p.trainable + p.nonTrainable).toBe(3_538_984);
    expect(countFlops(mobileNetV2()) / 1e6).toBeCloseTo(300, -1); // paper: 300M multiply-adds
  });

  it('width multiplier changes filters by the divisible-by-8 rule', () => {
    const p = countParams(mobileNetV2({ alpha: 1.4 }));
    expect(p.trainable + p.nonTrainable).toBe(6_156_712); // Keras MobileNetV2(alpha=1.4)
    const g = checkGraph(mobileNetV2({ alpha: 0.35, resolution: 96 }).build());
    expect(g.layer('head/conv')!.shape).toEqual([3, 3, 1280]);
  });

  it('rejects bad input', () => {
    expect(() => new MobileNetV2({ alpha: 0 })).toThrow(/alpha/);
    expect(() => mobileNetV2({ numClasses: 0 })).toThrow(/numClasses/);
  });
});
