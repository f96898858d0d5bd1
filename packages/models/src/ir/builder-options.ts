/** The options of the {@link GraphBuilder} calls, and the {@link Tensor} they pass around. */
import type { Padding, Shape } from './layers.js';

/** A value flowing between layers while a graph is built: the id of its layer and its shape. */
export interface Tensor {
  readonly id: number;
  readonly shape: Shape;
}

/** Options shared by every builder call. */
export interface NameOption {
  /** Layer name (prefixed by the current scope); generated from the kind when omitted. */
  name?: string;
  /**
   * Reuse the weights of the layer that produced this tensor (same kind and config, same input
   * channels), e.g. a detection head applied at every pyramid level.
   */
  shareWith?: Tensor;
}

/** Options of {@link GraphBuilder.conv2d}. */
export interface Conv2dOptions extends NameOption {
  filters: number;
  /** Square kernel size or `[kh, kw]`. */
  kernel: number | [number, number];
  /** Default 1. */
  stride?: number;
  /** Default `'same'`. */
  padding?: Padding;
  /** Default 1; the input channel count makes it depthwise. */
  groups?: number;
  /** Default true (as Keras). */
  useBias?: boolean;
  /** Default 1. */
  dilation?: number;
}

/** Options of {@link GraphBuilder.depthwiseConv2d}. */
export interface DepthwiseOptions extends NameOption {
  kernel: number | [number, number];
  stride?: number;
  padding?: Padding;
  /** Depth multiplier, default 1. */
  multiplier?: number;
  /** Default false. */
  useBias?: boolean;
}

/** Options of {@link GraphBuilder.batchNorm}. */
export interface BatchNormOptions extends NameOption {
  /** Default 1e-3 (Keras). */
  epsilon?: number;
  /** Default 0.99 (Keras). */
  momentum?: number;
  center?: boolean;
  scale?: boolean;
}

/** Options of the pooling calls. */
export interface PoolOptions extends NameOption {
  size: number;
  /** Default `size`. */
  stride?: number;
  /** Default `'valid'`. */
  padding?: Padding;
}

/** @deprecated Renamed {@link Conv2dOptions} (options bags are `*Options`). */
export type Conv2dArgs = Conv2dOptions;
/** @deprecated Renamed {@link DepthwiseOptions}. */
export type DepthwiseArgs = DepthwiseOptions;
/** @deprecated Renamed {@link BatchNormOptions}. */
export type BatchNormArgs = BatchNormOptions;
/** @deprecated Renamed {@link PoolOptions}. */
export type PoolArgs = PoolOptions;
