import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  areaMM2,
  EdgeAccelerator,
  estimate,
  HwsimError,
  HwsimValidationError,
  mobileNetOps,
  resolveAccelerator,
  type EdgeAcceleratorConfig,
  type Op,
  type SystolicArrayConfig,
  tpuV3,
} from '@tsglove/hwsim';
import { rebind } from '@tsglove/symbolic';

const small: SystolicArrayConfig = {
  rows: 4,
  cols: 4,
  dataflow: 'os',
  ifmapSramKiB: 64,
  filterSramKiB: 64,
  ofmapSramKiB: 64,
  dramGBps: 16,
  clockMHz: 1000,
  bytesPerWord: 2,
};

/** One 128×128 array of the TPU v3 preset (one core, one array): taken from the preset, never copied. */
const tpuLike = tpuV3();
rebind(tpuLike, { cores: 1, arraysPerCore: 1 });

const conv = (over: Partial<Extract<Op, { kind: 'conv2d' }>> = {}): Op => ({
  kind: 'conv2d',
  name: 'c',
  ifmapH: 28,
  ifmapW: 28,
  filterH: 3,
  filterW: 3,
  channels: 64,
  numFilters: 128,
  stride: 1,
  ...over,
});

describe('roofline with overlap', () => {
  it('a large elementwise add is memory-bound: it stalls and its intensity is below the ridge', () => {
    const [l] = estimate(tpuLike, [{ kind: 'elementwise', name: 'add', fn: 'add', elements: 1 << 22, inputs: 2 }]).layers;
    expect(l!.unit).toBe('vector');
    expect(l!.computeCycles).toBe(Math.ceil((1 << 22) / 1024));
    expect(l!.dramBytes).toBe(3 * (1 << 22) * 2);
    expect(l!.memoryCycles).toBe(Math.ceil(l!.dramBytes / ((900 * 1e3) / 940)));
    expect(l!.stallCycles).toBeGreaterThan(0);
    expect(l!.totalCycles).toBe(l!.memoryCycles);
    const ridge = (2 * 128 * 128 * 940e6) / 900e9;
    expect(l!.operationalIntensity).toBeLessThan(ridge);
  });

  it('a large matmul is compute-bound: no stall, intensity above the ridge', () => {
    const [l] = estimate(tpuLike, [{ kind: 'matmul', name: 'mm', m: 4096, k: 4096, n: 4096 }]).layers;
    expect(l!.unit).toBe('array');
    expect(l!.stallCycles).toBe(0);
    expect(l!.totalCycles).toBe(l!.computeCycles);
    expect(l!.operationalIntensity).toBeGreaterThan((2 * 128 * 128 * 940e6) / 900e9);
    expect(l!.utilization).toBeGreaterThan(0.9);
    expect(l!.utilization).toBeLessThanOrEqual(1);
  });

  it('totalCycles = max(compute, memory) and utilization <= 1 for random convs (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 1, max: 96 }),
        fc.integer({ min: 1, max: 96 }),
        fc.integer({ min: 1, max: 3 }),
        fc.constantFrom('os', 'ws', 'is' as const),
        fc.double({ min: 0.1, max: 1000, noNaN: true }),
        (size, k, c, m, stride, dataflow, bw) => {
          fc.pre(k <= size);
          const op = conv({ ifmapH: size, ifmapW: size, filterH: k, filterW: k, channels: c, numFilters: m, stride });
          const l = estimate({ ...small, dataflow, dramGBps: bw }, [op]).layers[0]!;
          expect(l.totalCycles).toBe(Math.max(l.computeCycles, l.memoryCycles));
          expect(l.stallCycles).toBe(l.totalCycles - l.computeCycles);
          expect(l.utilization).toBeLessThanOrEqual(1);
          expect(l.macs).toBe(Math.ceil((size - k + stride) / stride) ** 2 * k * k * c * m);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('energy, latency and area arithmetic', () => {
  it('energy = MACs·macPJ + SRAM bytes·sramBytePJ + DRAM bytes·dramBytePJ (hand-counted matmul)', () => {
    const acc = { ...small, energy: { macPJ: 1, sramBytePJ: 0.5, dramBytePJ: 10 } };
    const { layers, totals } = estimate(acc, [{ kind: 'matmul', name: 'mm', m: 8, k: 4, n: 4 }]);
    const l = layers[0]!;
    // OS on 4×4: P=8 rows → 2 row folds, 4 filters → 1 column fold.
    expect([l.sramIfmapReads, l.sramFilterReads, l.sramOfmapWrites]).toEqual([32, 32, 32 + 2 * 8]);
    expect([l.dramIfmapReads, l.dramFilterReads, l.dramOfmapWrites]).toEqual([32, 16, 32]);
    expect(l.macs).toBe(128);
    expect(l.computeEnergyPJ).toBe(128);
    expect(l.sramEnergyPJ).toBe((32 + 32 + 48) * 2 * 0.5);
    expect(l.dramEnergyPJ).toBe(80 * 2 * 10);
    expect(l.energyPJ).toBe(128 + 112 + 1600);
    expect(totals.energyPJ).toBe(l.energyPJ);
    // 2 folds × (4 + 4 + 4 − 2) − 1 cycles at 1 GHz.
    expect(l.computeCycles).toBe(19);
    expect(l.latencyMs).toBeCloseTo(l.totalCycles / 1e6, 15);
  });

  it('default energies follow the word size (Horowitz 45 nm)', () => {
    expect(resolveAccelerator({ ...small, bytesPerWord: 1 }).energy.macPJ).toBe(0.23);
    expect(resolveAccelerator({ ...small, bytesPerWord: 2 }).energy.macPJ).toBe(1.5);
    expect(resolveAccelerator({ ...small, bytesPerWord: 4 }).energy.macPJ).toBe(4.6);
    expect(resolveAccelerator(small).energy.dramBytePJ).toBe(160);
  });

  it('area = PEs·peMM2 + SRAM KiB·sramKiBMM2 + vector lanes·vectorLaneMM2 + register file', () => {
    const acc: SystolicArrayConfig = {
      ...small,
      ifmapSramKiB: 1,
      filterSramKiB: 2,
      ofmapSramKiB: 3,
      cores: 2,
      vectorLanes: 8,
      area: { peMM2: 0.01, sramKiBMM2: 0.1, vectorLaneMM2: 0.02 },
    };
    expect(areaMM2(acc)).toBeCloseTo(32 * 0.01 + 12 * 0.1 + 16 * 0.02, 12);
    expect(estimate(acc, []).totals.areaMM2).toBeCloseTo(1.84, 12);
    const edge: EdgeAcceleratorConfig = {
      peX: 2,
      peY: 2,
      simdUnits: 4,
      computeLanes: 2,
      localMemoryKiB: 10,
      registerFileKiB: 4,
      ioBandwidthGBps: 10,
      clockMHz: 500,
      area: { peMM2: 1, sramKiBMM2: 0.5, vectorLaneMM2: 0.25, registerFileKiBMM2: 2 },
    };
    // 2·2·4·2 = 32 MACs, 40 KiB local memory, 16 SIMD lanes, 16 KiB registers.
    expect(areaMM2(edge)).toBeCloseTo(32 + 20 + 4 + 32, 12);
  });
});

describe('mapping onto units and cores', () => {
  it('depthwise goes to the vector unit when there is one, else onto the array as SCALE-Sim does', () => {
    const dw: Op = { kind: 'depthwise', name: 'dw', ifmapH: 16, ifmapW: 16, filterH: 3, filterW: 3, channels: 32, stride: 1 };
    const withVec = estimate({ ...small, vectorLanes: 16, cores: 2 }, [dw]).layers[0]!;
    expect(withVec.unit).toBe('vector');
    expect(withVec.macs).toBe(14 * 14 * 9 * 32);
    expect(withVec.computeCycles).toBe(Math.ceil(withVec.macs / 32));
    const onArray = estimate(small, [dw]).layers[0]!;
    const asConv = estimate(small, [conv({ ifmapH: 16, ifmapW: 16, channels: 32, numFilters: 1 })]).layers[0]!;
    expect(onArray.unit).toBe('array');
    expect(onArray.computeCycles).toBe(asConv.computeCycles);
    expect(onArray.sramIfmapReads).toBe(asConv.sramIfmapReads);
  });

  it('cores split output channels: cycles of ceil(M/cores) filters, each array reads its own filters', () => {
    const op = conv({ numFilters: 100 });
    const one = estimate(small, [op]).layers[0]!;
    const four = estimate({ ...small, cores: 4 }, [op]).layers[0]!;
    const quarter = estimate(small, [conv({ numFilters: 25 })]).layers[0]!;
    expect(four.computeCycles).toBe(quarter.computeCycles);
    expect(four.computeCycles).toBeLessThan(one.computeCycles);
    expect(four.sramFilterReads).toBe(one.sramFilterReads);
    expect(four.sramIfmapReads).toBe(4 * quarter.sramIfmapReads);
    expect(four.dramIfmapReads).toBe(quarter.dramIfmapReads); // broadcast, not 4 copies
    // Each array fetches its quarter of the filters; a quarter may fit a prefetch window where the
    // whole set, streamed once per row fold by one array, re-fetches at window boundaries.
    expect(four.dramFilterReads).toBe(4 * quarter.dramFilterReads);
    expect(four.dramFilterReads).toBeLessThanOrEqual(one.dramFilterReads);
    expect(four.macs).toBe(one.macs);
    // Uneven split: 2 arrays get 4 filters, 1 gets 3 → the busiest has 4.
    const uneven = estimate({ ...small, cores: 3 }, [conv({ numFilters: 11 })]).layers[0]!;
    expect(uneven.computeCycles).toBe(estimate(small, [conv({ numFilters: 4 })]).layers[0]!.computeCycles);
  });

  it('more cores never make a conv or matmul slower (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 16 }),
        fc.constantFrom('os', 'ws', 'is' as const),
        (k, n, cores, dataflow) => {
          const op: Op = { kind: 'matmul', name: 'mm', m: 37, k, n };
          const a = estimate({ ...small, dataflow, cores }, [op]).layers[0]!;
          const b = estimate({ ...small, dataflow, cores: cores + 1 }, [op]).layers[0]!;
          expect(b.computeCycles).toBeLessThanOrEqual(a.computeCycles);
          expect(b.macs).toBe(a.macs);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('grouped conv = its groups run one after another on one array', () => {
    const grouped = estimate(small, [conv({ channels: 64, numFilters: 64, groups: 4 })]).layers[0]!;
    const part = estimate(small, [conv({ channels: 16, numFilters: 16 })]).layers[0]!;
    expect(grouped.computeCycles).toBe(4 * (part.computeCycles + 1) - 1);
    expect(grouped.sramFilterReads).toBe(4 * part.sramFilterReads);
    expect(grouped.macs).toBe(4 * part.macs);
  });

  it('same padding keeps ceil(H/stride) outputs; pool and global pool count window ops', () => {
    const same = estimate(small, [conv({ padding: 'same', stride: 2, ifmapH: 15, ifmapW: 15 })]).layers[0]!;
    expect(same.macs).toBe(8 * 8 * 9 * 64 * 128);
    const [p, g] = estimate(small, [
      { kind: 'pool', name: 'p', mode: 'max', ifmapH: 8, ifmapW: 8, channels: 4, windowH: 2, windowW: 2, stride: 2 },
      { kind: 'pool', name: 'g', mode: 'global', ifmapH: 8, ifmapW: 8, channels: 4, windowH: 1, windowW: 1, stride: 1 },
    ]).layers;
    expect(p!.macs).toBe(4 * 4 * 4 * 4);
    expect(p!.sramOfmapWrites).toBe(64);
    expect(g!.macs).toBe(8 * 8 * 4);
    expect(g!.sramOfmapWrites).toBe(4);
  });

  it('an edge accelerator maps onto rows = peY·lanes, cols = peX·simd and symbolic = plain', () => {
    const plain: EdgeAcceleratorConfig = {
      peX: 4,
      peY: 4,
      simdUnits: 64,
      computeLanes: 4,
      localMemoryKiB: 512,
      registerFileKiB: 32,
      ioBandwidthGBps: 10,
      clockMHz: 800,
    };
    const m = resolveAccelerator(plain);
    expect([m.rows, m.cols, m.vectorLanes, m.peakMacsPerCycle]).toEqual([16, 256, 1024, 4096]);
    expect(m.sramKiB).toBeCloseTo(16 * 512, 9);
    expect(m.ifmapWords + m.filterWords + m.ofmapWords).toBeGreaterThanOrEqual(16 * 512 * 1024 - 2);
    const sym = new EdgeAccelerator(plain);
    expect(estimate(sym, mobileNetOps()).totals).toEqual(estimate(plain, mobileNetOps()).totals);
  });
});

describe('bad input names the field', () => {
  const badAcc: Array<[Partial<SystolicArrayConfig> & Record<string, unknown>, RegExp]> = [
    [{ rows: 0 }, /^accelerator\.rows: expected int >= 1, got 0$/],
    [{ cols: 2.5 }, /^accelerator\.cols: expected int >= 1, got 2\.5$/],
    [{ dramGBps: -1 }, /^accelerator\.dramGBps: expected a finite number > 0, got -1$/],
    [{ dataflow: 'xs' as never }, /^accelerator\.dataflow: expected one of \['os', 'ws', 'is'\], got "xs"$/],
    [{ clockMHz: NaN }, /^accelerator\.clockMHz: /],
    [{ ifmapSramKiB: 0 }, /^accelerator\.ifmapSramKiB: /],
    [{ cores: 0 }, /^accelerator\.cores: expected int >= 1/],
    [{ vectorLanes: -4 }, /^accelerator\.vectorLanes: expected int >= 0/],
    [{ energy: { macPJ: -1 } }, /^accelerator\.energy\.macPJ: /],
  ];
  for (const [over, msg] of badAcc) {
    it(`rejects accelerator ${JSON.stringify(over)}`, () => {
      expect(() => estimate({ ...small, ...over } as SystolicArrayConfig, [])).toThrow(msg);
      expect(() => estimate({ ...small, ...over } as SystolicArrayConfig, [])).toThrow(HwsimValidationError);
    });
  }

  it('rejects a bad edge accelerator field and a non-object', () => {
    const edge = {
      peX: 0,
      peY: 4,
      simdUnits: 64,
      computeLanes: 4,
      localMemoryKiB: 512,
      registerFileKiB: 32,
      ioBandwidthGBps: 10,
      clockMHz: 800,
    };
    expect(() => estimate(edge, [])).toThrow(/^accelerator\.peX: expected int >= 1, got 0$/);
    expect(() => estimate({ ...edge, peX: 4, ioBandwidthGBps: -5 }, [])).toThrow(/^accelerator\.ioBandwidthGBps: /);
    expect(() => estimate(null as never, [])).toThrow(HwsimError);
    expect(() => estimate(small, 'conv' as never)).toThrow(/^ops: expected an array/);
  });

  it('rejects impossible op shapes with the op index and field', () => {
    const ops: Op[] = [conv(), conv(), conv(), conv({ ifmapH: 3, ifmapW: 3, filterH: 5, filterW: 5 })];
    expect(() => estimate(small, ops)).toThrow('ops[3].filterH: expected <= ifmapH (3) with valid padding, got 5');
    expect(() => estimate(small, [conv({ ifmapH: 3, ifmapW: 3, filterH: 5, filterW: 5, padding: 'same' })])).not.toThrow();
    expect(() => estimate(small, [conv({ filterW: 40 })])).toThrow(/^ops\[0\]\.filterW: expected <= ifmapW \(28\)/);
    expect(() => estimate(small, [conv({ numFilters: 0 })])).toThrow(/^ops\[0\]\.numFilters: expected int >= 1, got 0$/);
    expect(() => estimate(small, [conv({ groups: 3 })])).toThrow(/^ops\[0\]\.groups: expected a divisor of channels \(64\), got 3$/);
    expect(() => estimate(small, [conv({ stride: 0 })])).toThrow(/^ops\[0\]\.stride: /);
    expect(() => estimate(small, [{ kind: 'matmul', name: 'x', m: 1, k: -2, n: 1 }])).toThrow(/^ops\[0\]\.k: /);
    expect(() => estimate(small, [{ kind: 'softmax', name: 'x' } as never])).toThrow(/^ops\[0\]\.kind: expected one of/);
    expect(() =>
      estimate(small, [{ kind: 'pool', name: 'p', mode: 'max', ifmapH: 2, ifmapW: 2, channels: 1, windowH: 3, windowW: 1, stride: 1 }]),
    ).toThrow(/^ops\[0\]\.windowH: expected <= ifmapH \(2\)/);
    expect(() => estimate(small, [{ kind: 'elementwise', name: 'e', fn: 'relu', elements: 0 }])).toThrow(/^ops\[0\]\.elements: /);
  });
});
