/**
 * kill -9 of a worker mid-study, then resume (SQLite and PostgreSQL): no acknowledged trial is
 * lost, no trial is counted twice, and the finished study equals an uninterrupted run's — same DNA,
 * same rewards, trial by trial. The worker is killed while a trial is running (it holds that trial
 * for 30 s after printing `start`), so the resumed worker must hand that trial out again once its
 * lease (1 s here) has expired.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryStorage, openStorage, sample, type SharedStudyStorage, type TrialRecord } from '@tsglove/search';
import { PG_URL, tempDir, uniqueName, warnIfNoPostgres, withSchema } from '../packages/search/test/fixtures/storage/backends.js';
import { workerAlgorithm, workerReward, workerSpace } from './workers/study-space.js';
import { acks, spawnWorker } from './workers/spawn.js';

const N = 20;
const SEED = 7;
const ALGO = 'evolution';

async function uninterrupted(): Promise<TrialRecord[]> {
  const storage = new MemoryStorage();
  for await (const [example, feedback] of sample(workerSpace(), workerAlgorithm(ALGO, SEED), { storage, name: 's', numExamples: N })) {
    await feedback.report(workerReward(example));
  }
  return storage.listTrials('s');
}

warnIfNoPostgres();
const targets: Array<[string, () => string]> = [['sqlite', () => `sqlite:${join(tempDir(), 'crash.db')}`]];
if (PG_URL) targets.push(['postgres', () => withSchema(PG_URL!, uniqueName('crash'))]);

const toClose: SharedStudyStorage[] = [];
afterAll(async () => {
  for (const s of toClose) await s.close();
});

describe.each(targets)('kill -9 mid-study and resume: %s', (_name, makeUrl) => {
  it('loses no acknowledged trial, counts none twice, and proposes what an uninterrupted run does', async () => {
    const url = makeUrl();
    const env = { TSGLOVE_STALE_MS: '1000', TSGLOVE_HEARTBEAT_MS: '200' };
    const run = (slowIds: string) =>
      spawnWorker('test/workers/sample-worker.ts', [url, 'crash', String(N), ALGO, String(SEED), '0', slowIds], env);
    const leaseExpires = () => new Promise((r) => setTimeout(r, 1300));
    const acked: Array<[number, number]> = [];

    // Run 1: killed while trial 6 runs.
    const first = run('6');
    await first.waitForLine((l) => l === 'start 6');
    first.proc.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    acked.push(...acks(first.lines));
    expect(acked.map(([id]) => id)).toEqual([1, 2, 3, 4, 5]);
    await leaseExpires();

    // Run 2: trial 6 (orphaned, still `running` in the store) is handed out again first; killed in trial 13.
    const second = run('13');
    await second.waitForLine((l) => l === 'start 13');
    second.proc.kill('SIGKILL');
    await second.exited;
    expect(second.lines[0]).toBe('start 6');
    await leaseExpires();
    acked.push(...acks(second.lines));

    // Run 3: finishes.
    const third = run('');
    const exit = await third.exited;
    expect(exit.code, third.stderr()).toBe(0);
    expect(third.lines[0]).toBe('start 13');
    acked.push(...acks(third.lines));

    const storage = (await openStorage(url)) as SharedStudyStorage;
    toClose.push(storage);
    const trials = await storage.listTrials('crash');
    const reference = await uninterrupted();

    // No trial counted twice: each id acknowledged once, ids 1..N, completion sequence 1..N.
    expect(acked.map(([id]) => id)).toEqual(Array.from({ length: N }, (_, i) => i + 1));
    expect(trials.map((t) => t.id)).toEqual(Array.from({ length: N }, (_, i) => i + 1));
    expect(trials.every((t) => t.status === 'completed')).toBe(true);
    expect(new Set(trials.map((t) => t.completedSeq)).size).toBe(N);
    expect((await storage.listStudies()).find((s) => s.name === 'crash')).toMatchObject({ numTrials: N, numCompleted: N });
    // No acknowledged trial lost: each stored with the reward the worker acknowledged.
    for (const [id, reward] of acked) expect(trials[id - 1]!.reward).toBe(reward);
    // The resumed proposals equal the uninterrupted run's.
    expect(trials.map((t) => [t.id, t.dna, t.reward])).toEqual(reference.map((t) => [t.id, t.dna, t.reward]));
  }, 120_000); // ~10 s alone; room for a loaded CI machine
});
