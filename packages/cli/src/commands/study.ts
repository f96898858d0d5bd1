/**
 * `tsglove study list|show|export|reap <storage> ...`: read a study database. `list` and `export`
 * only read; `show` and `reap` also hand expired trials (a dead worker's) back to the queue.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readStudyRecords, redactUrl, scalarReward, type TrialRecord } from '@tsglove/search';
import { CliError, EXIT, positiveInt, usageError } from '../errors.js';
import { formatNumber, table, type CliIO } from '../io.js';
import { openReadable } from '../storage.js';
import { dnaText, paramsText, trialRows, trialsCsv, trialsJsonLines } from './trial-table.js';

function rewardText(t: TrialRecord): string {
  if (t.reward === undefined) return '';
  return Array.isArray(t.reward) ? `[${t.reward.map(formatNumber).join(', ')}]` : formatNumber(t.reward as number);
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
      rows.push([
        s.name,
        s.algorithm,
        String(s.seed),
        s.numTrials,
        s.numCompleted,
        Number.isNaN(best) ? '-' : formatNumber(best),
        when(s.createdAt),
      ]);
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
    if (!(await storage.getStudy(name)))
      throw new CliError(
        `no study named ${JSON.stringify(name)} in ${redactUrl(url)} (see \`tsglove study list ${redactUrl(url)}\`)`,
        EXIT.failure,
      );
    const reaped = await storage.requeueStale(name);
    io.stdout.write(
      reaped.length === 0
        ? `study ${JSON.stringify(name)}: no expired trials\n`
        : `study ${JSON.stringify(name)}: re-queued ${reaped.length} expired trial(s): ${reaped.join(', ')}\n`,
    );
    return EXIT.ok;
  } finally {
    await storage.close();
  }
}

/** `study show <storage> <name> [--limit N]`. */
export async function studyShow(url: string, name: string, flags: { limit?: string }, io: CliIO): Promise<number> {
  const storage = await openReadable(url, io.cwd ?? process.cwd());
  try {
    if (!(await storage.getStudy(name)))
      throw new CliError(
        `no study named ${JSON.stringify(name)} in ${redactUrl(url)} (see \`tsglove study list ${redactUrl(url)}\`)`,
        EXIT.failure,
      );
    const reaped = await storage.requeueStale(name);
    if (reaped.length > 0) io.stderr.write(`re-queued ${reaped.length} expired trial(s): ${reaped.join(', ')}\n`);
    const { study, trials } = (await readStudyRecords(storage, name))!;
    const limit = flags.limit === undefined ? Infinity : positiveInt('--limit', flags.limit);
    io.stdout.write(
      `study ${JSON.stringify(name)}: ${study.algorithm} (seed ${study.seed}), created ${when(study.createdAt)} UTC, ${trials.length} trials\n`,
    );
    const meta = Object.entries(study.metadata).filter(([, v]) => v !== undefined);
    if (meta.length) io.stdout.write(`metadata: ${JSON.stringify(Object.fromEntries(meta))}\n`);
    io.stdout.write('\n');
    const shown = trials.slice(0, limit);
    const withMetrics = shown.some((t) => t.metrics && Object.keys(t.metrics).length > 0);
    const withParams = shown.some((t) => paramsText(t) !== '');
    const header = ['id', 'status', 'reward', ...(withMetrics ? ['metrics'] : []), ...(withParams ? ['params'] : []), 'dna', 'reason'];
    const rows = shown.map((t) => [
      t.id,
      t.status,
      rewardText(t),
      ...(withMetrics ? [metricsText(t)] : []),
      ...(withParams ? [paramsText(t)] : []),
      dnaText(t.dna),
      t.reason ?? '',
    ]);
    io.stdout.write(table(header, rows));
    if (shown.length < trials.length) io.stdout.write(`... ${trials.length - shown.length} more (use --limit)\n`);
    return EXIT.ok;
  } finally {
    await storage.close();
  }
}

/** Export formats of `study export`. */
export const EXPORT_FORMATS = ['csv', 'json', 'jsonl'] as const;

/**
 * `study export <storage> <name> --format csv|json|jsonl [--output file]`: one column per objective,
 * metric and parameter (see `trial-table.ts`); JSON also holds the study record and each trial's
 * measurements (its learning curve).
 */
export async function studyExport(url: string, name: string, flags: { format: string; output?: string }, io: CliIO): Promise<number> {
  if (!(EXPORT_FORMATS as readonly string[]).includes(flags.format))
    throw usageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}, got ${JSON.stringify(flags.format)}`);
  const storage = await openReadable(url, io.cwd ?? process.cwd());
  try {
    const records = await readStudyRecords(storage, name);
    if (!records)
      throw new CliError(
        `no study named ${JSON.stringify(name)} in ${redactUrl(url)} (see \`tsglove study list ${redactUrl(url)}\`)`,
        EXIT.failure,
      );
    const { study, trials } = records;
    let text: string;
    if (flags.format === 'csv') text = trialsCsv(trials, study);
    else if (flags.format === 'jsonl') text = trialsJsonLines(trials, study);
    else {
      const { columns, rows } = trialRows(trials, study);
      const withCurves = rows.map((row, i) => ({ ...row, measurements: trials[i]!.measurements }));
      text = JSON.stringify({ study, columns, trials: withCurves }, null, 2) + '\n';
    }
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
