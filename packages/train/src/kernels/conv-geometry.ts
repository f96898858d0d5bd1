/**
 * A convolution's (or pooling window's) geometry under the short names the kernels use, from
 * tf.js's `Conv2DInfo`: one place that spells the field names out.
 */
import type { backend_util } from '@tensorflow/tfjs';

/** Batch, input and output sizes, filter, strides, dilations and the top/left padding. */
export interface ConvGeometry {
  n: number;
  h: number;
  w: number;
  ci: number;
  oh: number;
  ow: number;
  co: number;
  fh: number;
  fw: number;
  sh: number;
  sw: number;
  dilH: number;
  dilW: number;
  /** Padding above and left of the input. */
  pt: number;
  pl: number;
}

/** The geometry of `info`. */
export function geometry(info: backend_util.Conv2DInfo): ConvGeometry {
  return {
    n: info.batchSize,
    h: info.inHeight,
    w: info.inWidth,
    ci: info.inChannels,
    oh: info.outHeight,
    ow: info.outWidth,
    co: info.outChannels,
    fh: info.filterHeight,
    fw: info.filterWidth,
    sh: info.strideHeight,
    sw: info.strideWidth,
    dilH: info.dilationHeight,
    dilW: info.dilationWidth,
    pt: info.padInfo.top,
    pl: info.padInfo.left,
  };
}
