/**
 * Where the GEMM operands of a layer live in memory — the address maps SCALE-Sim v2 uses to build
 * its operand matrices, so that a trace of operand demands names the same words it does:
 *
 * - ifmap `[P × K]` (im2col): element (p, k) of output pixel p = (oy, ox) and window index
 *   k = (r, s, c) (row-major, channels fastest) reads the ifmap word at
 *   `((oy·stride + r) · W + ox·stride + s) · C + c` (HWC layout). Positions outside the ifmap —
 *   the far border of a strided valid convolution, whose output size SCALE-Sim rounds up, or the
 *   padding of a `'same'` one — have no address (SCALE-Sim skips them as `-1`).
 * - filter `[K × M]`: element (k, m) is word `m · K + k` (filters stored one after another).
 * - matmul: ifmap element (p, k) is word `p · K + k`.
 *
 * The address of (p, k) is `rowBase[p] + colOffset[k]`, or none (−1) when either part is −1.
 */
import type { Padding } from './ops.js';

/** The ifmap address map of a GEMM with P rows (output pixels) and K columns (window). */
export interface IfmapLayout {
  P: number;
  K: number;
  /** Base address of each output pixel's window, −1 if the whole row is padding (never for valid). */
  rowBase: Int32Array;
  /** Offset of each window position from the base; with padding, see `valid`. */
  colOffset: Int32Array;
  /** Size of the ifmap (addresses are in `[0, words)`). */
  words: number;
  /** Distinct ifmap words the GEMM reads (strided windows may skip some). */
  touched: number;
  /**
   * For padded convolutions: `validRow[p]` and `validCol[k]` give the padded-coordinate bounds;
   * `null` when every (p, k) has an address.
   */
  padding: null | { oy: Int32Array; ox: Int32Array; r: Int32Array; s: Int32Array; H: number; W: number; padTop: number; padLeft: number };
}

/** Shape of a convolution as the arrays see it (one group, or one array's share of channels). */
export interface ConvGeometry {
  ifmapH: number;
  ifmapW: number;
  filterH: number;
  filterW: number;
  channels: number;
  stride: number;
  outH: number;
  outW: number;
  padding?: Padding;
}

/** The im2col address map of a convolution, in SCALE-Sim's layout. */
export function convLayout(g: ConvGeometry): IfmapLayout {
  const { ifmapW: W, channels: C, filterH: R, filterW: S, stride, outH, outW } = g;
  const P = outH * outW;
  const K = R * S * C;
  const rowBase = new Int32Array(P);
  const colOffset = new Int32Array(K);
  const same = g.padding === 'same';
  const padTop = same ? Math.floor(Math.max(0, (outH - 1) * stride + R - g.ifmapH) / 2) : 0;
  const padLeft = same ? Math.floor(Math.max(0, (outW - 1) * stride + S - W) / 2) : 0;
  for (let p = 0; p < P; p++) {
    const oy = Math.floor(p / outW);
    const ox = p - oy * outW;
    rowBase[p] = ((oy * stride - padTop) * W + (ox * stride - padLeft)) * C;
  }
  for (let k = 0; k < K; k++) {
    const r = Math.floor(k / (S * C));
    const rest = k - r * S * C;
    const s = Math.floor(rest / C);
    const c = rest - s * C;
    colOffset[k] = (r * W + s) * C + c;
  }
  let padding: IfmapLayout['padding'] = null;
  // Windows that run past the far border (SCALE-Sim's ceil-sized valid outputs with stride > 1)
  // or into 'same' padding read nothing there.
  if (padTop > 0 || padLeft > 0 || (outH - 1) * stride + R > g.ifmapH || (outW - 1) * stride + S > W) {
    const oyA = new Int32Array(P);
    const oxA = new Int32Array(P);
    const rA = new Int32Array(K);
    const sA = new Int32Array(K);
    for (let p = 0; p < P; p++) {
      oyA[p] = Math.floor(p / outW) * stride - padTop;
      oxA[p] = (p % outW) * stride - padLeft;
    }
    for (let k = 0; k < K; k++) {
      rA[k] = Math.floor(k / (S * C));
      sA[k] = Math.floor((k % (S * C)) / C);
    }
    padding = { oy: oyA, ox: oxA, r: rA, s: sA, H: g.ifmapH, W, padTop, padLeft };
  }
  const touched = coveredPositions(outH, stride, R, padTop, g.ifmapH) * coveredPositions(outW, stride, S, padLeft, W) * C;
  return { P, K, rowBase, colOffset, words: g.ifmapH * W * C, touched, padding };
}

/** The ifmap address map of a matmul `[P × K]` (row-major). */
export function matmulLayout(P: number, K: number): IfmapLayout {
  const rowBase = new Int32Array(P);
  const colOffset = new Int32Array(K);
  for (let p = 0; p < P; p++) rowBase[p] = p * K;
  for (let k = 0; k < K; k++) colOffset[k] = k;
  return { P, K, rowBase, colOffset, words: P * K, touched: P * K, padding: null };
}

/** Input positions in `[0, size)` covered by `out` windows of `window` taps at `stride`. */
function coveredPositions(out: number, stride: number, window: number, padBefore: number, size: number): number {
  const seen = new Uint8Array(size);
  let n = 0;
  for (let o = 0; o < out; o++) {
    for (let r = 0; r < window; r++) {
      const y = o * stride - padBefore + r;
      if (y >= 0 && y < size && seen[y] === 0) {
        seen[y] = 1;
        n++;
      }
    }
  }
  return n;
}

/** Address of ifmap element (p, k), or −1 when it lies in the padding. */
export function ifmapAddress(l: IfmapLayout, p: number, k: number): number {
  const pad = l.padding;
  if (pad !== null) {
    const y = pad.oy[p]! + pad.r[k]!;
    const x = pad.ox[p]! + pad.s[k]!;
    if (y < 0 || y >= pad.H || x < 0 || x >= pad.W) return -1;
  }
  return l.rowBase[p]! + l.colOffset[k]!;
}
