/**
 * STORAGE: shared-study throughput — trials/s of `sample().run()` with a trivial evaluation, with
 * 1, 4 and 8 worker processes on one study, on SQLite (a file on local disk) and PostgreSQL (the
 * server in TSGLOVE_PG_URL; skipped without it). Workers open the study, then start together;
 * trials/s = trials ÷ (last worker done − start). Each acquire and completion is a transaction;
 * the figure is the storage's coordination cost, the ceiling for very short trials.
 *
 * Variants (PostgreSQL): `default` (reap expired leases in every acquire), and `light`
 * (`reapEveryMs: 1000`: an acquire skips the expired-lease scan when this worker reaped less than a
 * second ago) — the issue asked whether a lighter acquire path lifts the 8-worker figure.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import type { Workload } from './harness.js';

const PG_URL = process.env.TSGLOVE_PG_URL;
const ROOT = join(import.meta.dirname, '..');

interface Run {
  trialsPerSec: number;
  seconds: number;
}

/** Starts `workers` processes on a fresh study of `url`, releases them together, times the study. */
async function measure(url: string, workers: number, trials: number, options: Record<string, unknown>): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'tsglove-bench-storage-'));
  const go = join(dir, 'go');
  const study = `bench_${process.pid}_${Date.now().toString(36)}`;
  const env = { ...process.env, TSGLOVE_STORAGE: url, TSGLOVE_BENCH_OPTIONS: JSON.stringify(options) };
  const procs = Array.from({ length: workers }, () => spawn(process.execPath, ['--import', 'tsx', '--conditions=source', join(ROOT, 'bench/storage-worker.ts'), go, study, String(trials)], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] }));
  const lines = procs.map((p) => {
    const seen: string[] = [];
    let waiters: Array<() => void> = [];
    p.stdout!.setEncoding('utf8');
    p.stdout!.on('data', (c: string) => {
      seen.push(...c.split('\n').filter(Boolean));
      for (const w of waiters) w();
      waiters = [];
    });
    return { seen, wait: (prefix: string) => new Promise<void>(function check(resolve) { if (seen.some((l) => l.startsWith(prefix))) resolve(); else waiters.push(() => check(resolve)); }) };
  });
  await Promise.all(lines.map((l) => l.wait('ready')));
  const start = performance.now();
  writeFileSync(go, '');
  await Promise.all(lines.map((l) => l.wait('done')));
  const seconds = (performance.now() - start) / 1000;
  await Promise.all(procs.map((p) => new Promise((r) => (p.exitCode !== null ? r(null) : p.on('exit', r)))));
  rmSync(dir, { recursive: true, force: true });
  const ran = lines.reduce((n, l) => n + Number(l.seen.find((x) => x.startsWith('done '))!.slice(5)), 0);
  if (ran !== trials) throw new Error(`STORAGE: workers ran ${ran} trials, expected ${trials}`);
  return { trialsPerSec: trials / seconds, seconds };
}

export const workloads: Workload[] = [
  {
    id: 'STORAGE',
    title: 'shared-study throughput: sample().run() with a trivial evaluation, 1/4/8 worker processes, SQLite and PostgreSQL',
    async run() {
      const trials = 600;
      const targets: Array<[string, string, Record<string, unknown>]> = [['sqlite', `sqlite:${join(mkdtempSync(join(tmpdir(), 'tsglove-bench-db-')), 'bench.db')}`, {}]];
      if (PG_URL) {
        const schema = `bench_storage_${process.pid}`;
        const u = new URL(PG_URL);
        u.searchParams.set('schema', schema);
        targets.push(['postgres', u.toString(), {}], ['postgres-light', u.toString(), { reapEveryMs: 1000 }]);
      }
      const metrics: Record<string, number> = {};
      const rows: string[] = [];
      // Interleaved: each round measures every target at every worker count, 3 rounds, best kept.
      for (let round = 0; round < 3; round++) {
        for (const workers of [1, 4, 8]) {
          for (const [name, url, options] of targets) {
            const r = await measure(url, workers, trials, options);
            const key = `${name.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())}${workers}`;
            metrics[key] = Math.max(metrics[key] ?? 0, r.trialsPerSec);
          }
        }
      }
      for (const [name] of targets) {
        const k = name.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
        rows.push(`| ${name} | ${[1, 4, 8].map((w) => metrics[`${k}${w}`]!.toFixed(0)).join(' | ')} |`);
      }
      metrics.load1 = os.loadavg()[0]!;
      if (metrics.postgresLight8 && metrics.postgres8) metrics.lightGain8 = metrics.postgresLight8 / metrics.postgres8;
      const markdown = [
        `${trials} trials per run; trials/s, best of 3 interleaved rounds.`,
        '',
        '| storage | 1 worker | 4 workers | 8 workers |',
        '|---|---|---|---|',
        ...rows,
        '',
        `2 cores shared with other jobs; 1-minute load average ${metrics.load1.toFixed(2)} at the end.`,
        metrics.lightGain8 ? `Lighter acquire path (reap at most once a second per worker) at 8 workers: ${metrics.lightGain8.toFixed(2)}× the default.` : '',
      ].join('\n');
      return { primary: metrics.postgres8 ? 'postgres8' : 'sqlite8', unit: 'trials/s (8 workers)', metrics, markdown };
    },
  },
];
