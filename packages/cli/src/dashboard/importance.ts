/**
 * Parameter importance of a study, by **permutation importance over a random forest** (Breiman,
 * "Random Forests", 2001; the method of scikit-learn's `permutation_importance`):
 *
 * 1. Each completed trial becomes a row of its parameters (`metadata.params`; numbers as they are,
 *    other values as category codes, an absent parameter as its own code) and its reward (the first
 *    objective of a tuple).
 * 2. A random-forest regressor (ml-random-forest, CART trees) is fit on a seeded 80 % of the trials.
 * 3. On the other 20 %, each parameter's column is shuffled (a few times, seeded) and the increase of
 *    the forest's mean squared error is that parameter's importance: a parameter the reward does not
 *    depend on can be shuffled without harm.
 * 4. Negative increases (noise) count as 0; importances are scaled to sum to 1.
 *
 * With fewer than {@link MIN_TRIALS} completed trials there is nothing to say (undefined). Larger
 * studies are subsampled (seeded) to {@link MAX_TRIALS} trials: ml-random-forest's CART trees cost
 * about 1 s for 400 trials × 20 trees here, and 8 s for 1,000, so a 10,000-trial study is judged on
 * a seeded sample (the dashboard computes it once per study size, off the page's load path).
 */
import { RandomForestRegression } from 'ml-random-forest';
import { paramsOf, scalarReward, seededRandom, type StoredTrial } from '@tsglove/search';

/** Fewest completed trials for which importance is computed. */
export const MIN_TRIALS = 10;
/** Most trials used (a seeded subsample of larger studies). */
export const MAX_TRIALS = 400;

/** One parameter's importance (share of the total, 0..1). */
export interface ParamImportance {
  name: string;
  importance: number;
}

/** What {@link paramImportance} returns: importances (largest first), the fit's held-out R², the trials used. */
export interface ImportanceResult {
  params: ParamImportance[];
  /** R² of the forest on the held-out trials (how much of the reward the parameters explain). */
  r2: number;
  trials: number;
  method: 'permutation importance over a random forest (held-out 20 %)';
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** Encodes trials as numeric rows: numbers as is, anything else as a category code (absent: -1). */
function encode(trials: readonly StoredTrial[], names: readonly string[]): number[][] {
  const codes = names.map(() => new Map<string, number>());
  const numeric = names.map((n) =>
    trials.every((t) => {
      const v = paramsOf(t)?.[n];
      return v === undefined || typeof v === 'number';
    }),
  );
  const lowest = names.map((n, j) =>
    numeric[j] ? Math.min(...trials.map((t) => (paramsOf(t)?.[n] as number | undefined) ?? Infinity)) : 0,
  );
  return trials.map((t) =>
    names.map((n, j) => {
      const v = paramsOf(t)?.[n];
      if (numeric[j]) return v === undefined ? lowest[j]! - 1 : (v as number);
      if (v === undefined) return -1;
      const key = JSON.stringify(v);
      if (!codes[j]!.has(key)) codes[j]!.set(key, codes[j]!.size);
      return codes[j]!.get(key)!;
    }),
  );
}

function mse(forest: RandomForestRegression, X: number[][], y: readonly number[]): number {
  const predicted = forest.predict(X);
  let sum = 0;
  for (let i = 0; i < y.length; i++) sum += (predicted[i]! - y[i]!) ** 2;
  return sum / y.length;
}

/** Parameter importance of a study's completed trials (see the module comment); `seed` fixes every random choice. */
export function paramImportance(
  trials: readonly StoredTrial[],
  options: { seed?: number; trees?: number; repeats?: number } = {},
): ImportanceResult | undefined {
  const random = seededRandom(options.seed ?? 0, 'importance');
  let done = trials.filter((t) => t.status === 'completed' && t.reward !== undefined && paramsOf(t));
  if (done.length < MIN_TRIALS) return undefined;
  if (done.length > MAX_TRIALS) done = shuffle([...done], random).slice(0, MAX_TRIALS);
  const names = [...new Set(done.flatMap((t) => Object.keys(paramsOf(t)!)))];
  if (names.length === 0) return undefined;
  const X = encode(done, names);
  const y = done.map((t) => scalarReward(t.reward!));
  const order = shuffle(
    done.map((_, i) => i),
    random,
  );
  const cut = Math.max(1, Math.floor(order.length * 0.2));
  const test = order.slice(0, cut);
  const train = order.slice(cut);
  const forest = new RandomForestRegression({
    seed: Math.floor(random() * 2 ** 31),
    nEstimators: options.trees ?? 20,
    maxFeatures: 1.0,
    replacement: true,
    useSampleBagging: true,
    noOOB: true,
    treeOptions: { minNumSamples: 3, maxDepth: 12 },
  } as ConstructorParameters<typeof RandomForestRegression>[0]);
  forest.train(
    train.map((i) => X[i]!),
    train.map((i) => y[i]!),
  );
  const Xt = test.map((i) => X[i]!);
  const yt = test.map((i) => y[i]!);
  const base = mse(forest, Xt, yt);
  const mean = yt.reduce((a, b) => a + b, 0) / yt.length;
  const variance = yt.reduce((a, b) => a + (b - mean) ** 2, 0) / yt.length;
  const repeats = options.repeats ?? 3;
  const raw = names.map((_, j) => {
    let increase = 0;
    for (let r = 0; r < repeats; r++) {
      const column = shuffle(
        Xt.map((row) => row[j]!),
        random,
      );
      increase +=
        mse(
          forest,
          Xt.map((row, i) => row.map((v, k) => (k === j ? column[i]! : v))),
          yt,
        ) - base;
    }
    return Math.max(0, increase / repeats);
  });
  const total = raw.reduce((a, b) => a + b, 0);
  const params = names
    .map((name, j) => ({ name, importance: total > 0 ? raw[j]! / total : 0 }))
    .sort((a, b) => b.importance - a.importance);
  return {
    params,
    r2: variance > 0 ? 1 - base / variance : 0,
    trials: done.length,
    method: 'permutation importance over a random forest (held-out 20 %)',
  };
}
