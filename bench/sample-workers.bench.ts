/**
 * SAMPLE-WORKERS: `sample(..., { workers }).run(evaluate)` where each evaluation is CPU work done in
 * a worker thread (a stand-in for training a child network off the main thread). 48 trials of
 * regularized evolution on NAS-Bench-Macro; each evaluation runs a fixed ~40 ms numeric loop in a
 * pool thread and returns the tabulated accuracy. Trials/s with 1, 2 and 4 workers (pool threads =
 * workers); speedup = trials/s ÷ trials/s with 1 worker. The machine has 2 cores, so 2 workers
 * bound the speedup at 2×; 4 workers show the cost of oversubscription.
 */
import { Worker } from 'node:worker_threads';
import os from 'node:os';
import { nasBenchMacroSpace, nasBenchMacroTable } from '@tsglove/models';
import { regularizedEvolution, sample } from '@tsglove/search';
import type { Workload } from './harness.js';

const TRIALS = 48;
const WORK = 4_000_000; // inner iterations per evaluation (~40 ms on this machine)

const THREAD = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', ({ id, n, seed }) => {
  let x = seed, acc = 0;
  for (let i = 0; i < n; i++) { x = (x * 1103515245 + 12345) % 2147483648; acc += Math.sqrt(x); }
  parentPort.postMessage({ id, acc });
});`;

/** A fixed pool of threads; `run` resolves when a free thread finished the job. */
class Pool {
  private readonly threads: Worker[];
  private readonly idle: Worker[];
  private readonly waiting: Array<(w: Worker) => void> = [];
  private next = 0;
  constructor(size: number) {
    this.threads = Array.from({ length: size }, () => new Worker(THREAD, { eval: true }));
    this.idle = [...this.threads];
  }
  async run(seed: number): Promise<number> {
    const worker = this.idle.pop() ?? (await new Promise<Worker>((resolve) => this.waiting.push(resolve)));
    const id = this.next++;
    const acc = await new Promise<number>((resolve) => {
      const onMessage = (m: { id: number; acc: number }) => {
        if (m.id !== id) return;
        worker.off('message', onMessage);
        resolve(m.acc);
      };
      worker.on('message', onMessage);
      worker.postMessage({ id, n: WORK, seed });
    });
    const waiter = this.waiting.shift();
    if (waiter) waiter(worker);
    else this.idle.push(worker);
    return acc;
  }
  close(): Promise<number[]> {
    return Promise.all(this.threads.map((t) => t.terminate()));
  }
}

async function trialsPerSecond(workers: number): Promise<number> {
  const table = nasBenchMacroTable();
  const pool = new Pool(workers);
  try {
    await pool.run(1); // warm the threads
    const start = performance.now();
    await sample(nasBenchMacroSpace(), regularizedEvolution({ populationSize: 16, tournamentSize: 4, seed: 1 }), {
      numExamples: TRIALS,
      workers,
    }).run(async (net, feedback) => {
      await pool.run(feedback.id);
      return table.get(net.key).meanAcc;
    });
    return TRIALS / ((performance.now() - start) / 1000);
  } finally {
    await pool.close();
  }
}

export const workloads: Workload[] = [
  {
    id: 'SAMPLE-WORKERS',
    title: `sample(..., { workers }).run(): ${TRIALS} evolution trials, each ~40 ms of CPU in a worker thread`,
    async run() {
      const rates: Record<number, number> = {};
      for (const w of [1, 2, 4]) rates[w] = await trialsPerSecond(w);
      const metrics = {
        trialsPerSec1: rates[1]!,
        trialsPerSec2: rates[2]!,
        trialsPerSec4: rates[4]!,
        speedup2: rates[2]! / rates[1]!,
        speedup4: rates[4]! / rates[1]!,
        load1: os.loadavg()[0]!,
      };
      const markdown = [
        '| workers | trials/s | speedup |',
        '|---|---|---|',
        ...[1, 2, 4].map((w) => `| ${w} | ${rates[w]!.toFixed(1)} | ${(rates[w]! / rates[1]!).toFixed(2)}× |`),
        '',
        `2 cores; 1-minute load average ${metrics.load1.toFixed(2)} at the end.`,
      ].join('\n');
      return { primary: 'speedup2', unit: '× (2 workers vs 1)', metrics, markdown };
    },
  },
];
