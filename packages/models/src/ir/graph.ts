/**
 * The network IR: a {@link Graph} of layers in topological order, and the {@link GraphBuilder} that
 * makes one while inferring every layer's output shape.
 *
 * ```ts
 * const g = new GraphBuilder([32, 32, 3]);
 * let x = g.input();
 * x = g.conv2d(x, { filters: 32, kernel: 3, stride: 1, useBias: false });
 * x = g.batchNorm(x);
 * x = g.activation(x, 'relu');
 * x = g.globalPool(x);
 * x = g.dense(x, { units: 10 });
 * const graph = g.build(x);
 * ```
 *
 * A graph is plain data: `graph.layers[i]` has `id === i`, `kind`, `config`, `inputs` (ids of
 * earlier layers) and `shape` (see `layers.ts` for each kind's config and shape rule). Walking
 * `graph.layers` in order and building one framework layer per IR layer reproduces the network;
 * `graph.outputs` lists the ids of its outputs.
 */
import { ModelsError } from '../errors.js';
import type { BatchNormOptions, Conv2dOptions, DepthwiseOptions, NameOption, PoolOptions, Tensor } from './builder-options.js';
import { checkInt, checkRate } from './layer-kind.js';
import { inferShape, validateConfig } from './layer-kinds.js';
import type { ActivationFn, Layer, LayerConfigs, LayerKind, Shape } from './layers.js';

/** (Re-exported for the model families, which import it from here.) */
export type { Tensor } from './builder-options.js';

/** A network: layers in topological order (`layers[i].id === i`) and the ids of its outputs. */
export class Graph {
  readonly name: string;
  readonly layers: readonly Layer[];
  readonly outputs: readonly number[];
  constructor(name: string, layers: readonly Layer[], outputs: readonly number[]) {
    this.name = name;
    this.layers = layers;
    this.outputs = outputs;
  }
  /** The input layer (always `layers[0]`). */
  get input(): Layer {
    return this.layers[0]!;
  }
  /** The input shape, `[H, W, C]`. */
  get inputShape(): Shape {
    return this.layers[0]!.shape;
  }
  /** The shapes of the outputs, in order. */
  get outputShapes(): Shape[] {
    return this.outputs.map((id) => this.layers[id]!.shape);
  }
  /** The layer with this name, or undefined. */
  layer(name: string): Layer | undefined {
    return this.layers.find((l) => l.name === name);
  }
  /** Plain JSON form: `{ name, layers, outputs }`. */
  toJSON(): { name: string; layers: readonly Layer[]; outputs: readonly number[] } {
    return { name: this.name, layers: this.layers, outputs: this.outputs };
  }
}

/** Why `layer` cannot reuse the weights of `src` (or '' when it can). */
export function sharingProblem(src: Layer, layer: Layer, layers: readonly Layer[]): string {
  if (src.kind !== layer.kind) return `kind ${layer.kind} differs from ${src.kind}`;
  if (JSON.stringify(src.config) !== JSON.stringify(layer.config)) return 'configs differ';
  const cin = (l: Layer): number | undefined => {
    const s = layers[l.inputs[0]!]?.shape;
    return s?.[s.length - 1];
  };
  if (cin(src) !== cin(layer)) return `input channels ${cin(layer)} differ from ${cin(src)}`;
  return '';
}

/** Builds a {@link Graph} layer by layer, inferring shapes (see the file comment). */
export class GraphBuilder {
  private readonly layers: Layer[] = [];
  private readonly names = new Set<string>();
  private readonly counters = new Map<string, number>();
  private readonly scopes: string[] = [];
  private prefix = '';
  private readonly inputTensor: Tensor;

  /** @param inputShape `[H, W, C]` of the network input. */
  constructor(
    inputShape: Shape,
    private readonly graphName = 'model',
  ) {
    if (inputShape.length !== 3) throw new ModelsError(`expected [H, W, C], got [${inputShape.join(', ')}]`, 'inputShape');
    inputShape.forEach((d, i) => checkInt(d, `inputShape[${i}]`, 1));
    this.inputTensor = this.push('input', { shape: [...inputShape] }, [], 'input');
  }

  /** The graph input. */
  input(): Tensor {
    return this.inputTensor;
  }

  /** Runs `fn` with `prefix/` prepended to the names of the layers it adds. */
  scope<T>(prefix: string, fn: () => T): T {
    this.scopes.push(prefix);
    const saved = this.prefix;
    this.prefix = `${this.scopes.join('/')}/`;
    try {
      return fn();
    } finally {
      this.scopes.pop();
      this.prefix = saved;
    }
  }

  /** Adds a layer of any kind from its config (the typed helpers below are shorthands). */
  layer<K extends LayerKind>(kind: K, config: LayerConfigs[K], inputs: readonly Tensor[], name?: string): Tensor {
    validateConfig(kind, config, name ?? kind);
    return this.push(
      kind,
      config,
      inputs.map((t) => t.id),
      name,
    );
  }

  /** A 2-D convolution (grouped when `groups > 1`); default stride 1, `'same'` padding, bias on. */
  conv2d(x: Tensor, a: Conv2dOptions): Tensor {
    const name = this.nameFor('conv2d', a.name);
    const kernel: [number, number] = typeof a.kernel === 'number' ? [a.kernel, a.kernel] : [a.kernel[0], a.kernel[1]];
    const cfg: LayerConfigs['conv2d'] = {
      filters: a.filters,
      kernel,
      stride: a.stride ?? 1,
      padding: a.padding ?? 'same',
      groups: a.groups ?? 1,
      useBias: a.useBias ?? true,
      dilation: a.dilation ?? 1,
    };
    checkInt(cfg.filters, `${name}.filters`, 1);
    checkInt(kernel[0], `${name}.kernel`, 1);
    checkInt(kernel[1], `${name}.kernel`, 1);
    checkInt(cfg.stride, `${name}.stride`, 1);
    checkInt(cfg.groups, `${name}.groups`, 1);
    checkInt(cfg.dilation, `${name}.dilation`, 1);
    return this.push('conv2d', cfg, [x.id], name, true, a.shareWith);
  }

  /** A depthwise convolution: `conv2d` with `groups` = input channels. */
  depthwiseConv2d(x: Tensor, a: DepthwiseOptions): Tensor {
    const channels = x.shape[x.shape.length - 1]!;
    const mult = a.multiplier ?? 1;
    return this.conv2d(x, {
      filters: channels * mult,
      kernel: a.kernel,
      stride: a.stride ?? 1,
      padding: a.padding ?? 'same',
      groups: channels,
      useBias: a.useBias ?? false,
      name: a.name ?? this.autoName('depthwise'),
      shareWith: a.shareWith,
    });
  }

  /** A fully connected layer over the last axis (bias on by default). */
  dense(x: Tensor, a: { units: number; useBias?: boolean } & NameOption): Tensor {
    const name = this.nameFor('dense', a.name);
    checkInt(a.units, `${name}.units`, 1);
    return this.push('dense', { units: a.units, useBias: a.useBias ?? true }, [x.id], name, true, a.shareWith);
  }

  /** Batch normalization over channels (Keras defaults: ε = 1e-3, momentum 0.99, γ and β on). */
  batchNorm(x: Tensor, a: BatchNormOptions = {}): Tensor {
    const cfg = { epsilon: a.epsilon ?? 1e-3, momentum: a.momentum ?? 0.99, center: a.center ?? true, scale: a.scale ?? true };
    return this.push('batchNorm', cfg, [x.id], a.name);
  }

  /**
   * An elementwise activation; `alpha` sets the α of `parametricSoftplus` (default 10) and is
   * rejected for other functions.
   */
  activation(x: Tensor, fn: ActivationFn, name?: string, alpha?: number): Tensor {
    const n = name ?? this.autoName(fn);
    if (alpha === undefined) return this.push('activation', { fn }, [x.id], n, true);
    if (fn !== 'parametricSoftplus') throw new ModelsError(`only parametricSoftplus takes alpha, not ${fn}`, `${n}.alpha`);
    const config = { fn, alpha };
    validateConfig('activation', config, n);
    return this.push('activation', config, [x.id], n, true);
  }

  /** Flattens to a vector `[H·W·C]` (channels-last order, as Keras `Flatten`). */
  flatten(x: Tensor, name?: string): Tensor {
    return this.push('flatten', {}, [x.id], name);
  }

  /** Max pooling (default stride = size, `'valid'` padding). */
  maxPool(x: Tensor, a: PoolOptions): Tensor {
    return this.pool('max', x, a);
  }

  /** Average pooling (default stride = size, `'valid'` padding). */
  avgPool(x: Tensor, a: PoolOptions): Tensor {
    return this.pool('avg', x, a);
  }

  private pool(mode: 'max' | 'avg', x: Tensor, a: PoolOptions): Tensor {
    const name = this.nameFor(`${mode}_pool`, a.name);
    checkInt(a.size, `${name}.size`, 1);
    const cfg = { mode, size: a.size, stride: a.stride ?? a.size, padding: a.padding ?? 'valid' } as const;
    checkInt(cfg.stride, `${name}.stride`, 1);
    return this.push('pool2d', cfg, [x.id], name, true);
  }

  /** Global pooling; `keepDims` (default false) keeps a `[1, 1, C]` map. */
  globalPool(x: Tensor, a: { mode?: 'avg' | 'max'; keepDims?: boolean } & NameOption = {}): Tensor {
    return this.push('globalPool', { mode: a.mode ?? 'avg', keepDims: a.keepDims ?? false }, [x.id], a.name);
  }

  /** Elementwise sum of two or more same-shaped tensors (Keras `Add`). */
  add(inputs: readonly Tensor[], name?: string): Tensor {
    return this.push(
      'add',
      {},
      inputs.map((t) => t.id),
      name,
    );
  }

  /** Elementwise product; a `[1, 1, C]` gate broadcasts over `[H, W, C]`. */
  multiply(a: Tensor, b: Tensor, name?: string): Tensor {
    return this.push('multiply', {}, [a.id, b.id], name);
  }

  /** Concatenation along channels. */
  concat(inputs: readonly Tensor[], name?: string): Tensor {
    return this.push(
      'concat',
      {},
      inputs.map((t) => t.id),
      name,
    );
  }

  /** Weighted fusion of same-shaped inputs (one trainable weight each). */
  fusion(inputs: readonly Tensor[], a: { method?: 'fast' | 'softmax'; epsilon?: number } & NameOption = {}): Tensor {
    return this.push(
      'fusion',
      { method: a.method ?? 'fast', epsilon: a.epsilon ?? 1e-4 },
      inputs.map((t) => t.id),
      a.name,
    );
  }

  /** Nearest-neighbour upsampling by an integer factor. */
  upsample(x: Tensor, factor: number, name?: string): Tensor {
    const n = this.nameFor('upsample', name);
    checkInt(factor, `${n}.factor`, 1);
    return this.push('upsample', { factor, method: 'nearest' }, [x.id], n, true);
  }

  /** Space-to-depth: `[H, W, C] → [H/b, W/b, C·b²]` (H and W must divide by b). */
  spaceToDepth(x: Tensor, blockSize: number, name?: string): Tensor {
    const n = this.nameFor('space_to_depth', name);
    checkInt(blockSize, `${n}.blockSize`, 1);
    return this.push('spaceToDepth', { blockSize }, [x.id], n, true);
  }

  /** Dropout with `rate` in [0, 1) (identity at inference). */
  dropout(x: Tensor, rate: number, name?: string): Tensor {
    const n = this.nameFor('dropout', name);
    checkRate(rate, `${n}.rate`);
    return this.push('dropout', { rate }, [x.id], n, true);
  }

  /** Stochastic depth on a residual branch (identity at inference). */
  dropConnect(x: Tensor, rate: number, name?: string): Tensor {
    const n = this.nameFor('drop_connect', name);
    checkRate(rate, `${n}.rate`);
    return this.push('dropConnect', { rate }, [x.id], n, true);
  }

  /**
   * Finishes the graph with the given outputs. Layers that no output depends on are dropped and
   * ids are renumbered (still topological).
   */
  build(outputs: Tensor | readonly Tensor[]): Graph {
    const outs = Array.isArray(outputs) ? (outputs as readonly Tensor[]) : [outputs as Tensor];
    if (outs.length === 0) throw new ModelsError('a graph needs at least one output', 'outputs');
    const live = new Uint8Array(this.layers.length);
    live[0] = 1;
    const stack = outs.map((t) => t.id);
    while (stack.length) {
      const id = stack.pop()!;
      if (live[id]) continue;
      live[id] = 1;
      const l = this.layers[id]!;
      for (const i of l.inputs) stack.push(i);
      if (l.sharedWith !== undefined) stack.push(l.sharedWith);
    }
    const remap = new Int32Array(this.layers.length).fill(-1);
    const kept: Layer[] = [];
    for (const l of this.layers) {
      if (!live[l.id]) continue;
      remap[l.id] = kept.length;
      const copy = { ...l, id: kept.length, inputs: l.inputs.map((i) => remap[i]!) } as Layer & { sharedWith?: number };
      if (l.sharedWith !== undefined) copy.sharedWith = remap[l.sharedWith]!;
      kept.push(copy);
    }
    return new Graph(
      this.graphName,
      kept,
      outs.map((t) => remap[t.id]!),
    );
  }

  private autoName(base: string): string {
    const n = this.counters.get(base) ?? 0;
    this.counters.set(base, n + 1);
    return n === 0 ? base : `${base}_${n}`;
  }

  private nameFor(base: string, name: string | undefined): string {
    return name ?? this.autoName(base);
  }

  private push<K extends LayerKind>(
    kind: K,
    config: LayerConfigs[K],
    inputs: readonly number[],
    name?: string,
    resolved = false,
    share?: Tensor,
  ): Tensor {
    let full = resolved || name !== undefined ? name! : this.autoName(kind);
    if (this.prefix) full = this.prefix + full;
    if (this.names.has(full)) {
      let k = 1;
      while (this.names.has(`${full}_${k}`)) k++;
      full = `${full}_${k}`;
    }
    for (const i of inputs) {
      if (!Number.isInteger(i) || i < 0 || i >= this.layers.length) throw new ModelsError(`input ${i} is not a layer of this graph`, full);
    }
    const inputShapes: Shape[] = [];
    for (const i of inputs) inputShapes.push(this.layers[i]!.shape);
    const shape = inferShape(kind, config, inputShapes, full);
    const id = this.layers.length;
    const layer = { id, name: full, kind, config, inputs: [...inputs], shape } as Layer & { sharedWith?: number };
    if (share) {
      let src = this.layers[share.id]!;
      while (src.sharedWith !== undefined) src = this.layers[src.sharedWith]!;
      const problem = sharingProblem(src, layer, this.layers);
      if (problem) throw new ModelsError(`cannot share weights with ${src.name}: ${problem}`, full);
      layer.sharedWith = src.id;
    }
    this.names.add(full);
    this.layers.push(layer);
    return { id, shape };
  }
}
