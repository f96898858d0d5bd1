/**
 * Warm start (PyGlove's `checkpoint_to_warm_start_from`): a new study feeds its algorithm the
 * completed trials of an earlier study of the same space, in completion order, before proposing.
 * The entries are copied into the new study's metadata (`warmStart`), so a resume replays them.
 */
import type { DNAJSON } from '@tsglove/symbolic';
import { StorageError } from './errors.js';
import type { Reward } from './generator.js';
import { openStorage } from './storage/open.js';
import { storedStudy } from './storage/records.js';
import type { StudyStorage } from './storage/storage.js';

/** One warm-start result. */
export interface WarmStartEntry {
  dna: DNAJSON;
  reward: Reward;
}

/** The completed trials of a warm-start study, checked to be of the same space. */
export async function warmStartHistory(from: { storage: StudyStorage | string; name: string }, key: string): Promise<WarmStartEntry[]> {
  const storage = typeof from.storage === 'string' ? await openStorage(from.storage) : from.storage;
  const source = await storage.getStudy(from.name);
  if (!source) throw new StorageError(`warmStartFrom: no study ${JSON.stringify(from.name)} in that storage`, 'warmStartFrom');
  const { spaceKey } = storedStudy(source).metadata;
  if (spaceKey !== undefined && spaceKey !== key) {
    throw new StorageError(
      `warmStartFrom: study ${JSON.stringify(from.name)} searched another space (space key ${spaceKey}, this one ${key})`,
      'warmStartFrom',
    );
  }
  const done = (await storage.listTrials(from.name, { status: ['completed'] })).sort((a, b) => a.completedSeq! - b.completedSeq!);
  return done.map((t) => ({ dna: t.dna, reward: t.reward! }));
}
