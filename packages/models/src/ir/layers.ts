/**
 * The layer kinds of the network IR and their shape rules.
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
 * - `multiply` broadcasts a `[1, 1, C]` gate over an `[H, W, C]` map (squeeze-and-excite);
 * - `fusion` is a weighted sum of same-shaped inputs with one trainable scalar weight per input
 *   (EfficientDet's BiFPN "fast normalized fusion": `Σ relu(wᵢ)·xᵢ / (Σ relu(wⱼ) + ε)`);
 * - `dropout` and `dropConnect` (stochastic depth: drop the whole residual branch per sample) are
 *   identities at inference.
 */
import { ModelsError, ShapeError } from '../errors.js';

/** Output shape of a layer, without the batch axis: `[H, W, C]` or `[C]`. */
export type Shape = readonly number[];

/** Activation functions. `swish` is also called SiLU; `hardSwish` is `x·relu6(x+3)/6`. */
export type ActivationFn = 'relu' | 'relu6' | 'swish' | 'gelu' | 'softplus' | 'sigmoid' | 'hardSwish' | 'hardSigmoid' | 'tanh';

/** The activation names accepted by the builders (aliases included). */
export const ACTIVATIONS: readonly ActivationFn[] = [
  'relu',
  'relu6',
  'swish',
  'gelu',
  'softplus',
  'sigmoid',
  'hardSwish',
  'hardSigmoid',
  'tanh',
];

/** Padding of a windowed layer. */
export type Padding = 'same' | 'valid';

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
  /** Batch normalization over the channel axis. */
  batchNorm: { epsilon: number; momentum: number; center: boolean; scale: boolean };
  /** An elementwise activation. */
  activation: { fn: ActivationFn };
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

function firstInput(inputShapes: readonly Shape[], where: string, kind: string): Shape {
  if (inputShapes.length < 1) throw new ShapeError(where, `${kind} needs an input`);
  return inputShapes[0]!;
}

function map(shape: Shape, where: string, kind: string): [number, number, number] {
  if (shape.length !== 3) throw new ShapeError(where, `${kind} expects an [H, W, C] input, got [${shape.join(', ')}]`);
  return shape as [number, number, number];
}

/**
 * The output shape of a layer of kind `kind` with `config` applied to inputs of `inputShapes`.
 * Throws a {@link ShapeError} naming `where` when the inputs do not fit.
 */
export function inferShape<K extends LayerKind>(kind: K, config: LayerConfigs[K], inputShapes: readonly Shape[], where = ''): Shape {
  const c = config as LayerConfigs[LayerKind];
  // (no closures here: this runs for every layer of every graph built)
  switch (kind) {
    case 'input':
      return [...(c as LayerConfigs['input']).shape];
    case 'conv2d': {
      const cfg = c as LayerConfigs['conv2d'];
      const [h, w, ch] = map(firstInput(inputShapes, where, kind), where, kind);
      if (ch % cfg.groups !== 0 || cfg.filters % cfg.groups !== 0) {
        throw new ShapeError(where, `groups ${cfg.groups} must divide input channels ${ch} and filters ${cfg.filters}`);
      }
      const oh = windowOutput(h, cfg.kernel[0], cfg.stride, cfg.padding, cfg.dilation);
      const ow = windowOutput(w, cfg.kernel[1], cfg.stride, cfg.padding, cfg.dilation);
      if (oh < 1 || ow < 1) throw new ShapeError(where, `kernel ${cfg.kernel.join('x')} does not fit a ${h}x${w} input`);
      return [oh, ow, cfg.filters];
    }
    case 'dense': {
      const s = firstInput(inputShapes, where, kind);
      return [...s.slice(0, -1), (c as LayerConfigs['dense']).units];
    }
    case 'batchNorm':
    case 'activation':
    case 'dropout':
    case 'dropConnect':
      return [...firstInput(inputShapes, where, kind)];
    case 'pool2d': {
      const cfg = c as LayerConfigs['pool2d'];
      const [h, w, ch] = map(firstInput(inputShapes, where, kind), where, kind);
      const oh = windowOutput(h, cfg.size, cfg.stride, cfg.padding);
      const ow = windowOutput(w, cfg.size, cfg.stride, cfg.padding);
      if (oh < 1 || ow < 1) throw new ShapeError(where, `pool size ${cfg.size} does not fit a ${h}x${w} input`);
      return [oh, ow, ch];
    }
    case 'globalPool': {
      const [, , ch] = map(firstInput(inputShapes, where, kind), where, kind);
      return (c as LayerConfigs['globalPool']).keepDims ? [1, 1, ch] : [ch];
    }
    case 'add':
    case 'fusion': {
      const s = firstInput(inputShapes, where, kind);
      if (inputShapes.length < 2) throw new ShapeError(where, `${kind} needs at least two inputs`);
      inputShapes.forEach((other, i) => {
        if (!sameShape(s, other))
          throw new ShapeError(where, `${kind} input ${i} has shape [${other.join(', ')}], expected [${s.join(', ')}]`);
      });
      return [...s];
    }
    case 'multiply': {
      if (inputShapes.length !== 2) throw new ShapeError(where, `multiply needs two inputs`);
      const [a, b] = inputShapes as [Shape, Shape];
      if (sameShape(a, b)) return [...a];
      const big = numElements(a) >= numElements(b) ? a : b;
      const small = big === a ? b : a;
      if (big.length === 3 && small.length === 3 && small[0] === 1 && small[1] === 1 && small[2] === big[2]) return [...big];
      throw new ShapeError(where, `multiply cannot broadcast [${a.join(', ')}] with [${b.join(', ')}]`);
    }
    case 'concat': {
      const s = firstInput(inputShapes, where, kind);
      let channels = 0;
      inputShapes.forEach((other, i) => {
        if (other.length !== s.length || other.slice(0, -1).some((d, j) => d !== s[j])) {
          throw new ShapeError(where, `concat input ${i} has shape [${other.join(', ')}], incompatible with [${s.join(', ')}]`);
        }
        channels += other[other.length - 1]!;
      });
      return [...s.slice(0, -1), channels];
    }
    case 'upsample': {
      const [h, w, ch] = map(firstInput(inputShapes, where, kind), where, kind);
      const f = (c as LayerConfigs['upsample']).factor;
      return [h * f, w * f, ch];
    }
    case 'spaceToDepth': {
      const [h, w, ch] = map(firstInput(inputShapes, where, kind), where, kind);
      const b = (c as LayerConfigs['spaceToDepth']).blockSize;
      if (h % b !== 0 || w % b !== 0) throw new ShapeError(where, `space-to-depth block ${b} does not divide a ${h}x${w} input`);
      return [h / b, w / b, ch * b * b];
    }
    default:
      throw new ShapeError(where, `unknown layer kind ${JSON.stringify(kind)}`);
  }
}

function int(value: unknown, path: string, min: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min)
    throw new ModelsError(path, `expected an integer >= ${min}, got ${String(value)}`);
}

function rate(value: unknown, path: string): void {
  if (typeof value !== 'number' || !(value >= 0 && value < 1))
    throw new ModelsError(path, `expected a rate in [0, 1), got ${String(value)}`);
}

function oneOfValues(value: unknown, values: readonly unknown[], path: string): void {
  if (!values.includes(value))
    throw new ModelsError(path, `expected one of ${values.map((v) => JSON.stringify(v)).join(', ')}, got ${JSON.stringify(value)}`);
}

/**
 * Checks the fields of a layer config (integers, rates, enums); errors name `where.field`. The
 * typed builder calls check their arguments themselves; this guards `GraphBuilder.layer` and
 * `checkGraph`.
 */
export function validateConfig(kind: LayerKind, config: unknown, where: string): void {
  const c = (config ?? {}) as Record<string, unknown>;
  const at = (f: string): string => (where ? `${where}.${f}` : f);
  switch (kind) {
    case 'input':
      if (!Array.isArray(c.shape)) throw new ModelsError(at('shape'), 'expected an array');
      (c.shape as unknown[]).forEach((d, i) => int(d, at(`shape[${i}]`), 1));
      return;
    case 'conv2d': {
      int(c.filters, at('filters'), 1);
      const k = c.kernel as unknown[];
      if (!Array.isArray(k) || k.length !== 2) throw new ModelsError(at('kernel'), 'expected [kh, kw]');
      int(k[0], at('kernel[0]'), 1);
      int(k[1], at('kernel[1]'), 1);
      int(c.stride, at('stride'), 1);
      int(c.groups, at('groups'), 1);
      int(c.dilation, at('dilation'), 1);
      oneOfValues(c.padding, ['same', 'valid'], at('padding'));
      return;
    }
    case 'dense':
      int(c.units, at('units'), 1);
      return;
    case 'activation':
      oneOfValues(c.fn, ACTIVATIONS, at('fn'));
      return;
    case 'pool2d':
      oneOfValues(c.mode, ['max', 'avg'], at('mode'));
      int(c.size, at('size'), 1);
      int(c.stride, at('stride'), 1);
      oneOfValues(c.padding, ['same', 'valid'], at('padding'));
      return;
    case 'globalPool':
      oneOfValues(c.mode, ['max', 'avg'], at('mode'));
      return;
    case 'fusion':
      oneOfValues(c.method, ['fast', 'softmax'], at('method'));
      return;
    case 'upsample':
      int(c.factor, at('factor'), 1);
      return;
    case 'spaceToDepth':
      int(c.blockSize, at('blockSize'), 1);
      return;
    case 'dropout':
    case 'dropConnect':
      rate(c.rate, at('rate'));
      return;
    case 'batchNorm':
    case 'add':
    case 'multiply':
    case 'concat':
      return;
    default:
      throw new ModelsError(where ? `${where}.kind` : 'kind', `unknown layer kind ${JSON.stringify(kind)}`);
  }
}

/** Whether two shapes are equal. */
export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
