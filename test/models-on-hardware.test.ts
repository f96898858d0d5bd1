// Every model preset and every space's random children produce op lists the cost model accepts,
// and the convolution/dense layers of each op list hold the multiply-adds the IR counts.
import { describe, expect, it } from 'vitest';
import {
  MODEL_PRESETS,
  modelPreset,
  ops,
  countFlops,
  nasBenchMacroSpace,
  efficientNetSpace,
  efficientNetXSpace,
  spineNetSpace,
} from '@tsglove/models';
import { estimate, tpuV3, edgeTpu, type Estimate } from '@tsglove/hwsim';

/** MACs of conv, depthwise and matmul layers (what `countFlops` counts). */
const gemmMacs = (e: Estimate): number =>
  e.layers.filter((l) => l.kind === 'conv2d' || l.kind === 'depthwise' || l.kind === 'matmul').reduce((s, l) => s + l.macs, 0);
import { randomSample } from '@tsglove/symbolic';

// The largest presets take a while to build; these cover every family at a fraction of the cost.
const presets = MODEL_PRESETS.filter((name) => !/b[5-7]$|d[5-7]$|spinenet-(143|190)/.test(name));

describe('models on hardware', () => {
  it.each(presets)('%s: ops() are accepted by estimate() and sum to countFlops', (name) => {
    const graph = modelPreset(name).build();
    const list = ops(graph);
    expect(list.length).toBeGreaterThan(0);
    const result = estimate(tpuV3(), list);
    expect(result.layers).toHaveLength(list.length);
    expect(gemmMacs(result)).toBe(countFlops(graph));
    expect(result.totals.latencyMs).toBeGreaterThan(0);
  });

  it.each([
    ['nas-bench-macro', () => nasBenchMacroSpace()],
    ['efficientnet', () => efficientNetSpace()],
    ['efficientnet-x', () => efficientNetXSpace()],
    ['spinenet', () => spineNetSpace()],
  ] as const)('random children of the %s space build and run on an edge TPU', (_name, space) => {
    for (const child of randomSample(space(), { seed: 7, count: 3 })) {
      const graph = child.build();
      const result = estimate(edgeTpu(), ops(graph));
      expect(gemmMacs(result)).toBe(countFlops(graph));
    }
  });
});
