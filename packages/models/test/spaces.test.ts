import { describe, expect, it } from 'vitest';
import { dnaSpec, iterate, materialize, randomSample } from '@tsglove/symbolic';
import {
  EfficientNet,
  NasBenchMacro,
  ScalePermutation,
  checkGraph,
  countParams,
  efficientNet,
  efficientNetSpace,
  efficientNetX,
  efficientNetXSpace,
  nasBenchMacroSpace,
  nasBenchMacroTable,
  spineNet,
  spineNet49Permutation,
  spineNetSpace,
} from '../src/index.js';

describe('NAS-Bench-Macro space', () => {
  it('is 8 × oneOf([0, 1, 2]) and enumerates exactly the table', () => {
    const space = nasBenchMacroSpace();
    const spec = dnaSpec(space);
    expect(spec.spaceSize).toBe(6561);
    const keys = new Set<string>();
    for (const m of iterate(space)) keys.add(m.key);
    expect(keys).toEqual(new Set(nasBenchMacroTable().entries.map((e) => e.key)));
  });

  it('materializes DNA numbers into the network of that key', () => {
    const m = materialize(nasBenchMacroSpace(), [0, 1, 2, 0, 1, 2, 2, 1]);
    expect(m).toBeInstanceOf(NasBenchMacro);
    expect(m.key).toBe('01201221');
    expect(countParams(m.build()).trainable).toBe(nasBenchMacroTable().get('01201221').params);
  });
});

describe('EfficientNet spaces', () => {
  it('every random point builds a well-formed network', () => {
    for (const space of [efficientNetSpace({ resolution: 64 }), efficientNetXSpace({ resolution: 64 })]) {
      for (const m of randomSample(space, { seed: 7, count: 6 })) {
        expect(m).toBeInstanceOf(EfficientNet);
        const g = checkGraph(m.build());
        expect(g.outputShapes).toEqual([[1000]]);
      }
    }
  });

  it('has one decision per searchable field', () => {
    const spec = dnaSpec(efficientNetSpace());
    // 7 stages × (repeats, kernel, seRatio, activation) + 6 × expandRatio
    expect(spec.decisionPoints.length).toBe(7 * 4 + 6);
    const fixed = dnaSpec(
      efficientNetSpace({ kernels: [3], seRatios: [0.25], activations: ['swish'], repeatDeltas: [0], expandRatios: [6] }),
    );
    expect(fixed.spaceSize).toBe(1);
  });

  it('contains EfficientNet-B0 and EfficientNet-X-B0', () => {
    const b0 = efficientNetSpace({ kernels: [3, 5], expandRatios: [6], seRatios: [0.25], activations: ['swish'], repeatDeltas: [0] });
    const found = [...iterate(b0)].some((m) => countParams(m).trainable === countParams(efficientNet('b0')).trainable);
    expect(found).toBe(true);
    const xb0 = efficientNetX('b0');
    const x = materialize(
      efficientNetXSpace({
        kernels: [3, 5],
        expandRatios: [6],
        seRatios: [0.25],
        activations: ['relu', 'swish'],
        repeatDeltas: [0],
        fused: [false, true],
      }),
      firstWith(),
    );
    expect(x.blocks[0]!.spaceToDepth).toBe(1);
    expect(countParams(x).trainable).toBeGreaterThan(0);
    expect(xb0.blocks.length).toBe(x.blocks.length);
  });

  it('rejects empty candidate lists naming the option', () => {
    expect(() => efficientNetSpace({ kernels: [] })).toThrow(/^kernels: needs at least one candidate/);
  });
});

/** DNA numbers choosing the space-to-depth branch and the first candidate everywhere. */
function firstWith(): number[] {
  const spec = dnaSpec(
    efficientNetXSpace({
      kernels: [3, 5],
      expandRatios: [6],
      seRatios: [0.25],
      activations: ['relu', 'swish'],
      repeatDeltas: [0],
      fused: [false, true],
    }),
  );
  return spec.firstDNA().toNumbers();
}

describe('SpineNet space', () => {
  it('SpineNet-49 is a point of the space and builds the same network', () => {
    const p = spineNet49Permutation({ resolution: 256 });
    expect(countParams(p).trainable).toBe(countParams(spineNet('49', { resolution: 256 })).trainable);
  });

  it('random points (permutations, connections, adjustments) build', () => {
    const space = spineNetSpace({ resolution: 256 });
    const spec = dnaSpec(space);
    expect(spec.spaceSize).toBeGreaterThan(1e20);
    for (const m of randomSample(space, { seed: 3, count: 5 })) {
      expect(m).toBeInstanceOf(ScalePermutation);
      const g = checkGraph(m.build());
      expect(g.outputShapes.map((s) => s[0])).toEqual([32, 16, 8, 4, 2]);
    }
  });

  it('rejects malformed permutations naming the field', () => {
    const p = spineNet49Permutation();
    p.intermediateOrder[0] = 1;
    expect(() => p.toBlocks()).toThrow(/^intermediateOrder: expected a permutation of 0\.\.9/);
    const q = spineNet49Permutation();
    q.levelShifts.pop();
    expect(() => q.toBlocks()).toThrow(/^levelShifts: expected 10 entries, got 9/);
    expect(() => spineNetSpace({ blockFns: ['mbconv'] })).toThrow(/^blockFns:/);
  });
});
