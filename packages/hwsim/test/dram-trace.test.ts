/**
 * Trace-mode DRAM traffic (`estimate(acc, ops, { dram: 'trace' })`) against SCALE-Sim v2: every
 * layer of every per-layer results CSV in fixtures/scalesim/ must give exactly SCALE-Sim's ifmap
 * DRAM reads, filter DRAM reads and ofmap DRAM writes. Plus the buffer models on hand-worked cases
 * and invariants of the trace on random layers.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  estimate,
  HwsimValidationError,
  mobileNetOps,
  scaleSimLayerOp,
  systolicFromScaleSim,
  type Op,
  type SystolicArrayConfig,
} from '@tsglove/hwsim';
import { DrainWriteBuffer, intCell, traceGemmDram, WindowedReadBuffer } from './internals.js';
import { SCALESIM_RUNS } from './scalesim-runs.js';

const runs = SCALESIM_RUNS;

describe('trace-mode DRAM traffic equals SCALE-Sim v2', () => {
  it('covers the six MobileNet runs', () => {
    expect(runs.length).toBeGreaterThanOrEqual(6);
  });

  for (const { file, cfg, rows } of runs) {
    it(`${file}: ifmap/filter DRAM reads and ofmap DRAM writes exact for all ${rows.length} layers`, () => {
      const est = estimate(
        systolicFromScaleSim(cfg),
        rows.map((row, i) => scaleSimLayerOp(row, i)),
        { dram: 'trace' },
      );
      const got = est.layers.map((l, i) => [rows[i]!.name, l.dramIfmapReads, l.dramFilterReads, l.dramOfmapWrites]);
      const want = rows.map((row, i) => [
        row.name,
        intCell(row, 'dram_ifmap_reads', i),
        intCell(row, 'dram_filter_reads', i),
        intCell(row, 'dram_ofmap_writes', i),
      ]);
      expect(got).toEqual(want);
      // SCALE-Sim's CALC runs never stall on its buffers; neither does the simulated write buffer.
      expect(est.layers.every((l) => l.stallCycles === 0)).toBe(true);
    });
  }

  it('mobileNetOps() (true depthwise ops on the arrays) gives the same counts', () => {
    const { cfg, rows } = runs.find((r) => r.file === 'mobilenet__sa32_os.csv')!;
    const est = estimate(systolicFromScaleSim(cfg), mobileNetOps(), { dram: 'trace' });
    expect(est.layers.map((l) => l.dramIfmapReads + l.dramFilterReads + l.dramOfmapWrites)).toEqual(
      rows.map((r) => Number(r.dram_ifmap_reads) + Number(r.dram_filter_reads) + Number(r.dram_ofmap_writes)),
    );
  });

  it('leaves cycles, SRAM counts and the default (analytical) mode untouched', () => {
    const { cfg } = runs[0]!;
    const ops = mobileNetOps();
    const a = estimate(systolicFromScaleSim(cfg), ops);
    const t = estimate(systolicFromScaleSim(cfg), ops, { dram: 'trace' });
    expect(t.layers.map((l) => [l.computeCycles, l.sramReads, l.sramWrites])).toEqual(
      a.layers.map((l) => [l.computeCycles, l.sramReads, l.sramWrites]),
    );
    expect(estimate(systolicFromScaleSim(cfg), ops, { dram: 'analytical' })).toEqual(a);
    expect(() => estimate(systolicFromScaleSim(cfg), ops, { dram: 'exact' as never })).toThrow(HwsimValidationError);
  });
});

describe('read buffer (windowed prefetch)', () => {
  it('fetches each word once per window of 50 sets of ⌊S/100⌋ words', () => {
    const b = new WindowedReadBuffer(200, 1000); // 2 words per set → 100-word windows
    expect(b.windowWords).toBe(100);
    for (let rep = 0; rep < 3; rep++) for (let a = 0; a < 99; a++) b.access(a); // 99 words, reused in the window
    expect(b.misses).toBe(99);
    b.access(99); // the 100th distinct word fills the window, which closes at once
    expect(b.misses).toBe(100);
    b.access(0); // so word 0 is fetched again
    expect(b.misses).toBe(101);
    b.access(-1); // padding: no request
    expect(b.misses).toBe(101);
  });

  it('a sliding reuse pattern loses only the reuse that straddles a window boundary', () => {
    const b = new WindowedReadBuffer(400, 10_000); // 200-word windows
    for (let i = 0; i < 1000; i++) {
      b.access(i);
      if (i > 0) b.access(i - 1);
    }
    // A window closes on the miss that fills it, so the two words whose reuse straddles each of the
    // five boundaries (200 misses apart) are fetched again.
    expect(b.misses).toBe(1000 + 2 * 5);
  });
});

describe('write buffer (drain)', () => {
  it('drains half-buffer chunks and counts a padded line in mid-chunk as full', () => {
    const w = new DrainWriteBuffer(16, 4); // active 8, drain 8 words = 2 lines per chunk
    w.write(0, 9); // 9th word triggers: line 2 closes with 1 word; lines 0–1 drain (8 words) in cycles 0–1
    expect(w.dramWrites).toBe(8);
    w.write(2, 8); // triggers again: lines 2 (1 word + 3 padding) and 3 drain, counted as 8
    expect(w.dramWrites).toBe(16);
    expect(w.finish()).toBe(20); // line 4; 17 outputs were written, SCALE-Sim counts 20
    expect(w.stallCycles).toBe(0);
  });

  it('subtracts the padding of a chunk’s last line, and stalls only when full during a drain', () => {
    const w = new DrainWriteBuffer(16, 4);
    w.write(0, 9);
    expect(w.finish()).toBe(9);
    const s = new DrainWriteBuffer(16, 4);
    s.write(0, 9); // a 2-line drain: in flight in cycles 0–1
    s.write(1, 16); // from cycle 1 on the next drain may start, so the buffer never fills
    expect(s.stallCycles).toBe(0);
    const f = new DrainWriteBuffer(64, 1); // 32-line chunks: a drain takes 32 cycles
    f.write(0, 33);
    f.write(1, 64); // only 63 words free while the drain runs until cycle 31
    expect(f.stallCycles).toBe(30);
  });
});

const arb = fc.record({
  rows: fc.integer({ min: 1, max: 8 }),
  cols: fc.integer({ min: 1, max: 8 }),
  dataflow: fc.constantFrom('os' as const, 'ws' as const, 'is' as const),
  H: fc.integer({ min: 3, max: 12 }),
  R: fc.integer({ min: 1, max: 3 }),
  C: fc.integer({ min: 1, max: 4 }),
  M: fc.integer({ min: 1, max: 9 }),
  stride: fc.integer({ min: 1, max: 2 }),
  sram: fc.integer({ min: 100, max: 2000 }),
});

describe('trace invariants on random layers', () => {
  it('every distinct word is read at least once, exactly once when it fits a window; outputs are all written', () => {
    fc.assert(
      fc.property(arb, (x) => {
        const outH = Math.ceil((x.H - x.R + x.stride) / x.stride);
        const a = { rows: x.rows, cols: x.cols, dataflow: x.dataflow, ifmapWords: x.sram, filterWords: x.sram, ofmapWords: x.sram };
        const d = traceGemmDram(
          a,
          { kind: 'conv', ifmapH: x.H, ifmapW: x.H, filterH: x.R, filterW: x.R, channels: x.C, stride: x.stride, outH, outW: outH },
          x.M,
        );
        // Distinct ifmap words the windows touch (strided windows skip pixels and the far border).
        const touched = new Set<number>();
        for (let o = 0; o < outH; o++) for (let r = 0; r < x.R; r++) if (o * x.stride + r < x.H) touched.add(o * x.stride + r);
        const ifmapWords = touched.size ** 2 * x.C;
        const filterWords = x.R * x.R * x.C * x.M;
        const window = 50 * Math.floor(x.sram / 100);
        expect(d.ifmapReads).toBeGreaterThanOrEqual(ifmapWords);
        if (ifmapWords < window) expect(d.ifmapReads).toBe(ifmapWords);
        expect(d.filterReads).toBeGreaterThanOrEqual(filterWords);
        if (filterWords < window) expect(d.filterReads).toBe(filterWords);
        const P = outH * outH;
        const K = x.R * x.R * x.C;
        const writes = x.dataflow === 'os' ? P * x.M : Math.ceil(K / x.rows) * P * x.M;
        expect(d.ofmapWrites).toBeGreaterThanOrEqual(writes);
        expect(d.ofmapWrites).toBeLessThan(writes + Math.ceil(writes / Math.floor(x.sram / 2)) * x.cols + x.cols);
      }),
      { numRuns: 200 },
    );
  });

  it('runs multi-array, grouped, matmul and same-padded ops', () => {
    const acc: SystolicArrayConfig = {
      rows: 8,
      cols: 8,
      dataflow: 'ws',
      ifmapSramKiB: 2,
      filterSramKiB: 2,
      ofmapSramKiB: 2,
      dramGBps: 8,
      clockMHz: 500,
      bytesPerWord: 1,
      cores: 2,
      arraysPerCore: 2,
    };
    const ops: Op[] = [
      {
        kind: 'conv2d',
        name: 'c',
        ifmapH: 16,
        ifmapW: 16,
        filterH: 3,
        filterW: 3,
        channels: 8,
        numFilters: 30,
        stride: 1,
        padding: 'same',
      },
      { kind: 'conv2d', name: 'g', ifmapH: 16, ifmapW: 16, filterH: 3, filterW: 3, channels: 8, numFilters: 16, stride: 2, groups: 4 },
      { kind: 'matmul', name: 'm', m: 64, k: 48, n: 40 },
      { kind: 'depthwise', name: 'd', ifmapH: 16, ifmapW: 16, filterH: 3, filterW: 3, channels: 10, stride: 1 },
      { kind: 'pool', name: 'p', mode: 'max', ifmapH: 16, ifmapW: 16, windowH: 2, windowW: 2, channels: 8, stride: 2 },
    ];
    const t = estimate(acc, ops, { dram: 'trace' });
    const a = estimate(acc, ops);
    // Same padding reads only real pixels: 16·16·8 words at least once.
    expect(t.layers[0]!.dramIfmapReads).toBeGreaterThanOrEqual(16 * 16 * 8);
    expect(t.layers[2]!.dramIfmapReads).toBeGreaterThanOrEqual(64 * 48);
    expect(t.layers[2]!.dramFilterReads).toBeGreaterThanOrEqual(48 * 40);
    for (const l of t.layers) expect(l.dramBytes).toBeGreaterThan(0);
    expect(t.layers[4]).toEqual(a.layers[4]); // vector-path ops are unchanged
  });
});
