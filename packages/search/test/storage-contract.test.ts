/** The StudyStorage contract, run against every storage (memory, SQLite, PostgreSQL). */
import { hostname } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { StorageError } from '../src/errors.js';
import { isSharedStorage, type SharedStudyStorage } from '../src/storage/shared-store.js';
import type { StudyStorage } from '../src/storage/storage.js';
import { backends, closeStorage, type ConnectOptions } from './fixtures/storage/backends.js';

const opened: StudyStorage[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await closeStorage(s);
});

describe.each(backends())('StudyStorage contract: $name', (backend) => {
  async function open(): Promise<[StudyStorage, (options?: ConnectOptions) => Promise<StudyStorage>]> {
    const connect = backend.fresh();
    const s = await connect();
    opened.push(s);
    const again = async (options?: ConnectOptions) => {
      const o = await connect(options);
      opened.push(o);
      return o;
    };
    return [s, again];
  }

  it('creates, reads and refuses to re-create a study', async () => {
    const [s] = await open();
    expect(await s.getStudy('a')).toBeUndefined();
    const created = await s.createStudy({ name: 'a', algorithm: 'random', seed: 'x7', metadata: { space: 'k1', nested: { n: [1, 2] } } });
    const read = await s.getStudy('a');
    expect(read).toEqual(created);
    expect(read!.seed).toBe('x7');
    await expect(s.createStudy({ name: 'a', algorithm: 'grid', seed: 0, metadata: {} })).rejects.toThrow(StorageError);
    await expect(s.createStudy({ name: 'a', algorithm: 'grid', seed: 0, metadata: {} })).rejects.toThrow(/"a" exists/);
  });

  it('numbers trials 1, 2, 3 and assigns completedSeq in completion order', async () => {
    const [s] = await open();
    await s.createStudy({ name: 's', algorithm: 'random', seed: 1, metadata: {} });
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) ids.push((await s.createTrial('s', { dna: [null, i, [1, 0.5]], status: 'running', metadata: { i } })).id);
    expect(ids).toEqual([1, 2, 3]);
    expect(await s.countTrials('s')).toBe(3);
    const c3 = await s.updateTrial('s', 3, { status: 'completed', reward: 0.25, metrics: { acc: 0.9 }, completedAt: 5 });
    const c1 = await s.updateTrial('s', 1, { status: 'completed', reward: [1, -Infinity], completedAt: 6 });
    const f2 = await s.updateTrial('s', 2, { status: 'failed', reason: 'boom' });
    expect([c3.completedSeq, c1.completedSeq, f2.completedSeq]).toEqual([1, 2, undefined]);
    // Completing again does not take another sequence number.
    expect((await s.updateTrial('s', 3, { metadata: { again: true } })).completedSeq).toBe(1);
    const all = await s.listTrials('s');
    expect(all.map((t) => [t.id, t.status, t.reward, t.reason])).toEqual([
      [1, 'completed', [1, -Infinity], undefined],
      [2, 'failed', undefined, 'boom'],
      [3, 'completed', 0.25, undefined],
    ]);
    expect(all[0]!.dna).toEqual([null, 0, [1, 0.5]]);
    expect(all[2]!.metrics).toEqual({ acc: 0.9 });
    expect(all[2]!.metadata).toEqual({ again: true }); // an update replaces metadata
    expect((await s.listTrials('s', { status: ['failed', 'pending'] })).map((t) => t.id)).toEqual([2]);
  });

  it('appends measurements in order and returns copies', async () => {
    const [s] = await open();
    await s.createStudy({ name: 'm', algorithm: 'random', seed: 1, metadata: {} });
    await s.createTrial('m', { dna: 0, status: 'running' });
    await s.addMeasurement('m', 1, { step: 1, reward: 0.1, time: 10 });
    await s.addMeasurement('m', 1, { step: 2, reward: [0.2, 3], metrics: { loss: 1.5 }, time: 11 });
    const t = (await s.getTrial('m', 1))!;
    expect(t.measurements).toEqual([
      { step: 1, reward: 0.1, time: 10 },
      { step: 2, reward: [0.2, 3], metrics: { loss: 1.5 }, time: 11 },
    ]);
    t.measurements.push({ step: 9, reward: 9, time: 9 });
    (t.metadata as Record<string, unknown>).x = 1;
    const again = (await s.getTrial('m', 1))!;
    expect(again.measurements).toHaveLength(2);
    expect(again.metadata).toEqual({});
    expect(await s.getTrial('m', 2)).toBeUndefined();
  });

  it('names the unknown study or trial in its errors', async () => {
    const [s] = await open();
    await expect(s.listTrials('nope')).rejects.toThrow(/no study named "nope"/);
    await expect(s.createTrial('nope', { dna: 0, status: 'running' })).rejects.toThrow(StorageError);
    await s.createStudy({ name: 'x', algorithm: 'random', seed: 1, metadata: {} });
    await expect(s.updateTrial('x', 4, { status: 'failed' })).rejects.toThrow(/has no trial 4/);
    await expect(s.addMeasurement('x', 4, { step: 0, reward: 0, time: 0 })).rejects.toThrow(/has no trial 4/);
  });

  it.runIf(backend.shared)('is durable: a second connection sees every acknowledged write', async () => {
    const [s, again] = await open();
    await s.createStudy({ name: 'd', algorithm: 'evolution', seed: 3, metadata: { space: 'abc' } });
    await s.createTrial('d', { dna: [null, 1, 2], status: 'running' });
    await s.updateTrial('d', 1, { status: 'completed', reward: -0, completedAt: 1 });
    await closeStorage(s);
    const t = await again();
    const [trial] = await t.listTrials('d');
    expect(trial!.status).toBe('completed');
    expect(Object.is(trial!.reward, -0)).toBe(true);
    expect((await (t as SharedStudyStorage).listStudies()).map((x) => [x.name, x.numTrials, x.numCompleted])).toEqual([['d', 1, 1]]);
  });

  it.runIf(backend.shared)('acquireTrial: proposes under the lock, stops at maxTrials, catches up on others', async () => {
    const [s, again] = await open();
    const other = (await again()) as SharedStudyStorage;
    if (!isSharedStorage(s)) throw new Error('expected a shared storage');
    await s.createStudy({ name: 'q', algorithm: 'random', seed: 1, metadata: {} });
    const seen: Array<{ completed: number[]; numTrials: number }> = [];
    const propose = (ctx: { completed: { id: number }[]; numTrials: number }) => {
      seen.push({ completed: ctx.completed.map((t) => t.id), numTrials: ctx.numTrials });
      return { dna: ctx.numTrials, metadata: { by: 'test' } };
    };
    const a = (await s.acquireTrial('q', { propose, maxTrials: 3 }))!;
    expect([a.trial.id, a.requeued, a.numTrials, a.trial.status, a.trial.dna]).toEqual([1, false, 1, 'running', 0]);
    const b = (await other.acquireTrial('q', { propose, maxTrials: 3 }))!;
    await other.updateTrial('q', b.trial.id, { status: 'completed', reward: 1 });
    const c = (await s.acquireTrial('q', { propose, maxTrials: 3, afterSeq: 0 }))!;
    expect(c.trial.id).toBe(3);
    expect(seen[2]).toEqual({ completed: [2], numTrials: 2 });
    expect(await s.acquireTrial('q', { propose, maxTrials: 3 })).toBeUndefined();
  });

  it.runIf(backend.shared)('re-queues a trial whose lease expired and hands it out again, once', async () => {
    const [s, again] = await open();
    await s.createStudy({ name: 'r', algorithm: 'random', seed: 1, metadata: {} });
    // The "dead" worker: leases of 300 ms and no heartbeat within the test.
    const dead = (await again({ staleMs: 300, heartbeatMs: 600_000 })) as SharedStudyStorage;
    const propose = ({ numTrials }: { numTrials: number }) => ({ dna: numTrials * 10 });
    await dead.acquireTrial('r', { propose });
    await dead.acquireTrial('r', { propose });
    await dead.updateTrial('r', 1, { status: 'completed', reward: 1 }, { lease: 1 });
    const alive = (await again()) as SharedStudyStorage;
    expect(await alive.requeueStale('r')).toEqual([]); // trial 2's lease still runs
    await new Promise((r) => setTimeout(r, 400));
    const got = (await alive.acquireTrial('r', { propose, maxTrials: 2 }))!;
    expect([got.trial.id, got.requeued, got.trial.dna, got.trial.status, got.trial.lease]).toEqual([2, true, 10, 'running', 2]);
    expect(await alive.acquireTrial('r', { propose, maxTrials: 2 })).toBeUndefined();
    expect(await s.countTrials('r')).toBe(2);
  });

  it.runIf(backend.shared)(
    'liveness is the lease, never host and PID: a live PID does not keep an expired trial, a foreign PID does not lose a fresh one',
    async () => {
      const [s, again] = await open();
      await s.createStudy({ name: 'p', algorithm: 'random', seed: 1, metadata: {} });
      const propose = ({ numTrials }: { numTrials: number }) => ({ dna: numTrials });
      const dead = (await again({ staleMs: 100, heartbeatMs: 600_000 })) as SharedStudyStorage;
      const fresh = (await again()) as SharedStudyStorage;
      await dead.acquireTrial('p', { propose }); // trial 1: its lease expires in 100 ms
      await fresh.acquireTrial('p', { propose }); // trial 2: a healthy worker's fresh lease
      // Trial 1's worker "ran" as a PID that is now reused by a live process on this host; trial 2's
      // as a PID this host does not have (another PID namespace, same hostname).
      const raw = s as unknown as {
        db?: { prepare(sql: string): { run(...a: unknown[]): unknown } };
        pool?: { query(sql: string, p: unknown[]): Promise<unknown> };
      };
      const setWorker = async (id: number, worker: string) => {
        const sql = `UPDATE tsglove_trials SET worker = '${worker}' WHERE study = 'p' AND id = ${id}`;
        if (raw.db) raw.db.prepare(sql).run();
        else await raw.pool!.query(sql, []);
      };
      await setWorker(1, `${hostname()}:${process.ppid}:reused`);
      await setWorker(2, `${hostname()}:999999:other-namespace`);
      await new Promise((r) => setTimeout(r, 250));
      expect(await (s as SharedStudyStorage).requeueStale('p')).toEqual([1]);
    },
  );

  it.runIf(backend.shared)(
    'the heartbeat thread keeps a lease alive through a synchronous evaluation longer than staleMs; stopped, the lease expires',
    async () => {
      const [s, again] = await open();
      await s.createStudy({ name: 'h', algorithm: 'random', seed: 1, metadata: {} });
      const busy = (await again({ heartbeatMs: 50, staleMs: 500 })) as SharedStudyStorage;
      const watcher = (await again()) as SharedStudyStorage;
      await busy.acquireTrial('h', { propose: () => ({ dna: 1 }) });
      // Block this thread (the one that would run a synchronous evaluation) for 3 × staleMs.
      const until = Date.now() + 1500;
      while (Date.now() < until) {
        /* a long synchronous evaluation */
      }
      expect(await watcher.requeueStale('h')).toEqual([]);
      await busy.close(); // the worker stops beating
      await new Promise((r) => setTimeout(r, 800));
      expect(await watcher.requeueStale('h')).toEqual([1]);
      expect((await watcher.getTrial('h', 1))!.status).toBe('pending');
    },
  );
});
