/**
 * The weight-sharing supernet of a {@link NasSpace}: the space's own function, run under a
 * dynamic-evaluation handler (`withDynamicHandler`) that decides what each `oneOf` call returns.
 *
 * - Weights: every candidate op runs inside a `Layers` scope named `<decision>#<call>=<candidate>`,
 *   so each candidate of each call gets its own weights, allocated once (the constructor runs every
 *   candidate once) and shared by every later path.
 * - Path mode (ENAS, or any DNA): the call runs only the DNA's candidate — the other candidates'
 *   weights are not touched and get no gradient.
 * - Mixed mode (DARTS): the call runs every candidate and returns `Σᵢ softmax(α)ᵢ · opᵢ(x)`, with
 *   one logit vector α per decision (a decision named in several calls shares its α).
 *
 * Decision names follow `DynamicEvaluationContext`: `{ name }` when given, else `decision_<n>` in
 * call order within the enclosing candidate, so paths line up with the space's DNASpec.
 */
import * as tf from '@tensorflow/tfjs';
import { Choice, DNA, withDynamicHandler, type DNASpec, type DynamicHandler } from '@tsglove/symbolic';
import { ModelsError } from '@tsglove/models';
import { Layers } from './layers.js';
import type { NasSpace } from './space.js';

/** Key of a function candidate's sub-decisions in `context.decide(dna)` results. */
const BRANCH = '$branch';

type Decided = Record<string, unknown>;

/** Options of {@link Supernet}. */
export interface SupernetOptions {
  /** Seed of the initial weights (default 0). */
  seed?: number;
}

/** A weight-sharing supernet (see the module comment). */
export class Supernet {
  /** The shared weights, keyed by scope. */
  readonly layers: Layers;
  /** Architecture logits per decision key (`name`, nested: `parent=i/name`); DARTS trains them. */
  readonly alphas = new Map<string, tf.Variable>();

  constructor(
    readonly space: NasSpace,
    options: SupernetOptions = {},
  ) {
    this.layers = new Layers('persistent', options.seed ?? 0);
    // Allocate every candidate's weights (and every α) with one mixed pass on a zero batch.
    tf.tidy(() => {
      this.forwardMixed(tf.zeros([1, ...space.inputShape]));
    });
  }

  /** Every shared weight, in creation order. */
  get weights(): tf.Variable[] {
    return [...this.layers.variables.values()];
  }

  /** Every architecture logit vector. */
  get archParams(): tf.Variable[] {
    return [...this.alphas.values()];
  }

  /** The output for `x` along one path: `dna` or pre-decided values (`space.context.decide(dna)`). */
  forwardPath(x: tf.Tensor, dna: DNA | Decided): tf.Tensor {
    const decided = dna instanceof DNA ? this.space.context.decide(dna) : dna;
    this.layers.beginPass();
    return withDynamicHandler(this.handler('path', '', '', decided), () => this.space.fn(x, this.layers));
  }

  /** The output for `x` with every decision a softmax(α) mixture of its candidates (DARTS). */
  forwardMixed(x: tf.Tensor): tf.Tensor {
    this.layers.beginPass();
    return withDynamicHandler(this.handler('mix', '', '', {}), () => this.space.fn(x, this.layers));
  }

  /** Keys of the weights a path uses (runs it on a zero batch). */
  pathWeightKeys(dna: DNA | Decided): string[] {
    tf.tidy(() => {
      this.forwardPath(tf.zeros([1, ...this.space.inputShape]), dna);
    });
    return [...this.layers.touched];
  }

  /** Parameters of one path (what a stand-alone child of that DNA has). */
  pathParamCount(dna: DNA | Decided): number {
    return this.layers.countParams(this.pathWeightKeys(dna));
  }

  private alpha(key: string, n: number): tf.Variable {
    let a = this.alphas.get(key);
    if (!a) {
      a = tf.tidy(() => tf.variable(tf.randomNormal([n], 0, 1e-3, 'float32', this.alphas.size + 1), true));
      this.alphas.set(key, a);
    } else if (a.shape[0] !== n) {
      throw new ModelsError(`decision called with ${n} candidates, first seen with ${a.shape[0]}`, key);
    }
    return a;
  }

  /**
   * The handler of one scope. `alphaPrefix` keys α (decision structure, shared across calls);
   * `where` is the scope path for error messages (weights are scoped by `Layers`).
   */
  private handler(mode: 'path' | 'mix', alphaPrefix: string, where: string, decided: Decided): DynamicHandler {
    let counter = 0;
    const calls = new Map<string, number>();
    return (kind, request) => {
      const name = request.name ?? `decision_${counter++}`;
      const path = where ? `${where}/${name}` : name;
      const candidates = request.candidates;
      if (kind !== 'oneOf' || !candidates || !candidates.every((c) => typeof c === 'function')) {
        throw new ModelsError(
          `weight sharing needs oneOf over functions (candidate ops), got ${kind}` +
            (candidates ? ` over ${candidates.map((c) => typeof c).join(', ')}` : ''),
          path,
        );
      }
      const call = calls.get(name) ?? 0;
      calls.set(name, call + 1);
      const alphaKey = alphaPrefix ? `${alphaPrefix}/${name}` : name;
      const run = (i: number, sub: Decided): unknown => {
        const scope = `${name}#${call}=${i}`;
        return this.layers.scoped(scope, () =>
          withDynamicHandler(
            this.handler(mode, `${alphaKey}=${i}`, where ? `${where}/${scope}` : scope, sub),
            candidates[i] as () => unknown,
          ),
        );
      };
      if (mode === 'path') {
        const value = decided[name];
        if (typeof value !== 'object' || value === null || !(BRANCH in value)) {
          throw new ModelsError('the DNA has no decision for this oneOf (was the space traced from this function?)', path);
        }
        return run((value as Decided)[BRANCH] as number, value as Decided);
      }
      const outs = candidates.map((_, i) => run(i, {}));
      if (!outs.every((o) => o instanceof tf.Tensor)) throw new ModelsError('mixed candidates must each return a tf.Tensor', path);
      const tensors = outs as tf.Tensor[];
      tensors.forEach((t, i) => {
        if (t.shape.join() !== tensors[0]!.shape.join()) {
          throw new ModelsError(`output shape [${t.shape}] differs from candidate 0's [${tensors[0]!.shape}]`, `${path}.candidates[${i}]`);
        }
      });
      const w = tf.softmax(this.alpha(alphaKey, candidates.length));
      return tensors.reduce<tf.Tensor | null>((sum, t, i) => {
        const term = tf.mul(t, tf.slice(w, i, 1).reshape([]));
        return sum ? tf.add(sum, term) : term;
      }, null)!;
    };
  }

  /** softmax(α) per decision key. */
  probabilities(): Record<string, number[]> {
    const out: Record<string, number[]> = {};
    for (const [k, a] of this.alphas) {
      const p = tf.softmax(a);
      out[k] = Array.from(p.dataSync());
      p.dispose();
    }
    return out;
  }

  /** The DNA taking each decision's arg-max α (nested decisions along the chosen branches). */
  argmaxDNA(): DNA {
    const probs = this.probabilities();
    const numbers: number[] = [];
    const walk = (spec: DNASpec, prefix: string): void => {
      for (const point of spec.elements) {
        const name = point.name ?? point.id;
        const key = prefix ? `${prefix}/${name}` : name;
        const p = probs[key];
        if (!(point instanceof Choice) || !p) throw new ModelsError('no architecture logits for this decision', key);
        const best = p.indexOf(Math.max(...p));
        numbers.push(best);
        walk(point.candidates[best]!, `${key}=${best}`);
      }
    };
    walk(this.space.dnaSpec, '');
    return this.space.dna(numbers);
  }

  /** Frees the shared weights and α. */
  dispose(): void {
    this.layers.dispose();
    for (const a of this.alphas.values()) a.dispose();
    this.alphas.clear();
  }
}
