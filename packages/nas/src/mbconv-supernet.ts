/**
 * The one-shot supernet of an {@link MBConvNet} space (TuNAS-style weight sharing): one variable
 * per weight of every layer name any child has, at the largest shape any child needs (the space's
 * largest child: every kernel, expansion, SE and filter choice at its maximum, every block kept).
 * A child uses masked views of those variables:
 *
 * - kernels: the centered k×k window of the shared 7×7 (or largest) kernel;
 * - channels: the first c input and output channels (filters, expanded width, SE width).
 *
 * The masks are slices (`tf.slice`), i.e. masking with the zeroed channels dropped, so a child
 * costs only its own work and its forward pass equals the standalone child (`toTfModel(child)`)
 * given the sliced weights ({@link MBConvSupernet.childWeights}); gradients flow back into the
 * shared variables. Batch norm always uses batch statistics, as in TuNAS's shared-weight training.
 */
import * as tf from '@tensorflow/tfjs';
import { Choice, dnaSpec, materialize, type DNA } from '@tsglove/symbolic';
import { ModelsError, type Graph, type Layer } from '@tsglove/models';
import { applyGraph, heNormal, weightSpecs, type LayerWeights, type WeightSpec } from '@tsglove/train';
import type { MBConvNet } from './mbconv-space.js';

/** `[name, weight key] → spec` of every trainable weight of a graph, in layer order (keys as in `toTfModel`). */
function trainableWeights(graph: Graph): Map<string, WeightSpec> {
  const specs = new Map<string, WeightSpec>();
  for (const layer of graph.layers) {
    if (layer.kind === 'fusion') throw new ModelsError('fusion layers are not shared by the MBConv supernet', layer.name);
    const inShape = layer.inputs.length ? graph.layers[layer.inputs[0]!]!.shape : [];
    for (const w of weightSpecs(layer, inShape)) if (w.trainable) specs.set(`${layer.name}/${w.name}`, w);
  }
  return specs;
}

/** `[name, weight key] → shape` of every trainable weight of a graph (keys as in `toTfModel`). */
export function weightShapes(graph: Graph): Map<string, number[]> {
  return new Map([...trainableWeights(graph)].map(([key, w]) => [key, [...w.shape]]));
}

/** The largest child of a space: every choice at its largest value, every block kept. */
export function largestChild(space: MBConvNet): MBConvNet {
  const numbers: number[] = [];
  for (const point of dnaSpec(space).elements) {
    if (!(point instanceof Choice) || point.numChoices !== 1)
      throw new ModelsError('expected a oneOf over values', String(point.name ?? point.id));
    const values = point.literals;
    let best = 0;
    values.forEach((v, i) => {
      const cur = values[best];
      if ((typeof v === 'number' && typeof cur === 'number' && v > cur) || (v === true && cur !== true)) best = i;
    });
    numbers.push(best);
  }
  return materialize(space, numbers) as MBConvNet;
}

/** Options of {@link MBConvSupernet}. */
export interface MBConvSupernetOptions {
  /** Seed of the initial weights (default 0). */
  seed?: number;
}

/** The shared weights of an MBConv space (see the module comment). */
export class MBConvSupernet {
  private readonly shared = new Map<string, tf.Variable>();

  constructor(
    readonly space: MBConvNet,
    options: MBConvSupernetOptions = {},
  ) {
    let seed = options.seed ?? 0;
    for (const [key, w] of trainableWeights(largestChild(space).build())) {
      const shape = [...w.shape];
      const init = w.init === 'heNormal' ? heNormal(shape, w.fanIn ?? 1, seed++) : w.init === 'ones' ? tf.ones(shape) : tf.zeros(shape);
      this.shared.set(key, tf.variable(init, true, `mbconv_supernet/${key}/${this.shared.size}`));
      init.dispose();
    }
  }

  /** Every shared variable (what the weight optimizer trains). */
  get weights(): tf.Variable[] {
    return [...this.shared.values()];
  }

  /** Total shared parameters. */
  countParams(): number {
    return this.weights.reduce((n, v) => n + v.size, 0);
  }

  /** The child a DNA selects. */
  child(dna: DNA | readonly number[]): MBConvNet {
    return materialize(this.space, dna) as MBConvNet;
  }

  /** The masked view of one shared weight at a child's `shape` (centered kernel window, first channels). */
  private view(key: string, shape: readonly number[]): tf.Tensor {
    const v = this.shared.get(key);
    if (!v) throw new ModelsError("no shared weight of this name: is the child from this supernet's space?", key);
    if (v.shape.length !== shape.length || shape.some((d, i) => d > v.shape[i]!)) {
      throw new ModelsError(`child shape [${shape}] exceeds the shared [${v.shape}]`, key);
    }
    if (shape.every((d, i) => d === v.shape[i])) return v;
    const begin = shape.map((d, i) => (shape.length === 4 && i < 2 ? (v.shape[i]! - d) / 2 : 0));
    if (begin.some((b) => !Number.isInteger(b)))
      throw new ModelsError(`kernel [${shape}] is not centered in [${v.shape}] (odd difference)`, key);
    return tf.slice(v, begin, [...shape]);
  }

  /** Per layer, the masked views a child's graph uses (for `applyGraph`). */
  private weightsOf(graph: Graph): (layer: Layer) => LayerWeights {
    const shapes = weightShapes(graph);
    return (layer) => {
      const w: Record<string, tf.Tensor> = {};
      for (const kind of ['kernel', 'bias', 'gamma', 'beta']) {
        const shape = shapes.get(`${layer.name}/${kind}`);
        if (shape) w[kind] = this.view(`${layer.name}/${kind}`, shape);
      }
      return w;
    };
  }

  /** Logits of `child` on `x` under the shared weights (batch statistics in batch norm). */
  apply(child: MBConvNet | Graph, x: tf.Tensor4D, training = true): tf.Tensor2D {
    const graph = 'layers' in child ? child : child.build();
    return tf.tidy(() => applyGraph(graph, x, this.weightsOf(graph), training)[0] as tf.Tensor2D);
  }

  /**
   * The child's weights as plain arrays, named like `toTfModel`'s `weightNames`
   * (`stage0/block0/dwconv/kernel`, …), to build the standalone child with.
   */
  childWeights(child: MBConvNet | Graph): Map<string, { shape: number[]; values: Float32Array }> {
    const graph = 'layers' in child ? child : child.build();
    const out = new Map<string, { shape: number[]; values: Float32Array }>();
    for (const [key, shape] of weightShapes(graph)) {
      const t = tf.tidy(() => this.view(key, shape).clone());
      out.set(key, { shape, values: t.dataSync() as Float32Array });
      t.dispose();
    }
    return out;
  }

  /** Frees the shared variables. */
  dispose(): void {
    for (const v of this.shared.values()) v.dispose();
    this.shared.clear();
  }
}
