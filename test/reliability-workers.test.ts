/**
 * Many worker processes on one study: 8 on PostgreSQL (and 3 on one SQLite file). Every trial id is
 * unique, every result is stored, each trial is acknowledged by exactly one worker, the study stops
 * at the requested count, and the proposal indices are 0..N-1 (workers catch up on each other's
 * proposals instead of repeating them).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { oneOf } from '@tsglove/symbolic';
import { openStorage, random, Study, type SharedStudyStorage } from '@tsglove/search';
import { PG_URL, tempDir, uniqueName, warnIfNoPostgres, withSchema } from '../packages/search/test/fixtures/storage/backends.js';
import { acks, spawnWorker } from './workers/spawn.js';

warnIfNoPostgres();
const targets: Array<[string, number, number, () => string]> = [['sqlite', 3, 30, () => `sqlite:${join(tempDir(), 'workers.db')}`]];
if (PG_URL) targets.push(['postgres', 8, 64, () => withSchema(PG_URL!, uniqueName('workers'))]);

const toClose: SharedStudyStorage[] = [];
afterAll(async () => {
  for (const s of toClose) await s.close();
});

describe.each(targets)('%s: %i worker processes share one study', (_name, workers, total, makeUrl) => {
  it('creates exactly the requested trials, each once, with every result stored', async () => {
    const url = makeUrl();
    // The workers race to create the study too (whoever loses joins it).
    const storage = (await openStorage(url)) as SharedStudyStorage;
    toClose.push(storage);
    // They start sampling together (a gate file), so more than one does real work even when
    // process start-up is seconds apart on a loaded machine.
    const gate = join(tempDir(), `gate-${uniqueName('w')}`);
    const procs = Array.from({ length: workers }, () =>
      spawnWorker('test/workers/sample-worker.ts', [url, 'shared', String(total), 'evolution', '3', '5'], { TSGLOVE_TEST_GATE: gate }),
    );
    await Promise.all(procs.map((p) => p.waitForLine((line) => line === 'ready')));
    writeFileSync(gate, '');
    const exits = await Promise.all(procs.map((p) => p.exited));
    exits.forEach((e, i) => expect(e.code, procs[i]!.stderr()).toBe(0));

    const acked = procs.flatMap((p) => acks(p.lines));
    const trials = await storage.listTrials('shared');
    const ids = Array.from({ length: total }, (_, i) => i + 1);
    expect(acked.map(([id]) => id).sort((a, b) => a - b)).toEqual(ids);
    expect(trials.map((t) => t.id)).toEqual(ids);
    expect(trials.filter((t) => t.status !== 'completed')).toEqual([]);
    for (const [id, reward] of acked) expect(trials[id - 1]!.reward).toBe(reward);
    expect(trials.map((t) => t.metadata.proposal).sort((a, b) => (a as number) - (b as number))).toEqual(ids.map((i) => i - 1));
    expect(new Set(trials.map((t) => t.completedSeq)).size).toBe(total);
    expect(await storage.countTrials('shared')).toBe(total);
    // More than one worker did real work.
    expect(procs.filter((p) => acks(p.lines).length > 0).length).toBeGreaterThan(1);
  }, 120_000); // ~15 s alone for 8 processes; room for a loaded CI machine
});

describe.each(targets)('%s: workers opening a new study at the same moment', (_name, _workers, _total, makeUrl) => {
  it('all join the one study (the losers of the create race resume it)', async () => {
    const url = makeUrl();
    const storages = await Promise.all(Array.from({ length: 4 }, () => openStorage(url) as Promise<SharedStudyStorage>));
    toClose.push(...storages);
    const studies = await Promise.all(
      storages.map((storage) => Study.create({ x: oneOf([1, 2, 3]) }, random({ seed: 4 }), { storage, name: 'race' })),
    );
    expect(studies.map((s) => s.name)).toEqual(['race', 'race', 'race', 'race']);
    expect((await storages[0]!.listStudies()).map((s) => s.name)).toEqual(['race']);
  });
});
