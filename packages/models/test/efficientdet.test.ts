import { describe, expect, it } from 'vitest';
import type { Op } from '@tsglove/hwsim';
import { EfficientDet, bifpnNodes, checkGraph, countFlops, countParams, efficientDet, efficientNet, ops } from '../src/index.js';

// Published (Tan et al. 2020, Table 2): params (M) and FLOPs (B).
const PUBLISHED = {
  d0: [3.9, 2.5],
  d1: [6.6, 6.1],
  d2: [8.1, 11],
  d3: [12.0, 25],
  d4: [20.7, 55],
  d5: [33.7, 135],
  d6: [51.9, 226],
  d7: [51.9, 325],
} as const;

describe('EfficientDet', () => {
  it('D0 has exactly 3,880,067 trainable parameters (90 classes)', () => {
    expect(countParams(efficientDet('d0')).trainable).toBe(3_880_067);
  });

  it('every preset builds, is well formed, and is within 3% of the published size and cost', () => {
    for (const [p, [mParams, bFlops]] of Object.entries(PUBLISHED)) {
      const g = checkGraph(efficientDet(p as keyof typeof PUBLISHED).build());
      expect(Math.abs(countParams(g).trainable / 1e6 / mParams - 1)).toBeLessThan(0.03);
      expect(Math.abs(countFlops(g) / 1e9 / bFlops - 1)).toBeLessThan(0.03);
      const list: Op[] = ops(g);
      expect(list.length).toBeGreaterThan(g.layers.length / 2);
    }
  });

  it('outputs class and box maps at levels 3-7 with heads shared across levels', () => {
    const g = checkGraph(efficientDet('d0').build());
    expect(g.outputShapes).toEqual([
      [64, 64, 810],
      [32, 32, 810],
      [16, 16, 810],
      [8, 8, 810],
      [4, 4, 810],
      [64, 64, 36],
      [32, 32, 36],
      [16, 16, 36],
      [8, 8, 36],
      [4, 4, 36],
    ]);
    const shared = g.layers.filter((l) => l.sharedWith !== undefined);
    // 2 heads × 4 levels × (3 tower + 1 predict) separable convs × 2 layers
    expect(shared).toHaveLength(2 * 4 * 4 * 2);
    expect(g.layers.filter((l) => l.kind === 'fusion')).toHaveLength(3 * 8);
  });

  it('BiFPN node wiring follows the paper', () => {
    expect(bifpnNodes(3, 7)).toEqual([
      { level: 6, inputs: [3, 4] },
      { level: 5, inputs: [2, 5] },
      { level: 4, inputs: [1, 6] },
      { level: 3, inputs: [0, 7] },
      { level: 4, inputs: [1, 7, 8] },
      { level: 5, inputs: [2, 6, 9] },
      { level: 6, inputs: [3, 5, 10] },
      { level: 7, inputs: [4, 11] },
    ]);
  });

  it('class count changes only the class prediction conv', () => {
    const a = countParams(efficientDet('d0')).trainable;
    const b = countParams(efficientDet('d0', { numClasses: 80 })).trainable;
    expect(a - b).toBe(9 * 10 * (64 + 1));
  });

  it('rejects bad input naming the field', () => {
    expect(() => efficientDet('d9' as 'd0')).toThrow(/^preset: unknown preset "d9"/);
    expect(() => efficientDet('d0', { resolution: 500 }).build()).toThrow(/^resolution: 500 is not divisible by 2\^maxLevel = 128/);
    expect(() => new EfficientDet({ backbone: efficientNet('b0'), fpnFilters: 0 })).toThrow(/fpnFilters/);
  });
});
