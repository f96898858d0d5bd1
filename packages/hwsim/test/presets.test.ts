import { describe, expect, it } from 'vitest';
import { dnaSpec, materialize, randomDNA, makeRandom, ValidationError } from '@tsglove/symbolic';
import {
  EdgeAccelerator,
  edgeAcceleratorSpace,
  edgeTpu,
  estimate,
  mobileNetOps,
  peakOpsPerSecond,
  SystolicArray,
  tpuV3,
  v100,
} from '@tsglove/hwsim';

const within = (got: number, want: number, pct: number): void => {
  expect(Math.abs(got - want) / want).toBeLessThan(pct / 100);
};

describe('presets match published peaks', () => {
  it('TPU v3: 123 TFLOPS bf16, ridge ~137 FLOP/byte', () => {
    within(peakOpsPerSecond(tpuV3()), 123e12, 1);
    within(peakOpsPerSecond(tpuV3()) / 900e9, 137, 1);
  });
  it('V100: 125 TFLOPS fp16 tensor', () => within(peakOpsPerSecond(v100()), 125e12, 1));
  it('Edge TPU: 4 TOPS int8', () => within(peakOpsPerSecond(edgeTpu()), 4e12, 3));

  it('depthwise layers are slow on the Edge TPU array and fast on the TPU v3 vector unit', () => {
    const ops = mobileNetOps();
    const edge = estimate(edgeTpu(), ops).layers;
    const dw = edge.filter((l) => l.kind === 'depthwise');
    const pw = edge.filter((l) => l.kind === 'conv2d' && l.name !== 'Conv1');
    expect(dw.every((l) => l.unit === 'array')).toBe(true);
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(dw.map((l) => l.utilization))).toBeLessThan(0.05);
    expect(mean(pw.map((l) => l.utilization))).toBeGreaterThan(0.3);
    expect(
      estimate(tpuV3(), ops)
        .layers.filter((l) => l.kind === 'depthwise')
        .every((l) => l.unit === 'vector'),
    ).toBe(true);
  });
});

describe('symbolic accelerator classes', () => {
  it('validate on construction with the field in the message', () => {
    expect(() => new SystolicArray({ rows: 0, cols: 8, ifmapSramKiB: 1, filterSramKiB: 1, ofmapSramKiB: 1, dramGBps: 1 })).toThrow(
      ValidationError,
    );
    expect(() => new SystolicArray({ rows: 0, cols: 8, ifmapSramKiB: 1, filterSramKiB: 1, ofmapSramKiB: 1, dramGBps: 1 })).toThrow(/rows/);
    expect(
      () =>
        new EdgeAccelerator({ peX: 2, peY: 2, simdUnits: 0, computeLanes: 1, localMemoryKiB: 1, registerFileKiB: 1, ioBandwidthGBps: 1 }),
    ).toThrow(/simdUnits/);
  });

  it('a symbolic SystolicArray and the same plain object estimate identically', () => {
    const fields = {
      rows: 32,
      cols: 32,
      dataflow: 'ws' as const,
      ifmapSramKiB: 64,
      filterSramKiB: 64,
      ofmapSramKiB: 64,
      dramGBps: 10,
      clockMHz: 1000,
      bytesPerWord: 1,
    };
    expect(estimate(new SystolicArray(fields), mobileNetOps())).toEqual(estimate(fields, mobileNetOps()));
  });

  it('estimating an unmaterialized space says so', () => {
    expect(() => estimate(edgeAcceleratorSpace(), mobileNetOps())).toThrow(
      /^accelerator\.peX: expected int >= 1, got a hyper value \(OneOf\); materialize the search space first$/,
    );
  });

  it('edgeAcceleratorSpace() is a 50,000-point search space whose samples estimate', () => {
    const space = edgeAcceleratorSpace();
    const spec = dnaSpec(space);
    expect(spec.spaceSize).toBe(5 * 5 * 4 * 4 * 5 * 5 * 5);
    const rng = makeRandom(7);
    for (let i = 0; i < 5; i++) {
      const hw = materialize(space, randomDNA(spec, { random: rng })) as EdgeAccelerator;
      expect(hw).toBeInstanceOf(EdgeAccelerator);
      const est = estimate(hw, mobileNetOps());
      expect(est.totals.latencyMs).toBeGreaterThan(0);
      expect(est.totals.areaMM2).toBeGreaterThan(0);
    }
  });
});
