/**
 * Stand-alone children: the space's function run under `space.context.apply(dna, fn)` — the plain
 * dynamic-evaluation path of `@tsglove/symbolic`, no supernet involved — with fresh weights of
 * its own, and the loop that trains one from scratch.
 */
import * as tf from '@tensorflow/tfjs';
import type { DNA } from '@tsglove/symbolic';
import type { TfModel } from '@tsglove/train';
import { Layers } from './layers.js';
import type { NasSpace } from './space.js';
import {
  Batches,
  accuracyMetric,
  checkData,
  checkInt,
  crossEntropyLoss,
  evaluateMetric,
  gradientStep,
  weightTraining,
  type NasSplits,
  type TaskOptions,
  type WeightTraining,
} from './data.js';

/** One architecture of a space with its own weights (see the module comment). */
export class ChildNet {
  /** The child's weights (keys numbered along its single path). */
  readonly layers: Layers;
  private readonly decided: Record<string, unknown>;

  constructor(
    readonly space: NasSpace,
    readonly dna: DNA,
    seed = 0,
  ) {
    this.decided = space.context.decide(dna);
    this.layers = new Layers('persistent', seed);
    tf.tidy(() => {
      this.forward(tf.zeros([1, ...space.inputShape]));
    });
  }

  /** The child's output for a batch. */
  forward(x: tf.Tensor): tf.Tensor {
    this.layers.beginPass();
    return this.space.context.apply(this.decided, () => this.space.fn(x, this.layers));
  }

  /** The child's weights. */
  get weights(): tf.Variable[] {
    return [...this.layers.variables.values()];
  }

  /** Number of parameters. */
  countParams(): number {
    return this.layers.countParams();
  }

  /**
   * The child as a `TfModel` of the tf runtime (for `fit`/`evaluate`/`trainStep` on image data);
   * it shares this child's weights. The space must output logits `[n, k]`.
   */
  asTfModel(): TfModel {
    const weights = this.weights;
    return {
      name: `nas_child(${this.space.describe(this.dna)})`,
      trainableWeights: weights,
      nonTrainableWeights: [],
      weightNames: [...this.layers.variables.keys()],
      inputShape: this.space.inputShape,
      apply: (x: tf.Tensor4D) => tf.tidy(() => this.forward(x)) as tf.Tensor2D,
      countParams: () => ({ trainable: this.countParams(), nonTrainable: 0 }),
      dispose: () => this.dispose(),
    };
  }

  /** Frees the weights. */
  dispose(): void {
    this.layers.dispose();
  }
}

/** Options of {@link trainChild}. */
export interface TrainChildOptions extends TaskOptions, WeightTraining {
  /** Gradient steps (default 200). */
  steps?: number;
}

/** What {@link trainChild} measured. */
export interface ChildResult {
  dna: DNA;
  /** `space.describe(dna)`. */
  label: string;
  /** The metric on the validation split after training. */
  metric: number;
  params: number;
  /** Loss of every step. */
  losses: number[];
  /** Wall time of training and evaluation, ms. */
  ms: number;
}

/** Trains a fresh child of `dna` on `data.train` and measures it on `data.valid`; frees it after. */
export function trainChild(space: NasSpace, dna: DNA, data: NasSplits, options: TrainChildOptions = {}): ChildResult {
  const start = performance.now();
  const train = checkData(data?.train, 'data.train');
  const valid = checkData(data?.valid, 'data.valid');
  const steps = checkInt(options.steps ?? 200, 'steps');
  const seed = options.seed ?? 0;
  const child = new ChildNet(space, dna, seed);
  const { schedule, optimizer } = weightTraining(options);
  const batches = new Batches(train, checkInt(options.batchSize ?? 32, 'batchSize'), seed + 17);
  const losses: number[] = [];
  try {
    const vars = child.weights;
    const forward = (x: tf.Tensor): tf.Tensor => child.forward(x);
    for (let s = 0; s < steps; s++) {
      const batch = batches.next();
      losses.push(gradientStep(forward, vars, batch, options.loss ?? crossEntropyLoss, optimizer, schedule(s)));
      tf.dispose([batch.x, batch.y]);
    }
    const metric = evaluateMetric(forward, valid, options.metric ?? accuracyMetric);
    return { dna, label: space.describe(dna), metric, params: child.countParams(), losses, ms: performance.now() - start };
  } finally {
    optimizer.dispose();
    child.dispose();
  }
}
