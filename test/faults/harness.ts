/**
 * The fault-injection harness: N worker processes (`test/workers/sample-worker.ts`) on one study,
 * faults fired when the study reaches given numbers of acknowledged trials (not at wall-clock
 * times), and the checks every scenario ends with: exactly one stored result per trial, counters
 * that agree with the trials, no lost trial, every surviving worker exiting 0.
 */
import { expect } from 'vitest';
import { openStorage, type SharedStudyStorage } from '@tsglove/search';
import { acks, spawnWorker, type Worker } from '../workers/spawn.js';

/** Lease settings of the workers: a dead or frozen worker's trial returns after 1.5 s. */
export const LEASE_ENV = { TSGLOVE_STALE_MS: '1500', TSGLOVE_HEARTBEAT_MS: '250' };

/** A fault fired once the study has `atAcks` acknowledged trials. */
export interface Fault {
  atAcks: number;
  name: string;
  /** Fires the fault; may wait (e.g. SIGSTOP … SIGCONT). Returns workers it killed. */
  fire(live: Worker[]): Promise<Worker[] | undefined>;
}

/** What a scenario measured (the closing note's figures). */
export interface FaultReport {
  scenario: string;
  workers: number;
  trials: number;
  faults: Record<string, number>;
  duplicates: number;
  losses: number;
  staleRefused: number;
  seconds: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `workers` workers over `total` trials with `faults`, then checks the study (see the module comment). */
export async function runScenario(o: {
  scenario: string;
  url: string;
  study: string;
  workers: number;
  total: number;
  delayMs: number;
  faults: Fault[];
}): Promise<FaultReport> {
  const t0 = performance.now();
  const spawnOne = () =>
    spawnWorker('test/workers/sample-worker.ts', [o.url, o.study, String(o.total), 'evolution', '11', String(o.delayMs)], LEASE_ENV);
  const workers = Array.from({ length: o.workers }, spawnOne);
  const killed = new Set<Worker>();
  const counts: Record<string, number> = {};
  const acked = () => workers.reduce((n, w) => n + acks(w.lines).length, 0);
  const pending = [...o.faults].sort((a, b) => a.atAcks - b.atAcks);
  let allExited = false;
  const exits = Promise.all(workers.map((w) => w.exited)).then(() => (allExited = true));
  while (!allExited && pending.length > 0) {
    if (acked() >= pending[0]!.atAcks) {
      const fault = pending.shift()!;
      const live = workers.filter((w) => !killed.has(w) && w.proc.exitCode === null && w.proc.signalCode === null);
      const dead = await fault.fire(live);
      for (const w of dead ?? []) killed.add(w);
      counts[fault.name] = (counts[fault.name] ?? 0) + 1;
    } else {
      await sleep(20);
    }
  }
  await exits;
  for (const w of workers) {
    if (killed.has(w)) continue;
    const exit = await w.exited;
    expect(exit.code, `a surviving worker failed:\n${w.stderr()}`).toBe(0);
  }

  const storage = (await openStorage(o.url)) as SharedStudyStorage;
  try {
    const trials = await storage.listTrials(o.study);
    const all = workers.flatMap((w) => acks(w.lines));
    const perId = new Map<number, number>();
    for (const [id] of all) perId.set(id, (perId.get(id) ?? 0) + 1);
    const duplicates = [...perId.values()].reduce((n, c) => n + c - 1, 0);
    const completed = trials.filter((t) => t.status === 'completed');
    const losses = o.total - completed.length;
    const ids = Array.from({ length: o.total }, (_, i) => i + 1);
    // Exactly one stored result per trial, each the one its (single) acknowledging worker sent.
    expect(trials.map((t) => t.id)).toEqual(ids);
    expect(trials.filter((t) => t.status !== 'completed').map((t) => [t.id, t.status])).toEqual([]);
    expect(new Set(completed.map((t) => t.completedSeq))).toEqual(new Set(ids));
    for (const [id, reward] of all) expect(trials[id - 1]!.reward).toBe(reward);
    // Counters agree with the trials.
    const summary = (await storage.listStudies()).find((s) => s.name === o.study)!;
    expect([summary.numTrials, summary.numCompleted]).toEqual([o.total, o.total]);
    expect(duplicates).toBe(0);
    expect(losses).toBe(0);
    // Every trial acknowledged by a worker except those whose worker was killed after storing them.
    expect(perId.size).toBeLessThanOrEqual(o.total);
    const report: FaultReport = {
      scenario: o.scenario,
      workers: o.workers,
      trials: o.total,
      faults: counts,
      duplicates,
      losses,
      staleRefused: workers.reduce((n, w) => n + w.lines.filter((l) => l.startsWith('stale ')).length, 0),
      seconds: Math.round((performance.now() - t0) / 100) / 10,
    };
    console.log(`fault suite: ${JSON.stringify(report)}`);
    return report;
  } finally {
    await storage.close();
  }
}

/** SIGKILL of one random live worker. */
export function killRandom(atAcks: number): Fault {
  return {
    atAcks,
    name: 'kill -9',
    fire: async (live) => {
      if (live.length <= 2) return []; // keep survivors to finish the study
      const w = live[Math.floor(Math.random() * live.length)]!;
      w.proc.kill('SIGKILL');
      await w.exited;
      return [w];
    },
  };
}

/** SIGSTOP of one random live worker for longer than the lease, then SIGCONT. */
export function stallRandom(atAcks: number, ms = 2500): Fault {
  return {
    atAcks,
    name: 'SIGSTOP past staleMs',
    fire: async (live) => {
      const w = live[Math.floor(Math.random() * live.length)]!;
      w.proc.kill('SIGSTOP');
      await sleep(ms);
      w.proc.kill('SIGCONT');
      return undefined;
    },
  };
}
