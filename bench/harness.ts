/**
 * The benchmark harness: the timing protocol of `pyglove-workloads.md` and the results files.
 *
 * A bench module is a file `bench/*.bench.ts` exporting `workloads: Workload[]`. `npm run bench`
 * runs all of them (or the ids given on the command line), prints a table, merges the numbers into
 * `bench/results.json` and rewrites `bench/RESULTS.md` from it.
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

/** What one workload measured. `primary` names the headline metric (e.g. `opsPerSec`). */
export interface WorkloadResult {
  /** Headline metric name, a key of `metrics`. */
  primary: string;
  /** Unit of the headline metric, e.g. 'ops/s', 'trials/s', 'images/s'. */
  unit: string;
  /** Numbers measured; written to results.json under the workload id. */
  metrics: Record<string, number>;
  /** Reference figure for the headline metric (e.g. PyGlove's ops/s), if any. */
  reference?: { value: number; label: string };
  /** Optional Markdown section (tables, notes) for RESULTS.md. */
  markdown?: string;
}

/** One benchmark workload. */
export interface Workload {
  id: string;
  title: string;
  run(): Promise<WorkloadResult> | WorkloadResult;
}

/** Options for {@link opsPerSecond}. */
export interface TimingOptions {
  /** Minimum seconds one repeat must take before timing (default 0.5). */
  minRepeatSeconds?: number;
  /** Timed repeats (default 5). */
  repeats?: number;
  /** Run one untimed warm-up call first (default true). */
  warmup?: boolean;
}

/**
 * The protocol of `pyglove-workloads.md`: one untimed warm-up call; grow the inner count n
 * (doubling) until one repeat of n calls takes at least 0.5 s; then 5 timed repeats;
 * ops/sec = n / median repeat seconds.
 */
export function opsPerSecond(fn: () => unknown, options: TimingOptions = {}): { opsPerSec: number; n: number; medianSeconds: number } {
  const minSeconds = options.minRepeatSeconds ?? 0.5;
  const repeats = options.repeats ?? 5;
  if (options.warmup ?? true) fn();
  const timeN = (n: number): number => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) fn();
    return Number(process.hrtime.bigint() - start) / 1e9;
  };
  let n = 1;
  while (timeN(n) < minSeconds) n *= 2;
  const times: number[] = [];
  for (let r = 0; r < repeats; r++) times.push(timeN(n));
  const medianSeconds = median(times);
  return { opsPerSec: n / medianSeconds, n, medianSeconds };
}

/** Times `repeats` whole runs of an async function (no warm-up); returns the median seconds. */
export async function medianSeconds(fn: () => Promise<unknown> | unknown, repeats = 5): Promise<number> {
  const times: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const start = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  return median(times);
}

/** Median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const benchDir = dirname(fileURLToPath(import.meta.url));
const resultsPath = join(benchDir, 'results.json');
const markdownPath = join(benchDir, 'RESULTS.md');

interface StoredResult extends WorkloadResult {
  title: string;
  measuredAt: string;
}

/** Merges results into results.json (metrics per id) and rewrites RESULTS.md. */
export function recordResults(results: Array<{ workload: Workload; result: WorkloadResult }>): void {
  const detailsPath = join(benchDir, 'results-details.json');
  const details: Record<string, StoredResult> = existsSync(detailsPath) ? JSON.parse(readFileSync(detailsPath, 'utf8')) : {};
  const now = new Date().toISOString();
  for (const { workload, result } of results) {
    details[workload.id] = { ...result, title: workload.title, measuredAt: now };
  }
  const ids = Object.keys(details).sort(compareIds);
  const flat: Record<string, Record<string, number>> = {};
  for (const id of ids) flat[id] = details[id]!.metrics;
  writeFileSync(resultsPath, JSON.stringify(flat, null, 2) + '\n');
  writeFileSync(detailsPath, JSON.stringify(Object.fromEntries(ids.map((id) => [id, details[id]])), null, 2) + '\n');
  writeFileSync(markdownPath, renderMarkdown(ids.map((id) => [id, details[id]!] as const)));
}

function compareIds(a: string, b: string): number {
  const pa = /^([A-Za-z-]+)(\d*)$/.exec(a);
  const pb = /^([A-Za-z-]+)(\d*)$/.exec(b);
  if (pa && pb && pa[1] === pb[1] && pa[2] && pb[2]) return Number(pa[2]) - Number(pb[2]);
  return a.localeCompare(b);
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toPrecision(3);
}

function renderMarkdown(rows: ReadonlyArray<readonly [string, StoredResult]>): string {
  const lines = [
    '# Benchmark results',
    '',
    'Written by `npm run bench` (see `bench/README.md`); numbers are from the machine that ran it',
    '(2 cores, Node 20). The reference column is the figure the workload is compared with.',
    '',
    '| id | workload | result | reference | ratio | measured |',
    '|---|---|---|---|---|---|',
  ];
  for (const [id, r] of rows) {
    const value = r.metrics[r.primary];
    const ref = r.reference;
    const ratio = ref && value !== undefined && ref.value > 0 ? `${formatNumber(value / ref.value)}×` : '';
    lines.push(
      `| ${id} | ${r.title} | ${value === undefined ? '' : formatNumber(value)} ${r.unit} | ` +
        `${ref ? `${formatNumber(ref.value)} (${ref.label})` : ''} | ${ratio} | ${r.measuredAt.slice(0, 10)} |`,
    );
  }
  for (const [id, r] of rows) {
    if (r.markdown) lines.push('', `## ${id}: ${r.title}`, '', r.markdown.trim());
  }
  return lines.join('\n') + '\n';
}
