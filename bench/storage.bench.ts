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
 *
 * With `TSGLOVE_BENCH_BASE=<dir>/packages/search/src/index.ts` (an older copy of the package, e.g.
 * `git archive <commit> packages/search | tar -x -C <dir>` plus a `node_modules` link), `sqlite-base`
 * and `postgres-base` run that code in the same rounds (its own files and schema), and the ratios
 * new ÷ base are reported: the cost of fencing and leases.
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
async function measure(url: string, workers: number, trials: number, options: Record<string, unknown>, search?: string): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'tsglove-bench-storage-'));
  const go = join(dir, 'go');
  const study = `bench_${process.pid}_${Date.now().toString(36)}`;
  const env = { ...process.env, TSGLOVE_STORAGE: url, TSGLOVE_BENCH_OPTIONS: JSON.stringify(options), TSGLOVE_BENCH_SEARCH: search ?? '' };
  const procs = Array.from({ length: workers }, () =>
    spawn(process.execPath, ['--import', 'tsx', '--conditions=source', join(ROOT, 'bench/storage-worker.ts'), go, study, String(trials)], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    }),
  );
  const lines = procs.map((p) => {
    const seen: string[] = [];
    let waiters: Array<() => void> = [];
    p.stdout!.setEncoding('utf8');
    p.stdout!.on('data', (c: string) => {
      seen.push(...c.split('\n').filter(Boolean));
      for (const w of waiters) w();
      waiters = [];
    });
    return {
      seen,
      wait: (prefix: string) =>
        new Promise<void>(function check(resolve) {
          if (seen.some((l) => l.startsWith(prefix))) resolve();
          else waiters.push(() => check(resolve));
        }),
    };
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
      const base = process.env.TSGLOVE_BENCH_BASE || undefined;
      const dbDir = mkdtempSync(join(tmpdir(), 'tsglove-bench-db-'));
      const targets: Array<[string, string, Record<string, unknown>, string?]> = [['sqlite', `sqlite:${join(dbDir, 'bench.db')}`, {}]];
      if (base) targets.push(['sqlite-base', `sqlite:${join(dbDir, 'base.db')}`, {}, base]);
      const pgUrl = (schema: string) => {
        const u = new URL(PG_URL!);
        u.searchParams.set('schema', schema);
        return u.toString();
      };
      if (PG_URL) {
        targets.push(
          ['postgres', pgUrl(`bench_storage_${process.pid}`), {}],
          ['postgres-light', pgUrl(`bench_storage_${process.pid}`), { reapEveryMs: 1000 }],
        );
        if (base) targets.push(['postgres-base', pgUrl(`bench_storage_base_${process.pid}`), {}, base]);
      }
      const metrics: Record<string, number> = {};
      const rows: string[] = [];
      // Interleaved: each round measures every target at every worker count, 3 rounds, best kept.
      for (let round = 0; round < 3; round++) {
        for (const workers of [1, 4, 8]) {
          for (const [name, url, options, search] of targets) {
            const r = await measure(url, workers, trials, options, search);
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
      for (const w of [1, 4, 8]) {
        if (metrics[`sqliteBase${w}`]) metrics[`sqliteVsBase${w}`] = metrics[`sqlite${w}`]! / metrics[`sqliteBase${w}`]!;
        if (metrics[`postgresBase${w}`]) metrics[`postgresVsBase${w}`] = metrics[`postgres${w}`]! / metrics[`postgresBase${w}`]!;
      }
      const vsBase = (name: string) => [1, 4, 8].map((w) => `${metrics[`${name}VsBase${w}`]!.toFixed(2)}×`).join(' / ');
      const markdown = [
        `${trials} trials per run; trials/s, best of 3 interleaved rounds.`,
        '',
        '| storage | 1 worker | 4 workers | 8 workers |',
        '|---|---|---|---|',
        ...rows,
        '',
        `2 cores shared with other jobs; 1-minute load average ${metrics.load1.toFixed(2)} at the end.`,
        metrics.lightGain8
          ? `Lighter acquire path (reap at most once a second per worker) at 8 workers: ${metrics.lightGain8.toFixed(2)}× the default.`
          : '',
        metrics.sqliteVsBase1
          ? `This code ÷ the code before fencing and leases (-base rows), 1 / 4 / 8 workers: SQLite ${vsBase('sqlite')}.`
          : '',
        metrics.postgresVsBase1 ? `PostgreSQL ${vsBase('postgres')}.` : '',
      ].join('\n');
      return { primary: metrics.postgres8 ? 'postgres8' : 'sqlite8', unit: 'trials/s (8 workers)', metrics, markdown };
    },
  },
];
