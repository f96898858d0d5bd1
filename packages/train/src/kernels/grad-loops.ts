/**
 * Gradient loops on plain typed arrays, shared by the wasm and cpu kernel registrations, and the
 * convolution tap walk every direct-loop convolution gradient uses.
 */
import { geometry } from './conv-geometry.js';
import { backend_util, type NamedAttrMap } from '@tensorflow/tfjs';

type Pad = 'same' | 'valid' | number | backend_util.ExplicitPadding;

/** Pooling geometry from a MaxPoolGrad kernel's attributes. */
export function poolInfo(shape: number[], a: NamedAttrMap): backend_util.Conv2DInfo {
  return backend_util.computePool2DInfo(
    shape as [number, number, number, number],
    a['filterSize'] as [number, number] | number,
    a['strides'] as [number, number] | number,
    1,
    a['pad'] as Pad,
    a['dimRoundingMode'] as 'floor' | undefined,
  );
}

/**
 * MaxPool's gradient into `dv` (zeroed here): each dy value goes to the first maximum
 * (row-major within the window) of its window, as on the cpu backend, found by matching the
 * forward output `ov`.
 */
export function maxPoolGradLoop(
  info: backend_util.Conv2DInfo,
  xv: Float32Array,
  ov: Float32Array,
  yv: Float32Array,
  dv: Float32Array,
): void {
  const { n, h, w, ci: c, oh, ow, fh, fw, sh, sw, pt, pl } = geometry(info);
  dv.fill(0);
  let out = 0;
  for (let bi = 0; bi < n; bi++) {
    for (let y = 0; y < oh; y++) {
      const y0 = Math.max(0, y * sh - pt);
      const y1 = Math.min(h, y * sh - pt + fh);
      for (let xo = 0; xo < ow; xo++, out += c) {
        const x0 = Math.max(0, xo * sw - pl);
        const x1 = Math.min(w, xo * sw - pl + fw);
        for (let ch = 0; ch < c; ch++) {
          // The forward output holds the window's maximum: find its first occurrence.
          const max = ov[out + ch]!;
          search: for (let iy = y0; iy < y1; iy++) {
            for (let ix = x0; ix < x1; ix++) {
              const at = ((bi * h + iy) * w + ix) * c + ch;
              if (xv[at] === max) {
                dv[at] += yv[out + ch]!;
                break search;
              }
            }
          }
        }
      }
    }
  }
}

/**
 * The convolution tap walk: visits every (output pixel, filter tap) of a convolution whose input
 * pixel lies inside the image (zero padding contributes nothing), as
 * `visit(inPixel, outPixel, tap)`: the input pixel `(b·h + iy)·w + ix`, the output pixel
 * `(b·oh + oy)·ow + ox` and the tap `kh·fw + kw`. Callers scale these by their channel counts
 * and loop over channels themselves (one call per tap, not per channel); a visitor that reads
 * its arrays through locals or parameters (not closure variables) keeps its inner loop as fast as
 * an inlined walk.
 */
export function forEachTap(info: backend_util.Conv2DInfo, visit: (inPixel: number, outPixel: number, tap: number) => void): void {
  const { n, h, w, oh, ow, fh, fw, sh, sw, dilH: dh, dilW: dwid, pt, pl } = geometry(info);
  for (let bi = 0, outPixel = 0; bi < n; bi++) {
    for (let y = 0; y < oh; y++) {
      for (let xo = 0; xo < ow; xo++, outPixel++) {
        for (let kh = 0; kh < fh; kh++) {
          const iy = y * sh + kh * dh - pt;
          if (iy < 0 || iy >= h) continue;
          for (let kw = 0; kw < fw; kw++) {
            const ix = xo * sw + kw * dwid - pl;
            if (ix < 0 || ix >= w) continue;
            visit((bi * h + iy) * w + ix, outPixel, kh * fw + kw);
          }
        }
      }
    }
  }
}

/** Conv2D filter gradient by direct loops: dW[kh,kw,ci,co] += x[b,iy,ix,ci] · dy[b,oy,ox,co]. */
export function conv2DFilterGradLoop(info: backend_util.Conv2DInfo, xv: Float32Array, yv: Float32Array, dw: Float32Array): void {
  const { inChannels: ci, outChannels: co } = info;
  dw.fill(0);
  forEachTap(info, (inPixel, outPixel, tap) => filterGradTap(xv, yv, dw, inPixel * ci, outPixel * co, tap * ci * co, ci, co));
}

/** One tap's share of the filter gradient: dW[tap, c, o] += x[pixel, c]·dy[pixel', o]. */
function filterGradTap(
  xv: Float32Array,
  yv: Float32Array,
  dw: Float32Array,
  xBase: number,
  dyBase: number,
  wBase: number,
  ci: number,
  co: number,
): void {
  for (let c = 0; c < ci; c++) {
    const xval = xv[xBase + c]!;
    if (xval === 0) continue;
    const row = wBase + c * co;
    for (let o = 0; o < co; o++) dw[row + o] += xval * yv[dyBase + o]!;
  }
}
