/**
 * A NAS search space is an ordinary model-building function `(x, nn) => output` that calls
 * `oneOf` while it builds (define-by-run). {@link nasSpace} traces it once under a
 * `DynamicEvaluationContext` (on a zero batch, with throwaway weights) to get its DNASpec; the same
 * function then runs unchanged as a weight-sharing supernet, as a single path, or as a stand-alone
 * child under `context.apply(dna, fn)`.
 *
 * Weight sharing needs each `oneOf` to choose among *functions* (candidate ops), e.g.
 * `h = oneOf([() => nn.conv2d(h, 8), () => tf.maxPool(h, 3, 1, 'same'), () => h], { name: 'op0' })`;
 * {@link opChoice} does the same with labels for readable results.
 */
import * as tf from '@tensorflow/tfjs';
import { Choice, type DNA, DynamicEvaluationContext, oneOf, type DNASpec } from '@tsglove/symbolic';
import { ModelsError } from '@tsglove/models';
import { Layers } from './layers.js';

/** A model-building function: the output for a batch `x`, weights taken from `nn`. */
export type ModelFn = (x: tf.Tensor, nn: Layers) => tf.Tensor;

/** Options of {@link nasSpace}. */
export interface NasSpaceOptions {
  /** Shape of one example (without the batch dimension), e.g. `[28, 28, 1]`. */
  inputShape: readonly number[];
}

/**
 * Chooses among labelled candidate ops: `oneOf(Object.values(ops), { name, hints: { labels } })`.
 * Returns the chosen op's result (or, in a DARTS supernet, the softmax mixture of all of them).
 */
export function opChoice<T>(name: string, ops: Readonly<Record<string, () => T>>): T {
  const labels = Object.keys(ops);
  if (labels.length === 0) throw new ModelsError('expected at least one candidate op', `opChoice(${name}).ops`);
  return oneOf(Object.values(ops), { name, hints: { labels } }) as unknown as T;
}

/** A traced search space (see the module comment). */
export class NasSpace {
  /** The dynamic-evaluation context holding the traced decisions. */
  readonly context = new DynamicEvaluationContext();

  constructor(
    readonly fn: ModelFn,
    readonly inputShape: readonly number[],
  ) {
    if (!Array.isArray(inputShape) || inputShape.length === 0 || inputShape.some((d) => !Number.isInteger(d) || d < 1)) {
      throw new ModelsError(`expected a non-empty list of positive integers, got ${JSON.stringify(inputShape)}`, 'inputShape');
    }
    this.context.collect(() => this.probe());
    if (this.dnaSpec.elements.length === 0) throw new ModelsError('the model function made no oneOf decision', 'fn');
  }

  /**
   * Runs the function once on a zero batch of one with throwaway weights, under whatever dynamic
   * context is active; returns the output shape.
   */
  probe(): number[] {
    return tf.tidy(() => this.fn(tf.zeros([1, ...this.inputShape]), new Layers('ephemeral')).shape);
  }

  /** The DNASpec of the space's decisions. */
  get dnaSpec(): DNASpec {
    return this.context.dnaSpec;
  }

  /** Number of architectures. */
  get size(): number {
    return this.dnaSpec.spaceSize;
  }

  /** A DNA from flat numbers (one candidate index per decision, depth first). */
  dna(numbers: readonly number[]): DNA {
    return this.dnaSpec.fromNumbers(numbers);
  }

  /** A uniformly random DNA. */
  randomDNA(random: () => number): DNA {
    return this.dnaSpec.randomDNA(random);
  }

  /** `name=label` per decision along the DNA's path, e.g. `op0=conv3x3, op1=identity`. */
  describe(dna: DNA): string {
    const out: string[] = [];
    const walk = (spec: DNASpec, children: readonly DNA[]): void => {
      spec.elements.forEach((point, j) => {
        const node = children[j]!;
        if (!(point instanceof Choice)) {
          out.push(`${point.name ?? point.id}=${JSON.stringify(node.value)}`);
          return;
        }
        const subs = point.numChoices === 1 ? [node] : node.children;
        for (const sub of subs) {
          const i = sub.value as number;
          out.push(`${point.name ?? point.id}=${labelOf(point, i)}`);
          walk(point.candidates[i]!, sub.children);
        }
      });
    };
    walk(this.dnaSpec, dna.children);
    return out.join(', ');
  }
}

/** A candidate's label from `hints.labels` (see {@link opChoice}), else its index. */
export function labelOf(point: Choice, index: number): string {
  const labels = (point.hints as { labels?: unknown } | undefined)?.labels;
  return Array.isArray(labels) && typeof labels[index] === 'string' ? labels[index] : String(index);
}

/** Traces a model-building function into a {@link NasSpace}. */
export function nasSpace(fn: ModelFn, options: NasSpaceOptions): NasSpace {
  if (typeof fn !== 'function') throw new ModelsError(`expected a function, got ${typeof fn}`, 'fn');
  return new NasSpace(fn, options?.inputShape);
}
