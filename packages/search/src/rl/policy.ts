/**
 * The policy of the RL controllers: a distribution over the DNA of a DNASpec, sampled top-down so
 * each decision is conditional on its parents (a nested choice has its own parameters per branch,
 * and is only drawn when its branch is chosen):
 * - a categorical (softmax over logits) per choice, one per position of a k-of-n choice (with
 *   already-taken candidates masked out when distinct; sorted choices are drawn then sorted);
 * - a Gaussian (mean, log std) per float, in the float's scale mapped to [0, 1], clipped;
 * - custom decisions are drawn with the point's own `random` (not learned).
 * Parameters are updated by Adam (gradient ascent).
 */
import { Choice, type CustomPoint, DNA, FloatPoint, type DNASpec, type Random } from '@tsglove/symbolic';
import { gaussian } from '../algorithms/parzen.js';
import { sites } from '../dna-walk.js';

function toUnit(p: FloatPoint, x: number): number {
  if (p.max === p.min) return 0.5;
  const log = p.scale !== 'linear';
  const lo = log ? Math.log(p.min) : p.min;
  const hi = log ? Math.log(p.max) : p.max;
  const v = p.scale === 'log' ? Math.log(x) : p.scale === 'rlog' ? Math.log(p.max + p.min - x) : x;
  const u = (v - lo) / (hi - lo);
  return p.scale === 'rlog' ? 1 - u : u;
}
function fromUnit(p: FloatPoint, u: number): number {
  if (p.max === p.min) return p.min;
  const c = Math.min(1, Math.max(0, u));
  let x: number;
  if (p.scale === 'log') x = Math.exp(Math.log(p.min) + c * (Math.log(p.max) - Math.log(p.min)));
  else if (p.scale === 'rlog') x = p.max + p.min - Math.exp(Math.log(p.min) + (1 - c) * (Math.log(p.max) - Math.log(p.min)));
  else x = p.min + c * (p.max - p.min);
  return Math.min(p.max, Math.max(p.min, x));
}

/** Options of a {@link Policy}. */
export interface PolicyOptions {
  /** Adam learning rate (default 0.1). */
  learningRate?: number;
  /** Initial std of the float Gaussians in [0, 1] units (default 0.3). */
  initialStd?: number;
}

/** Gradients keyed like the parameters. */
export type Gradient = Map<string, Float64Array>;

/** The policy (see the module comment). */
export class Policy {
  private readonly params = new Map<string, Float64Array>();
  private readonly m = new Map<string, Float64Array>();
  private readonly v = new Map<string, Float64Array>();
  private t = 0;
  readonly learningRate: number;
  private readonly initialLogStd: number;
  private readonly floatIds: Set<string>;

  constructor(
    readonly spec: DNASpec,
    options: PolicyOptions = {},
  ) {
    this.learningRate = options.learningRate ?? 0.1;
    this.initialLogStd = Math.log(options.initialStd ?? 0.3);
    this.floatIds = new Set(spec.decisionPoints.filter((d) => d instanceof FloatPoint).map((d) => d.id));
  }

  private param(key: string, size: number, init: (i: number) => number): Float64Array {
    let p = this.params.get(key);
    if (!p) {
      p = Float64Array.from({ length: size }, (_, i) => init(i));
      this.params.set(key, p);
    }
    return p;
  }
  private logits(key: string, n: number): Float64Array {
    return this.param(key, n, () => 0);
  }
  private gaussianParams(key: string): Float64Array {
    return this.param(key, 2, (i) => (i === 0 ? 0.5 : this.initialLogStd));
  }

  /** Softmax of logits with masked entries at probability 0. */
  private probs(logits: Float64Array, allowed?: readonly boolean[]): number[] {
    let max = -Infinity;
    logits.forEach((l, i) => {
      if (!allowed || allowed[i]) max = Math.max(max, l);
    });
    const e = Array.from(logits, (l, i) => (!allowed || allowed[i] ? Math.exp(l - max) : 0));
    const total = e.reduce((a, b) => a + b, 0);
    return e.map((x) => x / total);
  }

  /** Draws a DNA. */
  sample(random: Random): DNA {
    const space = (s: DNASpec): DNA[] =>
      s.elements.map((point) => {
        if (point instanceof Choice) {
          const n = point.candidates.length;
          const draw = (key: string, allowed?: boolean[]): number => {
            const p = this.probs(this.logits(key, n), allowed);
            let r = random();
            for (let i = 0; i < n; i++) {
              if (r < p[i]!) return i;
              r -= p[i]!;
            }
            return p.findLastIndex((x) => x > 0);
          };
          if (point.numChoices === 1) {
            const idx = draw(point.id);
            return new DNA(idx, space(point.candidates[idx]!));
          }
          const used: number[] = [];
          for (let j = 0; j < point.numChoices; j++) {
            used.push(draw(`${point.id}#${j}`, point.distinct ? Array.from({ length: n }, (_, i) => !used.includes(i)) : undefined));
          }
          if (point.sorted) used.sort((a, b) => a - b);
          return new DNA(
            null,
            used.map((i) => new DNA(i, space(point.candidates[i]!))),
          );
        }
        if (point instanceof FloatPoint) {
          const [mu, logStd] = this.gaussianParams(point.id);
          return new DNA(fromUnit(point, mu! + Math.exp(logStd!) * gaussian(random)));
        }
        return (point as CustomPoint).random(random);
      });
    return new DNA(null, space(this.spec));
  }

  /** Log-probability of a DNA under the policy, and (optionally) its gradient. */
  logProb(dna: DNA, gradient?: Gradient): number {
    let total = 0;
    const add = (key: string, size: number): Float64Array | undefined => {
      if (!gradient) return undefined;
      let g = gradient.get(key);
      if (!g) gradient.set(key, (g = new Float64Array(size)));
      return g;
    };
    for (const { point, node } of sites(this.spec, dna)) {
      if (point instanceof Choice) {
        const n = point.candidates.length;
        const subs = point.numChoices === 1 ? [node] : node.children;
        // Sorted k-of-n choices were drawn in some order then sorted; score them in sorted order.
        const used: number[] = [];
        subs.forEach((sub, j) => {
          const key = point.numChoices === 1 ? point.id : `${point.id}#${j}`;
          const allowed = point.distinct && point.numChoices > 1 ? Array.from({ length: n }, (_, i) => !used.includes(i)) : undefined;
          const p = this.probs(this.logits(key, n), allowed);
          const c = sub.value as number;
          total += Math.log(Math.max(p[c]!, 1e-300));
          const g = add(key, n);
          if (g) for (let i = 0; i < n; i++) g[i]! += (i === c ? 1 : 0) - p[i]!;
          used.push(c);
        });
      } else if (point instanceof FloatPoint) {
        const [mu, logStd] = this.gaussianParams(point.id);
        const std = Math.exp(logStd!);
        const u = toUnit(point, node.value as number);
        const z = (u - mu!) / std;
        total += -0.5 * z * z - logStd! - 0.5 * Math.log(2 * Math.PI);
        const g = add(point.id, 2);
        if (g) {
          g[0]! += z / std;
          g[1]! += z * z - 1;
        }
      }
    }
    return total;
  }

  /** Adds `scale` × the entropy gradient of each categorical in `gradient` (a bonus against collapse). */
  entropyGradient(gradient: Gradient, scale: number): void {
    for (const [key, logits] of this.params) {
      if (this.floatIds.has(key) || !gradient.has(key)) continue;
      const p = this.probs(logits);
      const h = -p.reduce((s, q) => s + (q > 0 ? q * Math.log(q) : 0), 0);
      const g = gradient.get(key)!;
      for (let i = 0; i < p.length; i++) g[i]! += scale * -p[i]! * (Math.log(Math.max(p[i]!, 1e-300)) + h);
    }
  }

  /** One Adam ascent step along `gradient`. */
  step(gradient: Gradient): void {
    this.t++;
    const b1 = 0.9;
    const b2 = 0.999;
    for (const [key, g] of gradient) {
      const p = this.params.get(key);
      if (!p) continue;
      let m = this.m.get(key);
      let v = this.v.get(key);
      if (!m || !v) {
        this.m.set(key, (m = new Float64Array(g.length)));
        this.v.set(key, (v = new Float64Array(g.length)));
      }
      for (let i = 0; i < g.length; i++) {
        m[i] = b1 * m[i]! + (1 - b1) * g[i]!;
        v[i] = b2 * v[i]! + (1 - b2) * g[i]! * g[i]!;
        const mh = m[i]! / (1 - b1 ** this.t);
        const vh = v[i]! / (1 - b2 ** this.t);
        p[i]! += (this.learningRate * mh) / (Math.sqrt(vh) + 1e-8);
      }
    }
    // Keep float std within sane bounds.
    for (const key of this.floatIds) {
      const p = this.params.get(key);
      if (p) p[1] = Math.min(0, Math.max(-6, p[1]!));
    }
  }

  /** The probabilities of a one-of choice (for inspection). */
  choiceProbabilities(id: string): number[] | undefined {
    const p = this.params.get(id);
    return p && this.probs(p);
  }
}
