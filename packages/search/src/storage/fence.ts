/**
 * Fencing: the one rule every storage applies before a trial write (see `storage.ts`). A write that
 * carries a lease applies only while the trial is `running` under that lease; a worker whose lease
 * was lost (the trial expired and was handed out again, or it ended) gets a `StaleTrialError` and
 * nothing is merged. An ended trial never changes status again, so completion counters stay exact.
 */
import { StaleTrialError, TrialError } from '../errors.js';
import type { LeaseCheck, TrialStatus, TrialUpdate } from './storage.js';

/** Statuses a trial never leaves. */
export const ENDED: readonly TrialStatus[] = ['completed', 'infeasible', 'failed'];

/** What a write does to a trial, decided by {@link fenceWrite}. */
export interface WritePlan {
  /** `'apply'`: write it; `'already'`: a retry of a write that was applied under the same lease. */
  outcome: 'apply' | 'already';
  /** `pending` → `running`: the trial is claimed under a new lease. */
  claim: boolean;
  /** `running` → `pending`: the lease is given up (the trial will be handed out again). */
  release: boolean;
  /** The trial becomes `completed` now (takes the next `completedSeq`). */
  complete: boolean;
}

/** Decides a write to trial `id` whose stored status and lease are `current`; throws when it is refused. */
export function fenceWrite(
  study: string,
  id: number,
  current: { status: TrialStatus; lease: number },
  update: TrialUpdate,
  check?: LeaseCheck,
): WritePlan {
  const to = update.status;
  if (check) {
    if (current.status !== 'running' || current.lease !== check.lease) {
      const retried = current.lease === check.lease && to !== undefined && to === current.status && ENDED.includes(to);
      if (retried) return { outcome: 'already', claim: false, release: false, complete: false };
      throw new StaleTrialError(study, id, check.lease, current);
    }
  } else if (ENDED.includes(current.status) && to !== undefined && to !== current.status) {
    throw new TrialError(
      `trial ${id} of study ${JSON.stringify(study)} is ${current.status}; an ended trial does not change status (asked: ${to})`,
      id,
    );
  }
  return {
    outcome: 'apply',
    claim: to === 'running' && current.status === 'pending',
    release: to === 'pending' && current.status === 'running',
    complete: to === 'completed' && current.status !== 'completed',
  };
}

/** Refuses a measurement unless the trial runs under `check.lease` (no check: any trial that is not ended). */
export function fenceMeasurement(study: string, id: number, current: { status: TrialStatus; lease: number }, check?: LeaseCheck): void {
  if (check && (current.status !== 'running' || current.lease !== check.lease)) throw new StaleTrialError(study, id, check.lease, current);
}
