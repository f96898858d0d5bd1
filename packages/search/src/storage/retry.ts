/**
 * Retrying transient database errors: a dropped connection (`ECONNRESET`, "Connection terminated
 * unexpectedly"), a server shutting down or starting (`57P01`–`57P03`), connection failures
 * (class `08`), serialization failures and deadlocks (`40001`, `40P01`), too many connections
 * (`53300`). Each retry waits a random time up to `baseMs · 2^attempt` (capped at `maxMs`: "full
 * jitter", so workers that lost the server together do not come back together). After `retries`
 * retries the error surfaces as a catchable {@link StorageError} whose `cause` is the last error.
 * Other errors are not retried.
 */
import { SearchError, StorageError } from '../errors.js';

/** Retry settings; the defaults ride out a server restart of ~15 s. */
export interface RetryOptions {
  /** Retries after the first attempt (default 8). */
  retries?: number;
  /** First backoff ceiling in ms (default 100). */
  baseMs?: number;
  /** Largest backoff ceiling in ms (default 5 000). */
  maxMs?: number;
}

const TRANSIENT_CODES = new Set([
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '08P01',
  '40001',
  '40P01',
  '53300',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTCONN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);
const TRANSIENT_MESSAGE =
  /connection terminated|connection error|not queryable|timeout exceeded when trying to connect|terminating connection|the database system is (starting up|shutting down)|server closed the connection/i;

/** Whether an error is worth retrying (see the module comment). */
export function isTransient(error: unknown): boolean {
  if (error instanceof SearchError) return false;
  const e = error as { code?: unknown; message?: unknown } | null;
  if (!e) return false;
  return (
    (typeof e.code === 'string' && TRANSIENT_CODES.has(e.code)) || (typeof e.message === 'string' && TRANSIENT_MESSAGE.test(e.message))
  );
}

/** Runs `attempt` until it succeeds, retrying transient errors (see the module comment). */
export async function withRetry<R>(
  what: string,
  attempt: () => Promise<R>,
  options: RetryOptions = {},
  onRetry?: (error: unknown) => void,
): Promise<R> {
  const retries = options.retries ?? 8;
  const baseMs = options.baseMs ?? 100;
  const maxMs = options.maxMs ?? 5000;
  for (let n = 0; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (error instanceof SearchError) throw error;
      const transient = isTransient(error);
      if (!transient || n >= retries) {
        const why = transient ? `still failing after ${retries} retries` : 'failed';
        throw new StorageError(`${what} ${why}: ${(error as Error)?.message ?? String(error)}`, 'storage', { cause: error });
      }
      onRetry?.(error);
      const ceiling = Math.min(maxMs, baseMs * 2 ** n);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
    }
  }
}
