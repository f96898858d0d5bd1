/**
 * The three stale-worker defects of issue 15, through `Study` on the shared storages: worker A's
 * lease expires (no heartbeat within its 100 ms lease), B acquires the same trial; A's late writes
 * are refused with StaleTrialError, A's algorithm never learns A's reward, the store keeps B's.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { oneOf } from '@tsglove/symbolic';
import { StaleTrialError } from '../src/errors.js';
import { random } from '../src/algorithms/random.js';
import { sample } from '../src/sample.js';
import { Study } from '../src/study.js';
import { openPostgres } from '../src/storage/postgres.js';
import { openSqlite } from '../src/storage/sqlite.js';
import type { SharedStudyStorage } from '../src/storage/shared-store.js';
import { PG_URL, tempDir, uniqueName, warnIfNoPostgres, withSchema } from './fixtures/storage/backends.js';

warnIfNoPostgres();
type Open = (options: { staleMs?: number; heartbeatMs?: number }) => Promise<SharedStudyStorage>;
const targets: Array<[string, () => Open]> = [
  [
    'sqlite',
    () => {
      const p = join(tempDir(), 's.db');
      return async (o) => openSqlite(p, o);
    },
  ],
];
if (PG_URL)
  targets.push([
    'postgres',
    () => {
      const u = withSchema(PG_URL!, uniqueName('fence'));
      return async (o) => openPostgres(u, o);
    },
  ]);

const toClose: SharedStudyStorage[] = [];
afterAll(async () => {
  for (const s of toClose) await s.close();
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const space = { x: oneOf([1, 2, 3, 4, 5, 6, 7, 8]) };

describe.each(targets)('Study fencing on %s', (_name, makeOpen) => {
  async function twoWorkers() {
    const open = makeOpen();
    const sa = await open({ staleMs: 100, heartbeatMs: 600_000 }); // A stops beating (frozen, partitioned...)
    const sb = await open({});
    toClose.push(sa, sb);
    const A = await Study.create(space, random({ seed: 1 }), { storage: sa, name: 'f' });
    const B = await Study.create(space, random({ seed: 1 }), { storage: sb, name: 'f' });
    const fa = await A.ask();
    await sleep(250); // A's lease expires
    const fb = await B.ask(); // B reaps and claims the same trial
    expect(fb.id).toBe(fa.id);
    return { A, B, fa, fb, storage: sb };
  }

  it('A reports 1.0 after losing the trial, B reports 2.0: the store keeps 2 and A learns nothing', async () => {
    const { A, fa, fb, storage } = await twoWorkers();
    await expect(fa.report(1)).rejects.toThrow(StaleTrialError);
    expect(fa.ended).toBe(true);
    expect(A.numCompleted).toBe(0);
    await fb.report(2);
    const t = (await storage.getTrial('f', fb.id))!;
    expect([t.status, t.reward, t.completedSeq, t.lease]).toEqual(['completed', 2, 1, 2]);
  });

  it('B completes, then A fails: the trial stays completed with reward 2 and num_completed 1', async () => {
    const { fa, fb, storage } = await twoWorkers();
    await fb.report(2);
    await expect(fa.fail('late')).rejects.toThrow(StaleTrialError);
    const t = (await storage.getTrial('f', fb.id))!;
    expect([t.status, t.reward, t.reason, t.completedSeq]).toEqual(['completed', 2, undefined, 1]);
    const [summary] = await storage.listStudies();
    expect([summary!.numTrials, summary!.numCompleted]).toEqual([1, 1]);
  });

  it("A skips, then B completes: the trial is completed without A's reason", async () => {
    const { fa, fb, storage } = await twoWorkers();
    await expect(fa.skip('infeasible')).rejects.toThrow(StaleTrialError);
    await fb.report(2);
    const t = (await storage.getTrial('f', fb.id))!;
    expect([t.status, t.reward, t.reason]).toEqual(['completed', 2, undefined]);
  });

  it('sample().run() drops a trial whose lease was lost and goes on', async () => {
    const open = makeOpen();
    const sa = await open({ staleMs: 100, heartbeatMs: 600_000 });
    const sb = await open({});
    toClose.push(sa, sb);
    const A = await Study.create(space, random({ seed: 2 }), { storage: sa, name: 'g' });
    const fa = await A.ask();
    await sleep(250);
    // B takes over A's expired trial and finishes the study; A then reports late and is refused.
    await sample(space, random({ seed: 2 }), { storage: sb, name: 'g', numExamples: 3 }).run((e) => e.x);
    await expect(fa.report(0)).rejects.toThrow(StaleTrialError);
    const trials = await sb.listTrials('g');
    expect(trials.map((t) => t.status)).toEqual(['completed', 'completed', 'completed']);
  });
});
