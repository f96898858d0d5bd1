/**
 * The closed forms of `foldGemm` against an explicit fold-by-fold enumeration of SCALE-Sim's
 * schedule (written here from its description: loop over column folds, then row folds; each fold
 * maps a rows×cols tile, counts the operands it delivers and takes fill + stream + drain cycles),
 * plus invariants, as fast-check properties.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Dataflow } from '@tsglove/hwsim';
import { emptyFoldCost, foldGemm, traceGemmDram } from './internals.js';

interface Enumerated {
  cycles: number;
  ifmap: number;
  filter: number;
  ofmap: number;
  mapping: number;
}

/** Fold-by-fold enumeration (no closed forms). */
function enumerate(R: number, C: number, df: Dataflow, P: number, K: number, M: number): Enumerated {
  // Which GEMM dimension sits on rows, on cols, and in time.
  const [sr, sc, t] = df === 'os' ? [P, M, K] : df === 'ws' ? [K, M, P] : [K, P, M];
  let cycles = 0;
  let ifmap = 0;
  let filter = 0;
  let ofmap = 0;
  let mapping = 0;
  let folds = 0;
  for (let c0 = 0; c0 < sc; c0 += C) {
    const cu = Math.min(C, sc - c0);
    for (let r0 = 0; r0 < sr; r0 += R) {
      const ru = Math.min(R, sr - r0);
      folds++;
      mapping += (ru * cu) / (R * C);
      if (df === 'os') {
        // ifmap rows of this tile stream K words each; filter columns stream K words each.
        ifmap += ru * t;
        filter += cu * t;
        ofmap += ru * cu + R + C;
        cycles += t + (C - 1) + (R - 1); // stream + drain + skew
      } else if (df === 'ws') {
        ifmap += t * ru; // each of P pixels brings the tile's ru window words
        filter += ru * cu; // weights loaded once
        ofmap += t * cu; // P partial sums per used column
        cycles += R + t + (C - 1) + (R - 1); // preload + stream + drain + skew
      } else {
        ifmap += ru * cu; // stationary ifmap tile
        filter += t * ru; // M filters stream their ru window words
        ofmap += t * cu;
        cycles += R + t + (C - 1) + (R - 1);
      }
    }
  }
  return { cycles: cycles - 1, ifmap, filter, ofmap, mapping: mapping / folds };
}

const dataflow = fc.constantFrom<Dataflow>('os', 'ws', 'is');
const dim = fc.integer({ min: 1, max: 300 });
const side = fc.integer({ min: 1, max: 64 });

describe('foldGemm closed forms', () => {
  it('equal the fold-by-fold enumeration for any array and GEMM shape', () => {
    fc.assert(
      fc.property(side, side, dataflow, dim, dim, dim, (R, C, df, P, K, M) => {
        const got = foldGemm({ rows: R, cols: C, dataflow: df, ifmapWords: 1e9, filterWords: 1e9 }, P, K, M, P * K, emptyFoldCost());
        const want = enumerate(R, C, df, P, K, M);
        expect(got.cycleSpan - 1).toBe(want.cycles);
        expect(got.sramIfmapReads).toBe(want.ifmap);
        expect(got.sramFilterReads).toBe(want.filter);
        expect(got.sramOfmapWrites).toBe(want.ofmap);
        expect(got.mappingSum / got.folds).toBeCloseTo(want.mapping, 12);
      }),
      { numRuns: 300 },
    );
  });

  it('cycles never decrease when a GEMM dimension grows; mapping efficiency stays in (0, 1]', () => {
    fc.assert(
      fc.property(side, side, dataflow, dim, dim, dim, fc.integer({ min: 0, max: 2 }), (R, C, df, P, K, M, which) => {
        const a = { rows: R, cols: C, dataflow: df, ifmapWords: 1e9, filterWords: 1e9 };
        const base = foldGemm(a, P, K, M, P * K, emptyFoldCost());
        const dims = [P, K, M];
        dims[which]! += 1;
        const grown = foldGemm(a, dims[0]!, dims[1]!, dims[2]!, dims[0]! * dims[1]!, emptyFoldCost());
        expect(grown.cycleSpan).toBeGreaterThanOrEqual(base.cycleSpan);
        const eff = base.mappingSum / base.folds;
        expect(eff).toBeGreaterThan(0);
        expect(eff).toBeLessThanOrEqual(1);
        expect(base.computeUtilSum / base.folds).toBeLessThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });

  it('an operand that fits one prefetch window (half its SRAM) is fetched from DRAM exactly once', () => {
    // SCALE-Sim's double buffer keeps a window of 50 sets of ⌊S/100⌋ words: 2n + 200 words hold n.
    fc.assert(
      fc.property(side, side, dataflow, dim, dim, dim, (R, C, df, P, K, M) => {
        const c = foldGemm(
          { rows: R, cols: C, dataflow: df, ifmapWords: 2 * P * K + 200, filterWords: 2 * K * M + 200 },
          P,
          K,
          M,
          P * K,
          emptyFoldCost(),
        );
        expect(c.dramIfmapReads).toBe(P * K);
        expect(c.dramFilterReads).toBe(K * M);
      }),
    );
  });

  it('a small ifmap SRAM makes os/ws re-read the ifmap once per column fold', () => {
    const a = { rows: 8, cols: 8, dataflow: 'os' as const, ifmapWords: 200, filterWords: 1e9 };
    const c = foldGemm(a, 100, 8, 40, 800, emptyFoldCost());
    expect(c.colFolds).toBe(5);
    expect(c.dramIfmapReads).toBe(5 * 800);
  });

  it('an ifmap that fills a whole prefetch window no longer fits: SRAM of 2n words re-reads it', () => {
    const a = { rows: 8, cols: 8, dataflow: 'os' as const, ifmapWords: 1600, filterWords: 1e9 }; // window 800
    expect(foldGemm(a, 100, 8, 40, 800, emptyFoldCost()).dramIfmapReads).toBe(5 * 800);
    expect(foldGemm({ ...a, ifmapWords: 1700 }, 100, 8, 40, 800, emptyFoldCost()).dramIfmapReads).toBe(800);
  });

  it('os filters beyond a window: a window boundary inside a slice’s first sweep re-fetches what it read', () => {
    // K = 10, 4 columns → slices of 40 words swept 3 times (rowFolds); window 50 (SRAM 100).
    const c = foldGemm({ rows: 4, cols: 4, dataflow: 'os', ifmapWords: 1e9, filterWords: 100 }, 12, 10, 12, 120, emptyFoldCost());
    // Slice 1: 40 (fill 40). Slice 2: boundary 10 words in → 40 + 10, window then holds slice 2
    // (fill 40). Slice 3: again 40 + 10.
    expect(c.dramFilterReads).toBe(40 + 50 + 50);
    // Slices as large as the window miss on every sweep: 8 columns → slices of 80 words.
    const d = foldGemm({ rows: 4, cols: 8, dataflow: 'os', ifmapWords: 1e9, filterWords: 100 }, 12, 10, 16, 120, emptyFoldCost());
    expect(d.dramFilterReads).toBe(3 * 160);
  });

  it('os filter reads equal the trace-driven buffer simulation (property)', () => {
    fc.assert(
      fc.property(side, side, dim, dim, dim, fc.integer({ min: 100, max: 3000 }), (R, C, P, K, M, words) => {
        const a = { rows: R, cols: C, dataflow: 'os' as const, ifmapWords: 1e9, filterWords: words };
        const c = foldGemm(a, P, K, M, P * K, emptyFoldCost());
        const t = traceGemmDram({ ...a, ifmapWords: 1e6, ofmapWords: 1e6 }, { kind: 'matmul', P, K }, M);
        expect(c.dramFilterReads).toBe(t.filterReads);
      }),
    );
  });
});
