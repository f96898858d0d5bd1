/**
 * Gradient loops on plain typed arrays, shared by the wasm and cpu kernel registrations.
 */
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
  const {
    batchSize: n,
    inHeight: h,
    inWidth: w,
    inChannels: c,
    outHeight: oh,
    outWidth: ow,
    filterHeight: fh,
    filterWidth: fw,
    strideHeight: sh,
    strideWidth: sw,
    padInfo,
  } = info;
  dv.fill(0);
  let out = 0;
  for (let bi = 0; bi < n; bi++) {
    for (let y = 0; y < oh; y++) {
      const y0 = Math.max(0, y * sh - padInfo.top);
      const y1 = Math.min(h, y * sh - padInfo.top + fh);
      for (let xo = 0; xo < ow; xo++, out += c) {
        const x0 = Math.max(0, xo * sw - padInfo.left);
        const x1 = Math.min(w, xo * sw - padInfo.left + fw);
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

/** Conv2D filter gradient by direct loops: dW[kh,kw,ci,co] += x[b,iy,ix,ci] · dy[b,oy,ox,co]. */
export function conv2DFilterGradLoop(info: backend_util.Conv2DInfo, xv: Float32Array, yv: Float32Array, dw: Float32Array): void {
  const {
    batchSize: n,
    inHeight: h,
    inWidth: w,
    inChannels: ci,
    outHeight: oh,
    outWidth: ow,
    outChannels: co,
    filterHeight: fh,
    filterWidth: fw,
    strideHeight: sh,
    strideWidth: sw,
    dilationHeight: dh,
    dilationWidth: dwid,
    padInfo,
  } = info;
  dw.fill(0);
  for (let bi = 0; bi < n; bi++) {
    for (let y = 0; y < oh; y++) {
      for (let xo = 0; xo < ow; xo++) {
        const dyBase = ((bi * oh + y) * ow + xo) * co;
        for (let kh = 0; kh < fh; kh++) {
          const iy = y * sh + kh * dh - padInfo.top;
          if (iy < 0 || iy >= h) continue;
          for (let kw = 0; kw < fw; kw++) {
            const ix = xo * sw + kw * dwid - padInfo.left;
            if (ix < 0 || ix >= w) continue;
            const xBase = ((bi * h + iy) * w + ix) * ci;
            const wBase = (kh * fw + kw) * ci * co;
            for (let c = 0; c < ci; c++) {
              const xval = xv[xBase + c]!;
              if (xval === 0) continue;
              const row = wBase + c * co;
              for (let o = 0; o < co; o++) dw[row + o] += xval * yv[dyBase + o]!;
            }
          }
        }
      }
    }
  }
}
