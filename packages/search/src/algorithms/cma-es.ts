/**
 * CMA-ES, the covariance matrix adaptation evolution strategy (Hansen & Ostermeier 2001; Hansen's
 * 2016 tutorial for the update), for spaces of floats and ordered choices. Every float decision
 * (in its scale) and every one-of choice of n > 1 candidates is one coordinate of the unit cube;
 * a choice reads its coordinate u as candidate ⌊u·n⌋ (fed back as the bin centre). Points are drawn
 * from N(m, σ²C), redrawn when outside the cube (clipped after 20 tries). k-of-n choices and custom
 * decisions are drawn at random. Maximizes the reward.
 *
 * Feedback is grouped in generations of `populationSize` results in arrival order, whoever proposed
 * them (enqueued points, other workers), and each full generation updates m, σ, C and the evolution
 * paths; proposals in between come from the current distribution. The state is therefore a function
 * of the feedback sequence alone, so `recover` is exact.
 */
import { Choice, CustomPoint, DNA, FloatPoint, type DNASpec, type DecisionPoint, type Random } from '@tsglove/symbolic';
import { sites } from '../dna-walk.js';
import { SearchError } from '../errors.js';
import { GeneratorBase, type Reward, type Seed } from '../generator.js';
import { symmetricEigen } from './eigen.js';
import { fromUnit, toUnit } from './unit-scale.js';
import { checkOptionNames } from '../options.js';

/** Options of {@link cmaES}. */
export interface CmaEsOptions {
  /** λ, results per generation (default 4 + ⌊3 ln d⌋ for d coordinates). */
  populationSize?: number;
  /** Initial step size in the unit cube (default 0.3). */
  sigma0?: number;
  seed?: Seed;
}

/** The option names {@link cmaES} takes (checked: an unknown one is an error). */
const CMA_E_S_OPTION_NAMES: ReadonlyArray<keyof CmaEsOptions> = ['populationSize', 'sigma0', 'seed'];

/** Strategy constants for d coordinates and λ results per generation (Hansen's defaults). */
function constants(d: number, lambda: number) {
  const mu = Math.floor(lambda / 2);
  const raw = Array.from({ length: mu }, (_, i) => Math.log((lambda + 1) / 2) - Math.log(i + 1));
  const total = raw.reduce((a, b) => a + b, 0);
  const weights = raw.map((w) => w / total);
  const muEff = 1 / weights.reduce((a, w) => a + w * w, 0);
  const cSigma = (muEff + 2) / (d + muEff + 5);
  const dSigma = 1 + 2 * Math.max(0, Math.sqrt((muEff - 1) / (d + 1)) - 1) + cSigma;
  const cc = (4 + muEff / d) / (d + 4 + (2 * muEff) / d);
  const c1 = 2 / ((d + 1.3) ** 2 + muEff);
  const cMu = Math.min(1 - c1, (2 * (muEff - 2 + 1 / muEff)) / ((d + 2) ** 2 + muEff));
  const chiN = Math.sqrt(d) * (1 - 1 / (4 * d) + 1 / (21 * d * d));
  return { mu, weights, muEff, cSigma, dSigma, cc, c1, cMu, chiN };
}

/** A standard normal draw (Box–Muller) from a uniform source. */
function gaussian(random: Random): number {
  const u = Math.max(random(), 1e-300);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** The CMA-ES algorithm (see the module comment). */
export class CmaEs extends GeneratorBase {
  readonly name = 'cmaES';
  private coords: DecisionPoint[] = [];
  /** Coordinate of each decision point in `coords`. */
  private coordOf = new Map<DecisionPoint, number>();
  private strategy!: ReturnType<typeof constants>;
  private lambda = 0;
  private mean: number[] = [];
  private sigma = 0;
  private cov: number[][] = [];
  private basis: number[][] = [];
  private scales: number[] = [];
  private pSigma: number[] = [];
  private pC: number[] = [];
  private generation = 0;
  private results: Array<{ x: number[]; reward: number }> = [];

  constructor(private readonly options: CmaEsOptions = {}) {
    super(options.seed);
    if (options.populationSize !== undefined && !(Number.isInteger(options.populationSize) && options.populationSize >= 2)) {
      throw new SearchError(`cmaES: populationSize must be an integer >= 2, got ${options.populationSize}`, 'populationSize');
    }
    if (options.sigma0 !== undefined && !(options.sigma0 > 0))
      throw new SearchError(`cmaES: sigma0 must be > 0, got ${options.sigma0}`, 'sigma0');
  }

  protected onSetup(spec: DNASpec): void {
    this.coords = spec.decisionPoints.filter(
      (p) => p instanceof FloatPoint || (p instanceof Choice && p.numChoices === 1 && p.candidates.length > 1),
    );
    const d = Math.max(1, this.coords.length);
    this.coordOf = new Map(this.coords.map((p, i) => [p, i]));
    this.lambda = this.options.populationSize ?? 4 + Math.floor(3 * Math.log(d));
    this.strategy = constants(d, this.lambda);
    this.mean = new Array<number>(d).fill(0.5);
    this.sigma = this.options.sigma0 ?? 0.3;
    this.cov = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? 1 : 0)));
    this.basis = this.cov.map((row) => [...row]);
    this.scales = new Array<number>(d).fill(1);
    this.pSigma = new Array<number>(d).fill(0);
    this.pC = new Array<number>(d).fill(0);
    this.generation = 0;
    this.results = [];
  }

  /** A point of N(m, σ²C) inside the unit cube. */
  private sample(random: Random): number[] {
    const d = this.mean.length;
    let x: number[] = [];
    for (let attempt = 0; attempt < 20; attempt++) {
      const z = Array.from({ length: d }, () => gaussian(random));
      x = this.mean.map((m, i) => {
        let y = 0;
        for (let k = 0; k < d; k++) y += this.basis[i]![k]! * this.scales[k]! * z[k]!;
        return m + this.sigma * y;
      });
      if (x.every((v) => v >= 0 && v <= 1)) return x;
    }
    return x.map((v) => Math.min(1, Math.max(0, v)));
  }

  protected onPropose(random: Random): DNA {
    const x = this.sample(random);
    const decide = (point: DecisionPoint): DNA => {
      if (point instanceof Choice) {
        const n = point.candidates.length;
        if (point.numChoices === 1) {
          const i = this.coordOf.get(point);
          const u = i === undefined ? undefined : x[i];
          const idx = u === undefined ? 0 : Math.min(n - 1, Math.floor(u * n));
          return new DNA(idx, point.candidates[idx]!.elements.map(decide));
        }
        return point.random(random);
      }
      if (point instanceof FloatPoint) return new DNA(fromUnit(point, x[this.coordOf.get(point)!]!));
      if (point instanceof CustomPoint) return point.random(random);
      throw new SearchError(`cmaES: unknown kind of decision point at ${point.id}`, point.id);
    };
    return new DNA(null, this.spec.elements.map(decide));
  }

  protected onFeedback(dna: DNA, reward: Reward): void {
    // Coordinates of inactive decisions (other branches) are read as the mean: no information.
    const x = [...this.mean];
    for (const { point, node } of sites(this.spec, dna)) {
      const i = this.coordOf.get(point);
      if (i === undefined) continue;
      if (point instanceof FloatPoint) x[i] = toUnit(point, node.value as number);
      else if (point instanceof Choice) x[i] = ((node.value as number) + 0.5) / point.candidates.length;
    }
    this.results.push({ x, reward: reward as number });
    if (this.results.length >= this.lambda) this.update();
  }

  /** One generation's update of m, σ, C and the paths from the best μ results. */
  private update(): void {
    const d = this.mean.length;
    const c = this.strategy;
    const ranked = this.results.map((r, order) => ({ ...r, order })).sort((a, b) => b.reward - a.reward || a.order - b.order);
    this.results = [];
    const ys = ranked.slice(0, c.mu).map((r) => r.x.map((v, i) => (v - this.mean[i]!) / this.sigma));
    const yw = new Array<number>(d).fill(0);
    ys.forEach((y, k) => y.forEach((v, i) => (yw[i]! += c.weights[k]! * v)));
    this.mean = this.mean.map((m, i) => m + this.sigma * yw[i]!);
    // C^(-1/2)·yw = B·D⁻¹·Bᵀ·yw
    const bt = this.basis[0]!.map((_, k) => this.basis.reduce((s, row, i) => s + row[k]! * yw[i]!, 0) / this.scales[k]!);
    const invSqrt = this.basis.map((row) => row.reduce((s, b, k) => s + b * bt[k]!, 0));
    const ks = Math.sqrt(c.cSigma * (2 - c.cSigma) * c.muEff);
    this.pSigma = this.pSigma.map((p, i) => (1 - c.cSigma) * p + ks * invSqrt[i]!);
    const norm = Math.hypot(...this.pSigma);
    this.generation++;
    const hSigma = norm / Math.sqrt(1 - (1 - c.cSigma) ** (2 * this.generation)) < (1.4 + 2 / (d + 1)) * c.chiN ? 1 : 0;
    const kc = Math.sqrt(c.cc * (2 - c.cc) * c.muEff);
    this.pC = this.pC.map((p, i) => (1 - c.cc) * p + hSigma * kc * yw[i]!);
    const keep = 1 - c.c1 - c.cMu + (1 - hSigma) * c.c1 * c.cc * (2 - c.cc);
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        let rankMu = 0;
        ys.forEach((y, k) => (rankMu += c.weights[k]! * y[i]! * y[j]!));
        this.cov[i]![j] = keep * this.cov[i]![j]! + c.c1 * this.pC[i]! * this.pC[j]! + c.cMu * rankMu;
      }
    }
    this.sigma = Math.min(2, Math.max(1e-10, this.sigma * Math.exp((c.cSigma / c.dSigma) * (norm / c.chiN - 1))));
    const { values, vectors } = symmetricEigen(this.cov);
    this.basis = vectors;
    this.scales = values.map((v) => Math.sqrt(Math.max(v, 1e-20)));
  }
}

/** The CMA-ES algorithm (see the module comment). */
export function cmaES(options: CmaEsOptions = {}): CmaEs {
  checkOptionNames('cmaES', options, CMA_E_S_OPTION_NAMES);
  return new CmaEs(options);
}
