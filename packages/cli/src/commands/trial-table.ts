/**
 * A study's trials as flat rows — one column per objective, metric and parameter — for `study
 * export` (CSV, JSON, JSON lines) and `study show`. Columns: `id`, `status`, the objectives
 * (`reward`, or `reward_<objective name>` / `reward_<i>` for tuples), `metric_<name>`,
 * `param_<name>` (the decisions by name, see `@tsglove/search` params), `dna` (compact, as `study show`
 * prints it), `reason`, `created_at`, `completed_at` (ISO times). The study comes through the typed
 * reader (`storedStudy` of `@tsglove/search`), so its objective and decision names are lists of strings.
 */
import { paramsOf, type StoredStudy, type TrialRecord } from '@tsglove/search';
import { formatNumber } from '../io.js';

/** One exported trial: column name → value (numbers stay numbers; absent values are undefined). */
export type TrialRow = Record<string, string | number | boolean | null | undefined | unknown[]>;

/** A stored DNA, compactly: `[1, 2, 0.25]`, a decision with children as `value:[...]`. */
export function dnaText(json: unknown): string {
  if (!Array.isArray(json)) return json === null ? '-' : typeof json === 'number' ? formatNumber(json) : String(json);
  const [head, ...children] = json as unknown[];
  const inner = `[${children.map(dnaText).join(', ')}]`;
  return head === null ? inner : `${dnaText(head)}:${inner}`;
}

/** The column names of `trials` (see the module comment), objectives named after `study.metadata.objectives`. */
export function trialColumns(
  trials: readonly TrialRecord[],
  study?: Pick<StoredStudy, 'metadata'>,
): { rewards: string[]; metrics: string[]; params: string[]; all: string[] } {
  const arity = Math.max(1, ...trials.map((t) => (Array.isArray(t.reward) ? t.reward.length : 1)));
  const names = study?.metadata.objectives ?? [];
  const rewards = arity === 1 ? ['reward'] : Array.from({ length: arity }, (_, i) => `reward_${names.length === arity ? names[i] : i}`);
  const metrics = [...new Set(trials.flatMap((t) => Object.keys(t.metrics ?? {})))].sort();
  const seen = new Set<string>();
  // Parameters in decision order: the study's decision list first, then any others in order of appearance.
  const order = study?.metadata.decisions ?? [];
  const present = new Set(trials.flatMap((t) => Object.keys(paramsOf(t) ?? {})));
  const params: string[] = [];
  for (const p of [...order, ...present]) if (present.has(p) && !seen.has(p)) seen.add(p) && params.push(p);
  const all = [
    'id',
    'status',
    ...rewards,
    ...metrics.map((m) => `metric_${m}`),
    ...params.map((p) => `param_${p}`),
    'dna',
    'reason',
    'created_at',
    'completed_at',
  ];
  return { rewards, metrics, params, all };
}

/** The flat rows of `trials` (see the module comment). */
export function trialRows(trials: readonly TrialRecord[], study?: Pick<StoredStudy, 'metadata'>): { columns: string[]; rows: TrialRow[] } {
  const { rewards, metrics, params, all } = trialColumns(trials, study);
  const rows = trials.map((t) => {
    const row: TrialRow = { id: t.id, status: t.status };
    const r = t.reward;
    rewards.forEach((c, i) => (row[c] = r === undefined ? undefined : Array.isArray(r) ? r[i] : i === 0 ? (r as number) : undefined));
    for (const m of metrics) row[`metric_${m}`] = t.metrics?.[m];
    const p = paramsOf(t) ?? {};
    for (const name of params) row[`param_${name}`] = p[name] as TrialRow[string];
    row.dna = dnaText(t.dna);
    row.reason = t.reason;
    row.created_at = t.createdAt ? new Date(t.createdAt).toISOString() : undefined;
    row.completed_at = t.completedAt ? new Date(t.completedAt).toISOString() : undefined;
    return row;
  });
  return { columns: all, rows };
}

function csvCell(v: unknown): string {
  const s = v === undefined || v === null ? '' : typeof v === 'string' ? v : typeof v === 'number' ? String(v) : JSON.stringify(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Trials as CSV, one column per objective, metric and parameter. */
export function trialsCsv(trials: readonly TrialRecord[], study?: Pick<StoredStudy, 'metadata'>): string {
  const { columns, rows } = trialRows(trials, study);
  return [columns.join(','), ...rows.map((row) => columns.map((c) => csvCell(row[c])).join(','))].join('\n') + '\n';
}

/** Trials as JSON lines: one flat row object per line (stream-friendly; no header line). */
export function trialsJsonLines(trials: readonly TrialRecord[], study?: Pick<StoredStudy, 'metadata'>): string {
  const { rows } = trialRows(trials, study);
  return rows.map((row) => JSON.stringify(row)).join('\n') + (rows.length ? '\n' : '');
}

/** A trial's parameters for a table cell: `a=3 b=relu lr=0.01`. */
export function paramsText(t: TrialRecord): string {
  return Object.entries(paramsOf(t) ?? {})
    .map(([k, v]) => `${k}=${typeof v === 'number' ? formatNumber(v) : typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
}
