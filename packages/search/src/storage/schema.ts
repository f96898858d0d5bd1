/**
 * What the durable storages (SQLite, PostgreSQL) share: the schema (same tables and columns on both,
 * SQL types spelled per dialect), its version and migrations, the JSON codec of stored values, the
 * row ↔ record mapping, and worker identity (for heartbeats and re-queuing a dead worker's trials).
 *
 * Tables (schema version {@link SCHEMA_VERSION}):
 * - `tsglove_meta(key, value)`: `format` = `tsglove-study-storage`, `schema_version`;
 * - `tsglove_studies(name, algorithm, seed, created_at, metadata, num_trials, num_completed)`;
 * - `tsglove_trials(study, id, dna, status, reward, metrics, reason, completed_seq, created_at,
 *   updated_at, completed_at, metadata, worker, heartbeat_at, lease, lease_until)`: `lease` counts
 *   the claims of the trial (the fencing token, see `fence.ts`), `lease_until` is when the current
 *   claim expires unless its worker's heartbeat extends it (ms since the epoch, the database's clock);
 * - `tsglove_measurements(study, trial_id, seq, data)`.
 * JSON columns are text written by {@link encodeJSON} (non-finite numbers and -0 survive).
 */
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { format, type DNASpec } from '@tsglove/symbolic';
import { StorageError } from '../errors.js';
import type { Measurement, StudyRecord, TrialRecord, TrialStatus } from './storage.js';

/** The schema version this code writes (and the newest it reads). */
export const SCHEMA_VERSION = 2;
/** The `format` value of `tsglove_meta`: tells our databases from foreign ones. */
export const FORMAT = 'tsglove-study-storage';

/** SQL dialects the schema is written for. */
export type Dialect = 'sqlite' | 'postgres';

/** Statements that bring a database from version `from - 1` to `from`, per dialect. */
export interface Migration {
  version: number;
  statements(dialect: Dialect): string[];
}

/** Migrations in order; version 1 creates the tables. A later version appends a step here. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    statements: (d) => {
      const big = d === 'postgres' ? 'BIGINT' : 'INTEGER';
      const dbl = d === 'postgres' ? 'DOUBLE PRECISION' : 'REAL';
      return [
        `CREATE TABLE IF NOT EXISTS tsglove_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
        `CREATE TABLE IF NOT EXISTS tsglove_studies (
          name TEXT PRIMARY KEY, algorithm TEXT NOT NULL, seed TEXT NOT NULL, created_at ${big} NOT NULL,
          metadata TEXT NOT NULL, num_trials INTEGER NOT NULL DEFAULT 0, num_completed INTEGER NOT NULL DEFAULT 0)`,
        `CREATE TABLE IF NOT EXISTS tsglove_trials (
          study TEXT NOT NULL REFERENCES tsglove_studies(name), id INTEGER NOT NULL, dna TEXT NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('pending','running','completed','infeasible','failed')),
          reward TEXT, metrics TEXT, reason TEXT, completed_seq INTEGER, created_at ${big} NOT NULL,
          updated_at ${big} NOT NULL, completed_at ${big}, metadata TEXT NOT NULL, worker TEXT, heartbeat_at ${big},
          PRIMARY KEY (study, id))`,
        `CREATE INDEX IF NOT EXISTS tsglove_trials_status ON tsglove_trials (study, status, id)`,
        `CREATE TABLE IF NOT EXISTS tsglove_measurements (
          study TEXT NOT NULL, trial_id INTEGER NOT NULL, seq INTEGER NOT NULL, step ${dbl} NOT NULL, data TEXT NOT NULL,
          PRIMARY KEY (study, trial_id, seq), FOREIGN KEY (study, trial_id) REFERENCES tsglove_trials(study, id))`,
      ];
    },
  },
  {
    // Fencing and lease-based liveness: running trials of version 1 get lease 1 and a minute to live.
    version: 2,
    statements: (d) => [
      `ALTER TABLE tsglove_trials ADD COLUMN lease INTEGER NOT NULL DEFAULT 0`,
      `ALTER TABLE tsglove_trials ADD COLUMN lease_until ${d === 'postgres' ? 'BIGINT' : 'INTEGER'}`,
      `UPDATE tsglove_trials SET lease = 1, lease_until = COALESCE(heartbeat_at, updated_at) + 60000 WHERE status = 'running'`,
    ],
  },
];

/** Checks a database's `tsglove_meta` rows (or their absence) before anything is written. */
export function checkSchema(
  where: string,
  tables: readonly string[],
  meta: ReadonlyMap<string, string> | undefined,
): 'empty' | 'current' | 'migrate' {
  const ours = tables.filter((t) => t.startsWith('tsglove_'));
  if (!meta) {
    if (ours.length === 0) return 'empty';
    throw new StorageError(
      `${where}: has tables ${ours.join(', ')} but no tsglove_meta; not a tsglove study database (nothing was changed)`,
      'schema',
    );
  }
  if (meta.get('format') !== FORMAT) {
    throw new StorageError(
      `${where}: tsglove_meta.format is ${JSON.stringify(meta.get('format'))}, expected ${JSON.stringify(FORMAT)}; not a tsglove study database (nothing was changed)`,
      'schema',
    );
  }
  const version = Number(meta.get('schema_version'));
  if (!Number.isInteger(version) || version < 1) {
    throw new StorageError(
      `${where}: schema_version ${JSON.stringify(meta.get('schema_version'))} is not a version number (nothing was changed)`,
      'schema',
    );
  }
  if (version > SCHEMA_VERSION) {
    throw new StorageError(
      `${where}: schema version ${version} was written by a newer tsglove; this one reads up to version ${SCHEMA_VERSION} (nothing was changed)`,
      'schema',
    );
  }
  return version === SCHEMA_VERSION ? 'current' : 'migrate';
}

/** Statements that take a database from `version` (0: empty) to {@link SCHEMA_VERSION}. */
export function migrationStatements(dialect: Dialect, version: number): string[] {
  const out: string[] = [];
  for (const m of MIGRATIONS) if (m.version > version) out.push(...m.statements(dialect));
  return out;
}

const NUM = '$num';
const ESC = '$esc';

/** JSON text of a stored value; keeps Infinity, -Infinity, NaN and -0 (plain JSON loses them). */
export function encodeJSON(value: unknown): string {
  return JSON.stringify(value, function (this: unknown, _key, v: unknown) {
    if (typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0))) return { [NUM]: Object.is(v, -0) ? '-0' : String(v) };
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const keys = Object.keys(v);
      // An object that looks like a marker is stored as its entries (which are encoded in turn).
      if (keys.length === 1 && (keys[0] === NUM || keys[0] === ESC)) return { [ESC]: Object.entries(v) };
    }
    return v;
  });
}

/** Parses {@link encodeJSON} text; `what` names the column in the error when it is not JSON. */
export function decodeJSON(text: string, what: string): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new StorageError(`storage: ${what} holds ${JSON.stringify(text.slice(0, 60))}, which is not JSON`, what);
  }
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v === null || typeof v !== 'object') return v;
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1 && keys[0] === NUM) return o[NUM] === '-0' ? -0 : Number(o[NUM]);
    if (keys.length === 1 && keys[0] === ESC) {
      const entries = o[ESC] as Array<[string, unknown]>;
      return Object.fromEntries(entries.map(([k, x]) => [k, walk(x)]));
    }
    const out: Record<string, unknown> = {};
    for (const k of keys) out[k] = walk(o[k]);
    return out;
  };
  return walk(parsed);
}

/** A trial row as both drivers return it (numbers may come back as strings from PostgreSQL BIGINT). */
export interface TrialRow {
  study: string;
  id: number | string;
  dna: string;
  status: string;
  reward: string | null;
  metrics: string | null;
  reason: string | null;
  completed_seq: number | string | null;
  created_at: number | string;
  updated_at: number | string;
  completed_at: number | string | null;
  metadata: string;
  worker?: string | null;
  heartbeat_at?: number | string | null;
  lease: number | string;
  lease_until?: number | string | null;
}

const STATUSES: readonly TrialStatus[] = ['pending', 'running', 'completed', 'infeasible', 'failed'];

/** A {@link TrialRecord} from its row and its measurement rows (`data` column, in seq order). */
export function trialFromRow(row: TrialRow, measurements: readonly string[]): TrialRecord {
  const where = `trial ${row.study}#${row.id}`;
  if (!STATUSES.includes(row.status as TrialStatus))
    throw new StorageError(`storage: ${where} has unknown status ${JSON.stringify(row.status)}`, 'status');
  const t: TrialRecord = {
    id: Number(row.id),
    study: row.study,
    dna: decodeJSON(row.dna, `${where} dna`) as TrialRecord['dna'],
    status: row.status as TrialStatus,
    measurements: measurements.map((m) => decodeJSON(m, `${where} measurement`) as Measurement),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    metadata: decodeJSON(row.metadata, `${where} metadata`) as Record<string, unknown>,
    lease: Number(row.lease),
  };
  if (row.reward !== null) t.reward = decodeJSON(row.reward, `${where} reward`) as TrialRecord['reward'];
  if (row.metrics !== null) t.metrics = decodeJSON(row.metrics, `${where} metrics`) as Record<string, number>;
  if (row.reason !== null) t.reason = row.reason;
  if (row.completed_seq !== null) t.completedSeq = Number(row.completed_seq);
  if (row.completed_at !== null) t.completedAt = Number(row.completed_at);
  return t;
}

/** A study row as both drivers return it. */
export interface StudyRow {
  name: string;
  algorithm: string;
  seed: string;
  created_at: number | string;
  metadata: string;
}

/** A {@link StudyRecord} from its row. */
export function studyFromRow(row: StudyRow): StudyRecord {
  return {
    name: row.name,
    algorithm: row.algorithm,
    seed: decodeJSON(row.seed, `study ${row.name} seed`) as StudyRecord['seed'],
    createdAt: Number(row.created_at),
    metadata: decodeJSON(row.metadata, `study ${row.name} metadata`) as Record<string, unknown>,
  };
}

/**
 * A short key of a space's genotype (decision ids, kinds, candidates, float ranges): two spaces with
 * the same key take the same DNA. Stored with a study so resuming it with another space fails.
 */
export function spaceKey(spec: DNASpec): string {
  const parts = spec.decisionPoints.map((p) => {
    const a = p as unknown as Record<string, unknown>;
    if (p.kind === 'choice')
      return `c|${p.id}|${a.numChoices}|${(a.literals as unknown[]).map((l) => (l !== null && typeof l === 'object' ? format(l, { compact: true }) : JSON.stringify(l))).join(',')}`;
    if (p.kind === 'float') return `f|${p.id}|${a.min}|${a.max}|${a.scale}`;
    return `x|${p.id}`;
  });
  return createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 16);
}

/**
 * Who runs a trial: `host:pid:token`, stored in `worker` for people reading the table. Liveness is
 * never judged from it (PIDs are reused and namespaced): only the lease (`lease_until`) counts.
 */
export function newWorkerId(): string {
  return `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 10)}`;
}
