/**
 * The op contract shared by `@tsglove/models` (which produces op lists from a network) and
 * `@tsglove/hwsim` (which estimates their cost on an accelerator).
 *
 * Shapes follow SCALE-Sim's topology fields. Unless `padding` says otherwise a convolution has no
 * padding and its output size is `ceil((H - R + S) / S)`; with `padding: 'same'` the output is
 * `ceil(H / S)` (the input is padded so that every window fits).
 */

/** Padding of a windowed op: SCALE-Sim's "valid" (the default) or TensorFlow's "same". */
export type Padding = 'valid' | 'same';

/** A (grouped) 2-D convolution; `groups === channels === numFilters` is a depthwise conv. */
export interface Conv2dOp {
  kind: 'conv2d';
  name: string;
  ifmapH: number;
  ifmapW: number;
  filterH: number;
  filterW: number;
  /** Input channels. */
  channels: number;
  /** Output channels. */
  numFilters: number;
  stride: number;
  /** Channel groups (1 = dense conv). */
  groups?: number;
  padding?: Padding;
}

/** A depthwise convolution (one filter per input channel, times `multiplier`). */
export interface DepthwiseConv2dOp {
  kind: 'depthwise';
  name: string;
  ifmapH: number;
  ifmapW: number;
  filterH: number;
  filterW: number;
  channels: number;
  stride: number;
  /** Depth multiplier (default 1). */
  multiplier?: number;
  padding?: Padding;
}

/** A matrix multiply `[m, k] x [k, n]` (a dense layer has m = batch rows, k = inputs, n = units). */
export interface MatmulOp {
  kind: 'matmul';
  name: string;
  m: number;
  k: number;
  n: number;
}

/** Pooling over windows of each channel (`global` pools the whole map to 1x1). */
export interface PoolOp {
  kind: 'pool';
  name: string;
  mode: 'max' | 'avg' | 'global';
  ifmapH: number;
  ifmapW: number;
  channels: number;
  windowH: number;
  windowW: number;
  stride: number;
  padding?: Padding;
}

/** An elementwise op (activation, add, multiply, batch norm at inference, resize...). */
export interface ElementwiseOp {
  kind: 'elementwise';
  name: string;
  /** What it computes, e.g. 'relu', 'add', 'batchnorm', 'swish', 'upsample'. */
  fn: string;
  /** Output elements. */
  elements: number;
  /** Input tensors read, each of `elements` elements (default 1; an add reads 2). */
  inputs?: number;
  /** Arithmetic operations per output element (default 1). */
  opsPerElement?: number;
}

/** Any op the cost model understands. */
export type Op = Conv2dOp | DepthwiseConv2dOp | MatmulOp | PoolOp | ElementwiseOp;

/** The kinds of op, for exhaustive switches. */
export type OpKind = Op['kind'];
