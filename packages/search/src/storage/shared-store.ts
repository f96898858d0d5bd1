/**
 * The durable-storage extension of {@link StudyStorage}: what lets many workers (processes, machines)
 * share one study and lets a study survive a crash. The hand-out protocol (`acquireTrial`,
 * `requeueStale`) is every storage's (see `storage.ts`); here it runs across processes:
 *
 * - `acquireTrial` hands out the next trial atomically across workers (one transaction, see
 *   `sql-steps.ts`), so no two workers create the same trial id and the study never grows past
 *   `maxTrials`.
 * - **Leases.** Each hand-out is a claim with a new lease (fencing, see `fence.ts`): the worker's
 *   writes carry it, and once the trial was handed to someone else they are refused with
 *   `StaleTrialError`. A claim lives `staleMs` past the worker's last heartbeat. Heartbeats come from
 *   a worker thread (`heartbeat.ts`) every `heartbeatMs`, so a long synchronous evaluation does not
 *   starve them; a worker process that dies, is frozen (SIGSTOP) or loses the database for longer
 *   than `staleMs` loses its trials. Liveness is judged by the lease alone, never by host or PID.
 * - **Reaping.** Expired trials go back to `pending` whenever a process acquires a trial, opens
 *   the study (`Study.create`, `tsglove study show`, the dashboard) or runs `tsglove study reap`.
 * - `listStudies` and `close` serve the CLI and dashboard.
 */
import type { StudyRecord, StudyStorage } from './storage.js';

export type { AcquiredTrial, AcquireOptions, ProposeContext } from './storage.js';

/** Summary row of `listStudies`. */
export interface StudySummary extends StudyRecord {
  numTrials: number;
  numCompleted: number;
}

/** Lease settings of a durable storage (see the module comment). */
export interface HeartbeatOptions {
  /** How often this worker's heartbeat thread extends its leases (ms, default 10 000). */
  heartbeatMs?: number;
  /**
   * How long a claim of this worker lives past its last heartbeat (ms, default 60 000): when its
   * process has died, been frozen, or lost the database for this long, its trials are handed out
   * again. Keep it several `heartbeatMs` long.
   */
  staleMs?: number;
  /**
   * An acquire scans for expired trials only if this worker has not scanned for this long (ms,
   * default 0: every acquire). A lighter acquire path for many workers with short trials; expired
   * trials are then re-queued up to this much later.
   */
  reapEveryMs?: number;
}

/** A storage many workers can share (SQLite file, PostgreSQL server); see the module comment. */
export interface SharedStudyStorage extends StudyStorage {
  /** Where it lives, e.g. `sqlite:./study.db` (no password). */
  readonly url: string;
  /** This worker's id (`host:pid:token`). */
  readonly workerId: string;
  listStudies(): Promise<StudySummary[]>;
  /** Deletes a study with its trials and measurements (one transaction); false if there is none of that name. */
  deleteStudy(name: string): Promise<boolean>;
  /** Stops heartbeats and closes the connection(s). */
  close(): Promise<void>;
}

/** Whether a storage is a {@link SharedStudyStorage} (a database that outlives the process). */
export function isSharedStorage(storage: StudyStorage): storage is SharedStudyStorage {
  const s = storage as Partial<SharedStudyStorage>;
  return typeof s.url === 'string' && typeof s.close === 'function' && typeof s.listStudies === 'function';
}

/** Defaults of {@link HeartbeatOptions}. */
export const DEFAULT_HEARTBEAT_MS = 10_000;
export const DEFAULT_STALE_MS = 60_000;
