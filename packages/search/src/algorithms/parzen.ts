/**
 * The estimators of TPE: a categorical with a prior, and a Parzen (Gaussian-kernel) estimator on
 * [0, 1] whose kernels are truncated to the interval, with one prior kernel N(0.5, 1) and
 * bandwidths from neighbour distances (clipped), the choices Optuna's TPE sampler documents.
 */
import type { Random } from '@tsglove/symbolic';

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 erf, |error| < 1.5e-7). */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/** A standard normal draw (Box–Muller). */
export function gaussian(random: Random): number {
  let u = random();
  while (u <= 1e-300) u = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** Categorical probabilities from counts plus `prior` spread evenly (zero where `allowed` is false). */
export function categorical(counts: readonly number[], prior: number, allowed?: readonly boolean[]): number[] {
  const n = counts.length;
  const w = counts.map((c, i) => (allowed && !allowed[i] ? 0 : c + prior / n));
  const total = w.reduce((a, b) => a + b, 0);
  return w.map((v) => v / total);
}

/** Draws an index from probabilities. */
export function drawIndex(probs: readonly number[], random: Random): number {
  let r = random();
  for (let i = 0; i < probs.length; i++) {
    if (r < probs[i]!) return i;
    r -= probs[i]!;
  }
  for (let i = probs.length - 1; i >= 0; i--) if (probs[i]! > 0) return i;
  return 0;
}

/** A mixture of Gaussians truncated to [0, 1] (see the module comment). */
export class Parzen {
  readonly mus: number[];
  readonly sigmas: number[];
  private readonly norms: number[];

  constructor(observations: readonly number[], priorWeight = 1) {
    const points = [...observations, 0.5].map((mu, i) => ({ mu, prior: i === observations.length }));
    const sorted = [...points].sort((a, b) => a.mu - b.mu);
    const n = observations.length;
    const minSigma = 1 / Math.min(100, 1 + n);
    const sigmaOf = new Map<(typeof points)[number], number>();
    sorted.forEach((p, i) => {
      if (p.prior) return sigmaOf.set(p, 1);
      const left = i > 0 ? p.mu - sorted[i - 1]!.mu : p.mu;
      const right = i < sorted.length - 1 ? sorted[i + 1]!.mu - p.mu : 1 - p.mu;
      sigmaOf.set(p, Math.min(1, Math.max(minSigma, Math.max(left, right))));
    });
    this.mus = points.map((p) => p.mu);
    this.sigmas = points.map((p) => sigmaOf.get(p)!);
    this.weights = points.map((p) => (p.prior ? priorWeight : 1));
    const total = this.weights.reduce((a, b) => a + b, 0);
    this.weights = this.weights.map((w) => w / total);
    this.norms = this.mus.map((mu, i) => normalCdf((1 - mu) / this.sigmas[i]!) - normalCdf((0 - mu) / this.sigmas[i]!));
  }

  weights: number[];

  /** A draw in [0, 1]. */
  sample(random: Random): number {
    const k = drawIndex(this.weights, random);
    const mu = this.mus[k]!;
    const sigma = this.sigmas[k]!;
    for (let tries = 0; tries < 64; tries++) {
      const x = mu + sigma * gaussian(random);
      if (x >= 0 && x <= 1) return x;
    }
    return Math.min(1, Math.max(0, mu));
  }

  /** Log density at x in [0, 1]. */
  logPdf(x: number): number {
    let p = 0;
    for (let i = 0; i < this.mus.length; i++) {
      const z = (x - this.mus[i]!) / this.sigmas[i]!;
      p += (this.weights[i]! * Math.exp(-0.5 * z * z)) / (this.sigmas[i]! * Math.sqrt(2 * Math.PI) * Math.max(this.norms[i]!, 1e-12));
    }
    return Math.log(Math.max(p, 1e-300));
  }
}
