/**
 * The layer kinds of the network IR: their configs and the layer type. Each kind's rules (config
 * check, shape, parameters, FLOPs, hardware op) are in its entry of the registry `layer-kinds.ts`.
 *
 * A {@link Graph} (see `graph.ts`) is a list of layers in topological order. Every layer has
 * - `id`: its index in `graph.layers` (inputs always have smaller ids),
 * - `name`: unique within the graph (e.g. `block2a/expand_conv`),
 * - `kind` + `config`: a discriminated union, listed in {@link LayerConfigs},
 * - `inputs`: the ids of the layers whose outputs it consumes (in order),
 * - `shape`: its output shape without the batch axis: `[H, W, C]` for feature maps, `[C]` for
 *   vectors;
 * - `sharedWith` (optional): the id of an earlier layer of the same kind and config whose weights
 *   this layer reuses (detection heads shared across pyramid levels); its parameters count once.
 *
 * To turn a graph into a framework model (e.g. TensorFlow.js), walk `graph.layers` in order, build
 * one framework layer per IR layer from `kind`/`config`, apply it to the outputs already built for
 * `inputs`, and finally collect `graph.outputs`. Every layer is a plain (JSON-safe) object.
 *
 * Conventions, those of Keras / TensorFlow:
 * - tensors are channels-last (NHWC);
 * - `padding: 'same'` gives `ceil(H / stride)`, `'valid'` gives `floor((H - k) / stride) + 1`;
 * - `conv2d` with `groups === inputChannels` is a depthwise convolution (depth multiplier
 *   `filters / groups`); Keras `DepthwiseConv2D` / `tf.layers.depthwiseConv2d`;
 * - `batchNorm` has trainable γ (`scale`) and β (`center`) and non-trainable moving mean/variance;
 * - `flatten` reshapes to a vector in channels-last order (Keras `Flatten`);
 * - `multiply` broadcasts a `[1, 1, C]` gate over an `[H, W, C]` map (squeeze-and-excite);
 * - `fusion` is a weighted sum of same-shaped inputs with one trainable scalar weight per input
 *   (EfficientDet's BiFPN "fast normalized fusion": `Σ relu(wᵢ)·xᵢ / (Σ relu(wⱼ) + ε)`);
 * - `dropout` and `dropConnect` (stochastic depth: drop the whole residual branch per sample) are
 *   identities at inference.
 */
import { ShapeError } from '../errors.js';
import type { ActivationFn } from './activations.js';
import type { Padding } from '@tsglove/hwsim';

export { ACTIVATIONS, type ActivationFn } from './activations.js';

/** Output shape of a layer, without the batch axis: `[H, W, C]` or `[C]`. */
export type Shape = readonly number[];

/** Padding of a windowed layer: hwsim's type of a windowed op's padding ('same' | 'valid'). */
export type { Padding };

/** The config of each layer kind. */
export interface LayerConfigs {
  /** The graph input. */
  input: { shape: Shape };
  /** A (grouped) 2-D convolution. */
  conv2d: {
    filters: number;
    /** `[kh, kw]`. */
    kernel: [number, number];
    stride: number;
    padding: Padding;
    /** Channel groups: 1 = dense conv; the input channel count = depthwise. */
    groups: number;
    useBias: boolean;
    dilation: number;
  };
  /** A fully connected layer over the last axis. */
  dense: { units: number; useBias: boolean };
  /** Flattens `[H, W, C]` (or any shape) to a vector `[H·W·C]`, in channels-last order. */
  flatten: Record<string, never>;
  /** Batch normalization over the channel axis. */
  batchNorm: { epsilon: number; momentum: number; center: boolean; scale: boolean };
  /** An elementwise activation; `alpha` is the α of `parametricSoftplus` (default 10). */
  activation: { fn: ActivationFn; alpha?: number };
  /** Max or average pooling over windows. */
  pool2d: { mode: 'max' | 'avg'; size: number; stride: number; padding: Padding };
  /** Pooling of the whole map; `keepDims` gives `[1, 1, C]`, otherwise `[C]`. */
  globalPool: { mode: 'max' | 'avg'; keepDims: boolean };
  /** Elementwise sum of two or more same-shaped inputs. */
  add: Record<string, never>;
  /** Elementwise product of two inputs; a `[1, 1, C]` input broadcasts over `[H, W, C]`. */
  multiply: Record<string, never>;
  /** Concatenation along the channel (last) axis. */
  concat: Record<string, never>;
  /** Weighted sum of same-shaped inputs with one trainable weight per input. */
  fusion: { method: 'fast' | 'softmax'; epsilon: number };
  /** Nearest-neighbour upsampling by an integer factor. */
  upsample: { factor: number; method: 'nearest' };
  /** Space-to-depth: `[H, W, C] → [H/b, W/b, C·b²]`. */
  spaceToDepth: { blockSize: number };
  /** Dropout (identity at inference). */
  dropout: { rate: number };
  /** Stochastic depth on a residual branch (identity at inference). */
  dropConnect: { rate: number };
}

/** The layer kinds. */
export type LayerKind = keyof LayerConfigs;

/** One layer of a graph (see the file comment). */
export type Layer = {
  [K in LayerKind]: {
    readonly id: number;
    readonly name: string;
    readonly kind: K;
    readonly config: Readonly<LayerConfigs[K]>;
    readonly inputs: readonly number[];
    readonly shape: Shape;
    readonly sharedWith?: number;
  };
}[LayerKind];

/** The layer of a given kind. */
export type LayerOf<K extends LayerKind> = Extract<Layer, { kind: K }>;

/** Number of elements of a shape. */
export function numElements(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Output size of a windowed op along one axis. */
export function windowOutput(size: number, kernel: number, stride: number, padding: Padding, dilation = 1): number {
  if (padding === 'same') return Math.ceil(size / stride);
  const eff = (kernel - 1) * dilation + 1;
  return Math.floor((size - eff) / stride) + 1;
}

/** The first input shape of a layer; throws a {@link ShapeError} naming `where` when there is none. */
export function firstInput(inputShapes: readonly Shape[], where: string, kind: string): Shape {
  if (inputShapes.length < 1) throw new ShapeError(`${kind} needs an input`, where);
  return inputShapes[0]!;
}

/** `shape` as `[H, W, C]`; throws a {@link ShapeError} naming `where` for any other rank. */
export function featureMap(shape: Shape, where: string, kind: string): [number, number, number] {
  if (shape.length !== 3) throw new ShapeError(`${kind} expects an [H, W, C] input, got [${shape.join(', ')}]`, where);
  return shape as [number, number, number];
}

/** Whether two shapes are equal. */
export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
