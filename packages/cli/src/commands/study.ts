/**
 * `tsglove study list|show|export|reap <storage> ...`: read a study database. `list` and `export`
 * only read; `show` and `reap` also hand expired trials (a dead worker's) back to the queue.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { redactUrl, scalarReward, type TrialRecord } from '@tsglove/search';
import { CliError, EXIT, positiveInt, usageError } from '../errors.js';
import { formatNumber, table, type CliIO } from '../io.js';
import { openReadable } from '../storage.js';

function rewardText(t: TrialRecord): string {
  if (t.reward === undefined) return '';
  return Array.isArray(t.reward) ? `[${t.reward.map(formatNumber).join(', ')}]` : formatNumber(t.reward as number);
}

/** A stored DNA, compactly: `[1, 2, 0.25]`, a decision with children as `value:[...]`. */
export function dnaText(json: unknown): string {
  if (!Array.isArray(json)) return json === null ? '-' : typeof json === 'number' ? formatNumber(json) : String(json);
  const [head, ...children] = json as unknown[];
  const inner = `[${children.map(dnaText).join(', ')}]`;
  return head === null ? inner : `${dnaText(head)}:${inner}`;
}

function metricsText(t: TrialRecord): string {
  return Object.entries(t.metrics ?? {})
    .map(([k, v]) => `${k}=${formatNumber(v)}`)
    .join(' ');
}

function when(ms: number | undefined): string {
  return ms === undefined ? '' : new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
}

/** `study list <storage>`. */
export async function studyList(url: string, flags: { json?: boolean }, io: CliIO): Promise<number> {
  const storage = await openReadable(url, io.cwd ?? process.cwd());
  try {
    const studies = await storage.listStudies();
    if (flags.json) {
      io.stdout.write(JSON.stringify(studies, null, 2) + '\n');
      return EXIT.ok;
    }
    if (studies.length === 0) {
      io.stdout.write(`no studies in ${redactUrl(url)}\n`);
      return EXIT.ok;
    }
    const rows = [];
    for (const s of studies) {
      const done = await storage.listTrials(s.name, { status: ['completed'] });
      const best = done.length ? Math.max(...done.map((t) => scalarReward(t.reward!))) : NaN;
      rows.push([s.name, s.algorithm, String(s.seed), s.numTrials, s.numCompleted, Number.isNaN(best) ? '-' : formatNumber(best), when(s.createdAt)]);
    }
    io.stdout.write(table(['study', 'algorithm', 'seed', 'trials', 'completed', 'best', 'created (UTC)'], rows));
    return EXIT.ok;
  } finally {
    await storage.close();
  }
}

/** `study reap <storage> <name>`: re-queues the study's expired trials and prints their ids. */
export async function studyReap(url: string, name: string, io: CliIO): Promise<number> {
  const storage = await openReadable(url, io.cwd ?? process.cwd());
  try {
    if (!(await storage.getStudy(name))) throw new CliError(`no study named ${JSON.stringify(name)} in ${redactUrl(url)} (see \`tsglove study list ${redactUrl(url)}\`)`, EXIT.failure);
    const reaped = await storage.requeueStale(name);
    io.stdout.write(reaped.length === 0 ? `study ${JSON.stringify(name)}: no expired trials\n` : `study ${JSON.stringify(name)}: re-queued ${reaped.length} expired trial(s): ${reaped.join(', ')}\n`);
    return EXIT.ok;
  } finally {
    await storage.close();
  }
}

/** `study show <storage> <name> [--limit N]`. */
export async function studyShow(url: string, name: string, flags: { limit?: string }, io: CliIO): Promise<number> {
  const storage = await openReadable(url, io.cwd ?? process.cwd());
  try {
    const study = await storage.getStudy(name);
    if (!study) throw new CliError(`no study named ${JSON.stringify(name)} in ${redactUrl(url)} (see \`tsglove study list ${redactUrl(url)}\`)`, EXIT.failure);
    const reaped = await storage.requeueStale(name);
    if (reaped.length > 0) io.stderr.write(`re-queued ${reaped.length} expired trial(s): ${reaped.join(', ')}\n`);
    const trials = await storage.listTrials(name);
    const limit = flags.limit === undefined ? Infinity : positiveInt('--limit', flags.limit);
    io.stdout.write(`study ${JSON.stringify(name)}: ${study.algorithm} (seed ${study.seed}), created ${when(study.createdAt)} UTC, ${trials.length} trials\n`);
    const meta = Object.entries(study.metadata).filter(([, v]) => v !== undefined);
    if (meta.length) io.stdout.write(`metadata: ${JSON.stringify(Object.fromEntries(meta))}\n`);
    io.stdout.write('\n');
    const shown = trials.slice(0, limit);
    const withMetrics = shown.some((t) => t.metrics && Object.keys(t.metrics).length > 0);
    const header = ['id', 'status', 'reward', ...(withMetrics ? ['metrics'] : []), 'dna', 'reason'];
    const rows = shown.map((t) => [t.id, t.status, rewardText(t), ...(withMetrics ? [metricsText(t)] : []), dnaText(t.dna), t.reason ?? '']);
    io.stdout.write(table(header, rows));
    if (shown.length < trials.length) io.stdout.write(`... ${trials.length - shown.length} more (use --limit)\n`);
    return EXIT.ok;
  } finally {
    await storage.close();
  }
}

function csvCell(v: unknown): string {
  const s = v === undefined || v === null ? '' : typeof v === 'string' ? v : typeof v === 'number' ? String(v) : JSON.stringify(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Trials as CSV: one column per objective and per metric, the DNA as JSON. */
export function trialsCsv(trials: readonly TrialRecord[]): string {
  const arity = Math.max(1, ...trials.map((t) => (Array.isArray(t.reward) ? t.reward.length : 1)));
  const metricNames = [...new Set(trials.flatMap((t) => Object.keys(t.metrics ?? {})))].sort();
  const rewardCols = arity === 1 ? ['reward'] : Array.from({ length: arity }, (_, i) => `reward_${i}`);
  const header = ['id', 'status', ...rewardCols, ...metricNames.map((m) => `metric_${m}`), 'dna', 'reason', 'created_at', 'completed_at'];
  const lines = [header.join(',')];
  for (const t of trials) {
    const rewards = t.reward === undefined ? rewardCols.map(() => '') : Array.isArray(t.reward) ? rewardCols.map((_, i) => (t.reward as number[])[i]) : [t.reward];
    lines.push(
      [t.id, t.status, ...rewards, ...metricNames.map((m) => t.metrics?.[m]), JSON.stringify(t.dna), t.reason, t.createdAt && new Date(t.createdAt).toISOString(), t.completedAt && new Date(t.completedAt).toISOString()]
        .map(csvCell)
        .join(','),
    );
  }
  return lines.join('\n') + '\n';
}

/** `study export <storage> <name> --format csv|json [--output file]`. */
export async function studyExport(url: string, name: string, flags: { format: string; output?: string }, io: CliIO): Promise<number> {
  if (flags.format !== 'csv' && flags.format !== 'json') throw usageError(`--format must be csv or json, got ${JSON.stringify(flags.format)}`);
  const storage = await openReadable(url, io.cwd ?? process.cwd());
  try {
    const study = await storage.getStudy(name);
    if (!study) throw new CliError(`no study named ${JSON.stringify(name)} in ${redactUrl(url)} (see \`tsglove study list ${redactUrl(url)}\`)`, EXIT.failure);
    const trials = await storage.listTrials(name);
    const text = flags.format === 'csv' ? trialsCsv(trials) : JSON.stringify({ study, trials }, null, 2) + '\n';
    if (flags.output) {
      writeFileSync(resolve(io.cwd ?? process.cwd(), flags.output), text);
      io.stderr.write(`wrote ${trials.length} trials to ${flags.output}\n`);
    } else {
      io.stdout.write(text);
    }
    return EXIT.ok;
  } finally {
    await storage.close();
  }
}
