/**
 * `pollResult(storage, name)`: a study's progress read from its storage without joining it
 * (PyGlove's `pg.tuning.poll_result`): counts by status, the best trial (by reward; the first
 * objective for tuples), the Pareto front for multi-objective rewards, and the trials.
 */
import { StorageError } from './errors.js';
import { scalarReward, type Reward } from './generator.js';
import { paretoFront } from './objectives.js';
import { openStorage } from './storage/open.js';
import type { StudyRecord, StudyStorage, TrialRecord, TrialStatus } from './storage/storage.js';

/** A study's progress (see the module comment). */
export interface StudyResult {
  study: StudyRecord;
  trials: TrialRecord[];
  /** Trials per status. */
  counts: Record<TrialStatus, number>;
  /** The best completed trial, if any. */
  best?: { id: number; reward: Reward };
  /** Completed trials not dominated by another (all objectives maximized). */
  paretoFront: TrialRecord[];
  /** Whether no trial is pending or running. */
  idle: boolean;
}

/** Reads a study's progress (see the module comment). `storage` is a storage or a storage URL. */
export async function pollResult(storage: StudyStorage | string, name: string): Promise<StudyResult> {
  const store = typeof storage === 'string' ? await openStorage(storage) : storage;
  const study = await store.getStudy(name);
  if (!study) throw new StorageError(`no study ${JSON.stringify(name)} in this storage`, 'study');
  const trials = await store.listTrials(name);
  const counts: Record<TrialStatus, number> = { pending: 0, running: 0, completed: 0, infeasible: 0, failed: 0 };
  for (const t of trials) counts[t.status]++;
  const completed = trials.filter((t) => t.status === 'completed' && t.reward !== undefined);
  let best: { id: number; reward: Reward; score: number } | undefined;
  for (const t of completed) {
    const score = scalarReward(t.reward!);
    if (!best || score > best.score) best = { id: t.id, reward: t.reward!, score };
  }
  const front = paretoFront(completed, (t) => (typeof t.reward === 'number' ? [t.reward] : (t.reward as readonly number[])));
  return {
    study,
    trials,
    counts,
    best: best && { id: best.id, reward: best.reward },
    paretoFront: front,
    idle: counts.pending + counts.running === 0,
  };
}
