/**
 * TPE, the tree-structured Parzen estimator (Bergstra et al., 2011; Optuna's default sampler),
 * univariate and conditional: after `numStartupTrials` random proposals, trials are split into the
 * best `gamma(n)` ("good") and the rest; each decision is drawn top-down through the tree — a choice
 * only from the trials where it was active, then its chosen candidate's sub-space — as the best of
 * `numCandidates` draws from the good density l by the ratio l/g. Choices use categorical densities
 * with a prior, floats (in their scale, mapped to [0, 1]) Parzen estimators; custom decisions are
 * drawn at random. Larger rewards are better.
 */
import { Choice, CustomPoint, DNA, FloatPoint, type DNASpec, type DecisionPoint, type Random } from '@tsglove/symbolic';
import { sites } from '../dna-walk.js';
import { SearchError } from '../errors.js';
import { GeneratorBase, UNUSED_DECISIONS, type Reward, type Seed } from '../generator.js';
import { Parzen, categorical, drawIndex } from './parzen.js';
import { fromUnit, toUnit } from './unit-scale.js';
import { checkOptionNames } from '../options.js';

/** Options of {@link tpe}. */
export interface TPEOptions {
  /** Random proposals before TPE starts (default 10). */
  numStartupTrials?: number;
  /** Draws from l per decision, the best by l/g is taken (default 24). */
  numCandidates?: number;
  /** Number of "good" trials among n (default `min(ceil(0.1 n), 25)`, Optuna's). */
  gamma?: (n: number) => number;
  /** Weight of the prior in each density (default 1). */
  priorWeight?: number;
  /**
   * When the l/g-best DNA was already evaluated, draw up to this many DNA straight from the good
   * density l instead (default 10; 0 allows repeats). Without it TPE on small discrete spaces keeps
   * re-proposing its favourite point.
   */
  dedupRetries?: number;
  seed?: Seed;
}

/** The option names {@link tpe} takes (checked: an unknown one is an error). */
const TPE_OPTION_NAMES: ReadonlyArray<keyof TPEOptions> = [
  'numStartupTrials',
  'numCandidates',
  'gamma',
  'priorWeight',
  'dedupRetries',
  'seed',
];

type Decisions = Map<string, number | string>;

/** The TPE algorithm (see the module comment). */
export class TPE extends GeneratorBase {
  readonly name = 'tpe';
  private observations: Array<{ decisions: Decisions; reward: number; order: number }> = [];
  private readonly startup: number;
  private readonly numCandidates: number;
  private readonly gamma: (n: number) => number;
  private readonly priorWeight: number;
  private readonly dedupRetries: number;
  private readonly seen = new Set<string>();

  constructor(options: TPEOptions = {}) {
    super(options.seed);
    this.startup = options.numStartupTrials ?? 10;
    this.numCandidates = options.numCandidates ?? 24;
    this.gamma = options.gamma ?? ((n) => Math.min(Math.ceil(0.1 * n), 25));
    this.priorWeight = options.priorWeight ?? 1;
    this.dedupRetries = options.dedupRetries ?? 10;
    if (!(this.numCandidates >= 1)) throw new SearchError(`tpe: numCandidates must be >= 1, got ${this.numCandidates}`, 'numCandidates');
  }

  protected onSetup(): void {
    this.observations = [];
    this.seen.clear();
  }

  protected onFeedback(dna: DNA, reward: Reward): void {
    const decisions: Decisions = new Map();
    // Decisions the trial did not use (growing define-by-run spaces) are left out: each decision is
    // modelled over the trials that used it, as Optuna's TPE does.
    const unused = new Set((dna.metadata[UNUSED_DECISIONS] as string[] | undefined) ?? []);
    for (const { point, node } of sites(this.spec, dna)) {
      if (unused.has(point.id)) continue;
      if (point instanceof Choice) {
        if (point.numChoices === 1) decisions.set(point.id, node.value as number);
        else node.children.forEach((sub, j) => decisions.set(`${point.id}#${j}`, sub.value as number));
      } else if (point instanceof FloatPoint) decisions.set(point.id, node.value as number);
    }
    this.observations.push({ decisions, reward: reward as number, order: this.observations.length });
    this.seen.add(dna.key());
  }

  protected onPropose(random: Random): DNA {
    const spec = this.spec;
    if (this.observations.length < this.startup) return spec.randomDNA(random);
    const sorted = [...this.observations].sort((a, b) => b.reward - a.reward || a.order - b.order);
    const nGood = Math.max(1, Math.min(sorted.length - 1, this.gamma(sorted.length)));
    const good = sorted.slice(0, nGood).map((o) => o.decisions);
    const bad = sorted.slice(nGood).map((o) => o.decisions);
    let candidates = this.numCandidates;
    const space = (s: DNASpec): DNA[] => s.elements.map((p) => this.decide(p, good, bad, random, space, candidates));
    let dna = new DNA(null, space(spec));
    candidates = 1;
    for (let i = 0; i < this.dedupRetries && this.seen.has(dna.key()); i++) dna = new DNA(null, space(spec));
    return dna;
  }

  private decide(
    point: DecisionPoint,
    good: Decisions[],
    bad: Decisions[],
    random: Random,
    space: (s: DNASpec) => DNA[],
    numCandidates: number,
  ): DNA {
    if (point instanceof Choice) {
      const n = point.candidates.length;
      if (point.numChoices === 1) {
        const idx = this.pickCategory(point.id, n, good, bad, random, numCandidates);
        return new DNA(idx, space(point.candidates[idx]!));
      }
      const used: number[] = [];
      for (let j = 0; j < point.numChoices; j++) {
        const allowed = Array.from({ length: n }, (_, i) => !(point.distinct && used.includes(i)));
        used.push(this.pickCategory(`${point.id}#${j}`, n, good, bad, random, numCandidates, allowed));
      }
      if (point.sorted) used.sort((a, b) => a - b);
      return new DNA(
        null,
        used.map((i) => new DNA(i, space(point.candidates[i]!))),
      );
    }
    if (point instanceof FloatPoint) {
      const values = (set: Decisions[]): number[] =>
        set.flatMap((d) => (d.has(point.id) ? [toUnit(point, d.get(point.id) as number)] : []));
      const l = new Parzen(values(good), this.priorWeight);
      const g = new Parzen(values(bad), this.priorWeight);
      let best = 0;
      let bestScore = -Infinity;
      for (let i = 0; i < numCandidates; i++) {
        const u = l.sample(random);
        const score = l.logPdf(u) - g.logPdf(u);
        if (score > bestScore) [best, bestScore] = [u, score];
      }
      return new DNA(fromUnit(point, best));
    }
    if (point instanceof CustomPoint) return point.random(random);
    throw new SearchError(`tpe: unknown kind of decision point at ${point.id}`, point.id);
  }

  private pickCategory(
    key: string,
    n: number,
    good: Decisions[],
    bad: Decisions[],
    random: Random,
    numCandidates: number,
    allowed?: boolean[],
  ): number {
    const count = (set: Decisions[]): number[] => {
      const c = new Array<number>(n).fill(0);
      for (const d of set) {
        const v = d.get(key);
        if (v !== undefined) c[v as number]!++;
      }
      return c;
    };
    const l = categorical(count(good), this.priorWeight, allowed);
    const g = categorical(count(bad), this.priorWeight, allowed);
    let best = drawIndex(l, random);
    let bestScore = -Infinity;
    for (let i = 0; i < numCandidates; i++) {
      const c = drawIndex(l, random);
      const score = Math.log(l[c]!) - Math.log(g[c]!);
      if (score > bestScore) [best, bestScore] = [c, score];
    }
    return best;
  }
}

/** The TPE algorithm (see the module comment). */
export function tpe(options: TPEOptions = {}): TPE {
  checkOptionNames('tpe', options, TPE_OPTION_NAMES);
  return new TPE(options);
}
