/**
 * Fencing, on every storage (memory, SQLite, PostgreSQL): two workers A and B, a trial handed from
 * A to B, then every interleaving of their writes {report, fail, skip, requeue}. Only writes under
 * the current lease apply; stale ones throw StaleTrialError and change nothing; an ended trial never
 * changes status; `completedSeq` and the study's completed count stay exact. Then a fast-check
 * property over random sequences of claims, writes and reaps, checked against a model.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { StaleTrialError, TrialError } from '../src/errors.js';
import { isSharedStorage } from '../src/storage/shared-store.js';
import type { StudyStorage, TrialRecord, TrialStatus, TrialUpdate } from '../src/storage/storage.js';
import { backends, closeStorage } from './fixtures/storage/backends.js';

type Op = 'report' | 'fail' | 'skip' | 'requeue';
const OPS: readonly Op[] = ['report', 'fail', 'skip', 'requeue'];
const TARGET: Record<Op, TrialStatus> = { report: 'completed', fail: 'failed', skip: 'infeasible', requeue: 'pending' };

function write(op: Op, who: string): TrialUpdate {
  if (op === 'report') return { status: 'completed', reward: who === 'A' ? 1 : 2, completedAt: 1 };
  if (op === 'fail') return { status: 'failed', reason: `failed by ${who}`, completedAt: 1 };
  if (op === 'skip') return { status: 'infeasible', reason: `infeasible by ${who}`, completedAt: 1 };
  return { status: 'pending' };
}

/** What the stored trial must look like after a write `op` by `who` applied (from running). */
function expectedAfter(op: Op, who: string, lease: number): Partial<TrialRecord> {
  if (op === 'report') return { status: 'completed', reward: who === 'A' ? 1 : 2, reason: undefined, completedSeq: 1, lease };
  if (op === 'requeue') return { status: 'pending', reward: undefined, reason: undefined, completedSeq: undefined, lease };
  return {
    status: TARGET[op],
    reward: undefined,
    reason: `${op === 'fail' ? 'failed' : 'infeasible'} by ${who}`,
    completedSeq: undefined,
    lease,
  };
}

function pick(t: TrialRecord): Partial<TrialRecord> {
  return { status: t.status, reward: t.reward, reason: t.reason, completedSeq: t.completedSeq, lease: t.lease };
}

const toClose: StudyStorage[] = [];
afterAll(async () => {
  for (const s of toClose) await closeStorage(s);
});

describe.each(backends())('fencing: $name', (backend) => {
  const connect = backend.fresh();
  let n = 0;
  /** Two connections ("workers") on one database, and a new study holding one pending trial. */
  async function setup(): Promise<{ a: StudyStorage; b: StudyStorage; study: string }> {
    const a = await connect();
    const b = await connect();
    toClose.push(a, b);
    const study = `f${n++}`;
    await a.createStudy({ name: study, algorithm: 'random', seed: 1, metadata: {} });
    await a.createTrial(study, { dna: 0, status: 'pending' });
    return { a, b, study };
  }

  async function completedCount(s: StudyStorage, study: string): Promise<number | undefined> {
    if (!isSharedStorage(s)) return undefined;
    return (await s.listStudies()).find((x) => x.name === study)!.numCompleted;
  }

  const cases = OPS.flatMap((x) =>
    OPS.flatMap((y) => [
      { first: 'A', x, y },
      { first: 'B', x, y },
    ]),
  );
  it.each(cases)('A lost the trial to B; A $x and B $y ($first first)', async ({ first, x, y }) => {
    const { a, b, study } = await setup();
    const la = (await a.updateTrial(study, 1, { status: 'running' })).lease; // A claims: lease 1
    await b.updateTrial(study, 1, { status: 'pending' }); // A's lease expires: a reaper re-queues it
    const lb = (await b.updateTrial(study, 1, { status: 'running' })).lease; // B claims: lease 2
    expect([la, lb]).toEqual([1, 2]);
    const byA = () => a.updateTrial(study, 1, write(x, 'A'), { lease: la });
    const byB = () => b.updateTrial(study, 1, write(y, 'B'), { lease: lb });
    if (first === 'A') {
      await expect(byA()).rejects.toThrow(StaleTrialError);
      await byB();
    } else {
      await byB();
      const stale = await byA().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(stale).toBeInstanceOf(StaleTrialError);
      expect((stale as StaleTrialError).message).toMatch(/lease 1 was lost/);
    }
    const stored = (await a.getTrial(study, 1))!;
    expect(pick(stored)).toEqual(expectedAfter(y, 'B', 2));
    const c = await completedCount(a, study);
    if (c !== undefined) expect(c).toBe(y === 'report' ? 1 : 0);
  });

  it('a retried write that already applied under the same lease returns the stored trial', async () => {
    const { a, study } = await setup();
    const { lease } = await a.updateTrial(study, 1, { status: 'running' });
    const once = await a.updateTrial(study, 1, { status: 'completed', reward: 3 }, { lease });
    const twice = await a.updateTrial(study, 1, { status: 'completed', reward: 3 }, { lease });
    expect(pick(twice)).toEqual(pick(once));
    expect((await completedCount(a, study)) ?? 1).toBe(1);
    await expect(a.updateTrial(study, 1, { status: 'failed' }, { lease })).rejects.toThrow(StaleTrialError);
    await expect(a.addMeasurement(study, 1, { step: 1, reward: 1, time: 1 }, { lease })).rejects.toThrow(StaleTrialError);
  });

  it('an ended trial does not change status, even without a lease', async () => {
    const { a, study } = await setup();
    await a.updateTrial(study, 1, { status: 'running' });
    await a.updateTrial(study, 1, { status: 'completed', reward: 2 });
    await expect(a.updateTrial(study, 1, { status: 'failed', reason: 'late' })).rejects.toThrow(TrialError);
    await expect(a.updateTrial(study, 1, { status: 'pending' })).rejects.toThrow(/an ended trial does not change status/);
    expect(pick((await a.getTrial(study, 1))!)).toEqual({ status: 'completed', reward: 2, reason: undefined, completedSeq: 1, lease: 1 });
  });

  it('property: random claims, fenced writes and reaps agree with the model', async () => {
    type Step = { who: 0 | 1; op: 'claim' | 'reap' | Op; measure: boolean };
    const step = fc.record({
      who: fc.constantFrom<0 | 1>(0, 1),
      op: fc.constantFrom<Step['op']>('claim', 'reap', 'report', 'fail', 'skip', 'requeue'),
      measure: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 10 }), async (steps) => {
        const { a, b, study } = await setup();
        const workers = [a, b];
        const names = ['A', 'B'];
        const model = {
          status: 'pending' as TrialStatus,
          lease: 0,
          reward: undefined as number | undefined,
          reason: undefined as string | undefined,
          seq: undefined as number | undefined,
        };
        const held: Array<number | undefined> = [undefined, undefined];
        for (const s of steps) {
          const w = workers[s.who]!;
          if (s.op === 'claim') {
            if (model.status !== 'pending') continue;
            held[s.who] = (await w.updateTrial(study, 1, { status: 'running' })).lease;
            model.status = 'running';
            model.lease++;
            expect(held[s.who]).toBe(model.lease);
          } else if (s.op === 'reap') {
            if (model.status !== 'running') continue;
            await w.updateTrial(study, 1, { status: 'pending' });
            model.status = 'pending';
          } else {
            const lease = held[s.who];
            if (lease === undefined) continue;
            const live = model.status === 'running' && model.lease === lease;
            if (s.measure) {
              const m = w.addMeasurement(study, 1, { step: 0, reward: 0, time: 0 }, { lease });
              if (live) await m;
              else await expect(m).rejects.toThrow(StaleTrialError);
            }
            const retried = !live && model.lease === lease && model.status === TARGET[s.op] && s.op !== 'requeue';
            const p = w.updateTrial(study, 1, write(s.op, names[s.who]!), { lease });
            if (!live && !retried) {
              await expect(p).rejects.toThrow(StaleTrialError);
              continue;
            }
            await p;
            if (retried) continue;
            const e = expectedAfter(s.op, names[s.who]!, lease);
            model.status = e.status!;
            model.reward = e.reward as number | undefined;
            model.reason = e.reason;
            model.seq = e.completedSeq;
          }
        }
        const stored = (await a.getTrial(study, 1))!;
        expect(pick(stored)).toEqual({
          status: model.status,
          reward: model.reward,
          reason: model.reason,
          completedSeq: model.seq,
          lease: model.lease,
        });
        const c = await completedCount(b, study);
        if (c !== undefined) expect(c).toBe(model.status === 'completed' ? 1 : 0);
      }),
      { numRuns: backend.name === 'memory' ? 300 : 60 },
    );
  }, 120_000);
});
