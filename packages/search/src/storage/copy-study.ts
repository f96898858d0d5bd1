/**
 * Copying a study, within one storage or between two (SQLite → PostgreSQL...), through the
 * {@link StudyStorage} methods alone: the study record (algorithm, seed, metadata) and every trial
 * with its id, DNA, status, reward, metrics, reason, metadata, measurements and completion time.
 * Completed trials are completed in their original order, so `completedSeq` — the order a resumed
 * study replays — is kept and the copy resumes exactly as the original would. Creation and update
 * times of the copied trials are those of the copy. A `running` trial is copied as `pending`: the copy
 * has no worker evaluating it, so it is handed out again when the copy resumes.
 */
import { StorageError } from '../errors.js';
import type { StudyRecord, StudyStorage, TrialRecord } from './storage.js';

/** Copies study `name` of `from` to `to` as `newName` (see the module comment); returns the new study. */
export async function copyStudy(from: StudyStorage, name: string, to: StudyStorage, newName: string): Promise<StudyRecord> {
  const study = await from.getStudy(name);
  if (!study) throw new StorageError(`copy: no study named ${JSON.stringify(name)}`, 'study');
  if (await to.getStudy(newName))
    throw new StorageError(
      `copy: a study named ${JSON.stringify(newName)} exists already; choose another name or delete it first`,
      'study',
    );
  const trials = await from.listTrials(name);
  const created = await to.createStudy({ name: newName, algorithm: study.algorithm, seed: study.seed, metadata: study.metadata });
  for (const t of trials) {
    const copy = await to.createTrial(newName, {
      dna: t.dna,
      status: t.status === 'running' ? 'pending' : t.status === 'pending' ? 'pending' : 'running',
      metadata: t.metadata,
    });
    if (copy.id !== t.id)
      throw new StorageError(
        `copy: trial ${t.id} of ${JSON.stringify(name)} became trial ${copy.id} (trial ids must be 1, 2, 3, ...)`,
        `trials[${t.id}]`,
      );
    for (const m of t.measurements) await to.addMeasurement(newName, t.id, m);
  }
  const ended = trials.filter((t) => t.status === 'failed' || t.status === 'infeasible');
  const completed = trials
    .filter((t): t is TrialRecord & { completedSeq: number } => t.status === 'completed')
    .sort((a, b) => a.completedSeq - b.completedSeq);
  for (const t of [...completed, ...ended]) {
    await to.updateTrial(newName, t.id, {
      status: t.status,
      reward: t.reward,
      metrics: t.metrics,
      reason: t.reason,
      completedAt: t.completedAt,
      metadata: t.metadata,
    });
  }
  return created;
}
