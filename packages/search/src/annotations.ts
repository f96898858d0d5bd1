/**
 * Per-trial annotations beyond the reward (PyGlove's `feedback.set_metadata/get_metadata` and
 * `add_link`): user metadata under the trial's `metadata.user`, named links (e.g. to a dashboard
 * or a checkpoint) under `metadata.links`. Stored through `updateTrial` (under the worker's lease while
 * it runs the trial), so every storage keeps them.
 *
 * Also `metricsToOptimize` (PyGlove's `metrics_to_optimize`): which reported metrics make the
 * reward the algorithm sees — `['accuracy']` feeds `metrics.accuracy`, `['accuracy', 'latency']` a
 * tuple (for multi-objective algorithms), and `'reward'` stands for the reported reward.
 */
import { TrialError } from './errors.js';
import type { Reward } from './generator.js';
import type { LeaseCheck, StudyStorage } from './storage/storage.js';
import { storedTrial, type StoredTrial } from './storage/records.js';

/** Sets `metadata.user[key]` of a trial (JSON values). */
export async function setTrialMetadata(
  storage: StudyStorage,
  study: string,
  id: number,
  key: string,
  value: unknown,
  check?: LeaseCheck,
): Promise<void> {
  const t = await mustTrial(storage, study, id);
  const user = { ...t.metadata.user, [key]: value };
  await storage.updateTrial(study, id, { metadata: { ...t.metadata, user } }, check);
}

/** `metadata.user[key]` of a trial, or all user metadata without a key. */
export async function getTrialMetadata(storage: StudyStorage, study: string, id: number, key?: string): Promise<unknown> {
  const user = (await mustTrial(storage, study, id)).metadata.user ?? {};
  return key === undefined ? user : user[key];
}

/** Adds (or replaces) the link `name → url` of a trial (`metadata.links`). */
export async function addTrialLink(
  storage: StudyStorage,
  study: string,
  id: number,
  name: string,
  url: string,
  check?: LeaseCheck,
): Promise<void> {
  const t = await mustTrial(storage, study, id);
  const links = { ...t.metadata.links, [name]: url };
  await storage.updateTrial(study, id, { metadata: { ...t.metadata, links } }, check);
}

/** The trial through the typed reader (`storage/records.ts`). */
async function mustTrial(storage: StudyStorage, study: string, id: number): Promise<StoredTrial> {
  const t = await storage.getTrial(study, id);
  if (!t) throw new TrialError(`study ${JSON.stringify(study)}: no trial ${id}`, id);
  return storedTrial(t);
}

/** The reward to feed the algorithm under `metricsToOptimize` (see the module comment). */
export function rewardToOptimize(
  id: number,
  metricsToOptimize: readonly string[] | undefined,
  reward: Reward | undefined,
  metrics: Record<string, number> | undefined,
): Reward {
  if (!metricsToOptimize || metricsToOptimize.length === 0) {
    if (reward === undefined)
      throw new TrialError(`trial ${id}: no reward given (pass one, or set metricsToOptimize to take it from metrics)`, id);
    return reward;
  }
  const values = metricsToOptimize.map((name) => {
    const v = name === 'reward' ? (typeof reward === 'number' ? reward : undefined) : metrics?.[name];
    if (typeof v !== 'number') {
      throw new TrialError(
        `trial ${id}: metricsToOptimize needs ${name === 'reward' ? 'a numeric reward' : `metric "${name}"`}, got metrics ${JSON.stringify(metrics ?? {})}`,
        id,
      );
    }
    return v;
  });
  return values.length === 1 ? values[0]! : values;
}
