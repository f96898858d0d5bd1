/**
 * The op contract shared by `@tsglove/models` (which produces op lists from a network) and
 * `@tsglove/hwsim` (which estimates their cost on an accelerator). {@link OP_FIELDS} describes each
 * op kind's fields once: the op types are inferred from it and `validateOp` checks ops against it.
 *
 * Shapes follow SCALE-Sim's topology fields. Unless `padding` says otherwise a convolution has no
 * padding and its output size is `ceil((H - R + S) / S)`; with `padding: 'same'` the output is
 * `ceil(H / S)` (the input is padded so that every window fits).
 */
import { t } from '@tsglove/symbolic';
import type { PlainOf } from './fields.js';

const size = () => t.int({ min: 1 });
const name = t.str().describe('layer name, reported back in the estimate');
const padding = t
  .enum(['valid', 'same'] as const)
  .optional()
  .describe("SCALE-Sim's 'valid' (the default) or TensorFlow's 'same'");
/** The spatial fields of a windowed op on an `ifmapH × ifmapW` input. */
const windowed = { ifmapH: size(), ifmapW: size(), filterH: size(), filterW: size() };

/** The fields of each op kind (the `kind` field selects one). */
export const OP_FIELDS = {
  /** A (grouped) 2-D convolution; `groups === channels === numFilters` is a depthwise conv. */
  conv2d: {
    name,
    ...windowed,
    channels: size().describe('input channels'),
    numFilters: size().describe('output channels'),
    stride: size(),
    groups: size().optional().describe('channel groups (1 = dense conv); divides channels and numFilters'),
    padding,
  },
  /** A depthwise convolution (one filter per input channel, times `multiplier`). */
  depthwise: {
    name,
    ...windowed,
    channels: size(),
    stride: size(),
    multiplier: size().optional().describe('depth multiplier (default 1)'),
    padding,
  },
  /** A matrix multiply `[m, k] x [k, n]` (a dense layer has m = batch rows, k = inputs, n = units). */
  matmul: { name, m: size(), k: size(), n: size() },
  /** Pooling over windows of each channel (`global` pools the whole map to 1x1). */
  pool: {
    name,
    mode: t.enum(['max', 'avg', 'global'] as const),
    ifmapH: size(),
    ifmapW: size(),
    channels: size(),
    windowH: size(),
    windowW: size(),
    stride: size(),
    padding,
  },
  /** An elementwise op (activation, add, multiply, batch norm at inference, resize...). */
  elementwise: {
    name,
    fn: t.str().describe("what it computes, e.g. 'relu', 'add', 'batchnorm', 'swish', 'upsample'"),
    elements: size().describe('output elements'),
    inputs: size().optional().describe('input tensors read, each of `elements` elements (default 1; an add reads 2)'),
    opsPerElement: t
      .float()
      .refine((v) => (Number.isFinite(v) && v >= 0) || `expected a finite number >= 0, got ${v}`)
      .optional()
      .describe('arithmetic operations per output element (default 1)'),
  },
};

/** The kinds of op, for exhaustive switches. */
export type OpKind = keyof typeof OP_FIELDS;
/** The op of one kind: `{ kind, ...fields }`. */
export type OpOf<K extends OpKind> = { kind: K } & PlainOf<(typeof OP_FIELDS)[K]>;

/** Padding of a windowed op: SCALE-Sim's "valid" (the default) or TensorFlow's "same". */
export type Padding = NonNullable<Conv2dOp['padding']>;
export type Conv2dOp = OpOf<'conv2d'>;
export type DepthwiseConv2dOp = OpOf<'depthwise'>;
export type MatmulOp = OpOf<'matmul'>;
export type PoolOp = OpOf<'pool'>;
export type ElementwiseOp = OpOf<'elementwise'>;

/** Any op the cost model understands. */
export type Op = Conv2dOp | DepthwiseConv2dOp | MatmulOp | PoolOp | ElementwiseOp;
