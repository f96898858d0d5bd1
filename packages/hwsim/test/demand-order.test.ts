/**
 * The streamed demand order (src/demand-order.ts) against SCALE-Sim v2's demand matrices built
 * literally — per fold: slice the operand, pad unused rows/columns with −1, add the idle prefix and
 * suffix rows, flip or skew as its systolic_compute_{os,ws,is} do, concatenate the folds — then
 * read row by row, left to right, skipping −1. Random small layers, all three dataflows.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Dataflow } from '@tsglove/hwsim';
import {
  convLayout,
  DrainWriteBuffer,
  ifmapAddress,
  simulateGemmDram,
  streamDemands,
  WindowedReadBuffer,
  type IfmapLayout,
} from './internals.js';

type Mat = number[][];

const nulls = (rows: number, cols: number): Mat => Array.from({ length: rows }, () => new Array<number>(cols).fill(-1));
const slice = (m: Mat, r0: number, r1: number, c0: number, c1: number): Mat => m.slice(r0, r1).map((row) => row.slice(c0, c1));
const transpose = (m: Mat, cols: number): Mat => Array.from({ length: cols }, (_, j) => m.map((row) => row[j]!));
const padCols = (m: Mat, width: number): Mat => m.map((row) => [...row, ...new Array<number>(width - row.length).fill(-1)]);
const padRows = (m: Mat, height: number, width: number): Mat => [...m, ...nulls(height - m.length, width)];
/** Column c shifted down by c rows (pipeline fill). */
function skew(m: Mat, width: number): Mat {
  const out = nulls(m.length + width - 1, width);
  m.forEach((row, r) => row.forEach((v, c) => (out[r + c]![c] = v)));
  return out;
}

/** SCALE-Sim's (ifmap, filter, ofmap) demand matrices of one GEMM. */
function demandMatrices(df: Dataflow, R: number, C: number, l: IfmapLayout, M: number): [Mat, Mat, Mat] {
  const { P, K } = l;
  const I: Mat = Array.from({ length: P }, (_, p) => Array.from({ length: K }, (_, k) => ifmapAddress(l, p, k)));
  const F: Mat = Array.from({ length: K }, (_, k) => Array.from({ length: M }, (_, m) => m * K + k));
  const O: Mat = Array.from({ length: P }, (_, p) => Array.from({ length: M }, (_, m) => p * M + m));
  const [Sr, Sc] = df === 'os' ? [P, M] : df === 'ws' ? [K, M] : [K, P];
  const T = df === 'os' ? K : df === 'ws' ? P : M;
  const ifm: Mat = [];
  const fil: Mat = [];
  const ofm: Mat = [];
  for (let fc = 0; fc < Math.ceil(Sc / C); fc++) {
    for (let fr = 0; fr < Math.ceil(Sr / R); fr++) {
      const r0 = fr * R;
      const r1 = Math.min(r0 + R, Sr);
      const c0 = fc * C;
      const c1 = Math.min(c0 + C, Sc);
      if (df === 'os') {
        ifm.push(...skew([...padCols(transpose(slice(I, r0, r1, 0, K), K), R), ...nulls(C - 1, R)], R));
        fil.push(...skew([...padCols(slice(F, 0, K, c0, c1), C), ...nulls(R - 1, C)], C));
        const tile = padRows(padCols(slice(O, r0, r1, c0, c1), C), R, C).reverse();
        ofm.push(...skew([...nulls(T - 1, C), ...tile], C));
      } else if (df === 'ws') {
        ifm.push(...skew([...nulls(R, R), ...padCols(slice(I, 0, P, r0, r1), R), ...nulls(C - 1, R)], R));
        const w = padRows(padCols(slice(F, r0, r1, c0, c1), C), R, C).reverse();
        fil.push(...w, ...nulls(R + C + T - 2, C));
        ofm.push(...skew([...nulls(2 * R - 1, C), ...padCols(slice(O, 0, P, c0, c1), C)], C));
      } else {
        const x = padRows(padCols(slice(transpose(I, K), r0, r1, c0, c1), C), R, C).reverse();
        ifm.push(...x, ...nulls(R + C + T - 2, C));
        fil.push(...skew([...nulls(R, R), ...padCols(transpose(slice(F, r0, r1, 0, M), M), R), ...nulls(C - 1, R)], R));
        ofm.push(...skew([...nulls(2 * R - 1, C), ...padCols(transpose(slice(O, c0, c1, 0, M), M), C)], C));
      }
    }
  }
  return [ifm, fil, ofm];
}

class RecordingRead extends WindowedReadBuffer {
  seen: number[] = [];
  override access(addr: number): void {
    if (addr >= 0) this.seen.push(addr);
  }
}

class RecordingWrite extends DrainWriteBuffer {
  perCycle = new Map<number, number>();
  override write(cycle: number, n: number): void {
    this.perCycle.set(cycle, (this.perCycle.get(cycle) ?? 0) + n);
  }
}

const arb = fc.record({
  R: fc.integer({ min: 1, max: 5 }),
  C: fc.integer({ min: 1, max: 5 }),
  df: fc.constantFrom<Dataflow>('os', 'ws', 'is'),
  H: fc.integer({ min: 2, max: 7 }),
  F: fc.integer({ min: 1, max: 3 }),
  ch: fc.integer({ min: 1, max: 3 }),
  M: fc.integer({ min: 1, max: 7 }),
  stride: fc.integer({ min: 1, max: 2 }),
  same: fc.boolean(),
});

describe('demand order = SCALE-Sim demand matrices read row by row', () => {
  it('ifmap and filter address sequences and ofmap writes per cycle agree', () => {
    fc.assert(
      fc.property(arb, (x) => {
        const F = Math.min(x.F, x.H);
        const out = x.same ? Math.ceil(x.H / x.stride) : Math.ceil((x.H - F + x.stride) / x.stride);
        const l = convLayout({
          ifmapH: x.H,
          ifmapW: x.H,
          filterH: F,
          filterW: F,
          channels: x.ch,
          stride: x.stride,
          outH: out,
          outW: out,
          padding: x.same ? 'same' : 'valid',
        });
        const [ifm, fil, ofm] = demandMatrices(x.df, x.R, x.C, l, x.M);
        const ifmap = new RecordingRead(100, 1);
        const filter = new RecordingRead(100, 1);
        const ofmap = new RecordingWrite(100, 1);
        streamDemands({ rows: x.R, cols: x.C, dataflow: x.df, layout: l, M: x.M }, ifmap, filter, ofmap);
        expect(ifmap.seen).toEqual(ifm.flat().filter((a) => a >= 0));
        expect(filter.seen).toEqual(fil.flat().filter((a) => a >= 0));
        const want = new Map<number, number>();
        ofm.forEach((row, i) => {
          const n = row.filter((a) => a >= 0).length;
          if (n > 0) want.set(i, n);
        });
        expect([...ofmap.perCycle.entries()].sort((a, b) => a[0] - b[0])).toEqual([...want.entries()]);
      }),
      { numRuns: 300 },
    );
  });

  it('skipping an operand that fits a buffer window gives the same counts as simulating it', () => {
    fc.assert(
      fc.property(arb, fc.integer({ min: 100, max: 3000 }), (x, sram) => {
        const F = Math.min(x.F, x.H);
        const out = Math.ceil((x.H - F + x.stride) / x.stride);
        const l = convLayout({ ifmapH: x.H, ifmapW: x.H, filterH: F, filterW: F, channels: x.ch, stride: x.stride, outH: out, outW: out });
        const a = { rows: x.R, cols: x.C, dataflow: x.df, ifmapWords: sram, filterWords: sram, ofmapWords: sram };
        const ifmap = new WindowedReadBuffer(sram, l.words);
        const filter = new WindowedReadBuffer(sram, l.K * x.M);
        const ofmap = new DrainWriteBuffer(sram, x.C);
        streamDemands({ rows: x.R, cols: x.C, dataflow: x.df, layout: l, M: x.M }, ifmap, filter, ofmap);
        expect(simulateGemmDram(a, l, x.M)).toEqual({ ifmapReads: ifmap.misses, filterReads: filter.misses, ofmapWrites: ofmap.finish() });
      }),
      { numRuns: 300 },
    );
  });
});
