/**
 * PostgreSQL {@link SharedStudyStorage} (`pg`): many workers on many machines share a study by
 * name. Pending trials (re-queued from dead workers) are claimed with `SELECT … FOR UPDATE SKIP
 * LOCKED`, so concurrent workers never take the same one; new trials are numbered while the
 * study's row is locked, so ids are unique and the study stops at `maxTrials`. Each claim carries a
 * lease (fencing, `fence.ts`) that a heartbeat thread (`heartbeat.ts`) extends; a trial whose lease
 * expired (times on the server's clock) is re-queued by the next process that asks for a trial,
 * opens the study, or reaps it. Every pooled client has an `'error'` listener, and transient errors
 * (dropped connections, a server restart, serialization failures) are retried with backoff and
 * jitter (`retry.ts`), then surface as a catchable {@link StorageError}.
 *
 * URL: `postgres://user:pass@host:port/db?schema=name` — `schema` (default `public`) is created if
 * missing and holds the `tsglove_*` tables (see `schema.ts`); other tables in it are left alone.
 */
import type pg from 'pg';
import { loadPg } from './load-pg.js';
import { SearchError, StorageError } from '../errors.js';
import { LeaseKeeper } from './heartbeat.js';
import { withRetry, type RetryOptions } from './retry.js';
import { checkSchema, FORMAT, migrationStatements, newWorkerId, SCHEMA_VERSION } from './schema.js';
import { DEFAULT_HEARTBEAT_MS, DEFAULT_STALE_MS, type HeartbeatOptions } from './shared-store.js';
import { POSTGRES, type Row, type Steps } from './sql-steps.js';
import { SqlStudyStorage, type TransactionKind } from './sql-storage.js';

/** Options of {@link openPostgres}. */
export interface PostgresOptions extends HeartbeatOptions {
  /** Connections in this worker's pool (default 4). */
  poolSize?: number;
  /** Retries of transient errors (see `retry.ts`; default 8 retries, 100 ms to 5 s backoff). */
  retry?: RetryOptions;
}

/**
 * The URL without its credentials, for messages and pages: the password (`user:***@`) and secret
 * query parameters (`password`, `sslkey`, `sslpassword`...). Text that is not a URL is returned with
 * any `scheme://user:pass@` inside it redacted, so error messages that quote a URL are safe too.
 */
export function redactUrl(url: string): string {
  const masked = url.replace(/([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*):[^@\s]*@/gi, '$1:***@');
  return masked.replace(/([?&](?:password|pass|pwd|sslpassword|sslkey|secret|token)=)[^&\s]*/gi, '$1***');
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** Connects to the server at `url`, creating or migrating the schema; see the module comment. */
export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<PostgresStorage> {
  const where = redactUrl(url);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new StorageError(`${where}: not a URL (expected postgres://user@host:port/database)`, 'url');
  }
  const schema = parsed.searchParams.get('schema') ?? 'public';
  if (!IDENT.test(schema)) throw new StorageError(`${where}: schema ${JSON.stringify(schema)} is not a plain SQL identifier`, 'url');
  parsed.searchParams.delete('schema');
  const { Pool } = await loadPg(where);
  const connectionString = parsed.toString();
  const workerId = newWorkerId();
  // The application name names the worker in pg_stat_activity (operators, and the fault tests, find its connections).
  const application_name = `tsglove ${workerId}`.slice(0, 63);
  const pool = new Pool({
    connectionString,
    application_name,
    max: options.poolSize ?? 4,
    options: `-c search_path=${schema}`,
    connectionTimeoutMillis: 10_000,
  });
  pool.on('error', () => undefined); // an idle client's error surfaces on the next query
  try {
    await withRetry(
      `${where}: opening the study database`,
      async () => {
        const c = await pool.connect();
        const onError = () => undefined; // a dropped connection fails the query in flight instead of the process
        c.on('error', onError);
        let broken = false;
        try {
          await c.query('BEGIN');
          await c.query(`SELECT pg_advisory_xact_lock(hashtext('tsglove-schema:' || $1))`, [schema]);
          await c.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
          const tables = (await c.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1`, [schema])).rows.map(
            (r) => r.table_name as string,
          );
          const meta = tables.includes('tsglove_meta')
            ? new Map((await c.query(`SELECT key, value FROM tsglove_meta`)).rows.map((r) => [r.key as string, r.value as string]))
            : undefined;
          const state = checkSchema(where, tables, meta);
          if (state !== 'current') {
            for (const sql of migrationStatements('postgres', state === 'empty' ? 0 : Number(meta!.get('schema_version'))))
              await c.query(sql);
            const put = `INSERT INTO tsglove_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value`;
            await c.query(put, ['format', FORMAT]);
            await c.query(put, ['schema_version', String(SCHEMA_VERSION)]);
          }
          await c.query('COMMIT');
        } catch (error) {
          broken = true;
          await c.query('ROLLBACK').catch(() => undefined);
          throw error;
        } finally {
          c.removeListener('error', onError);
          c.release(broken);
        }
      },
      options.retry,
    );
  } catch (error) {
    await pool.end().catch(() => undefined);
    if (error instanceof StorageError && !error.cause) throw error;
    throw new StorageError(`${where}: cannot open the study database: ${(error as Error).message}`, 'url', { cause: error });
  }
  return new PostgresStorage(pool, where, { ...options, connectionString, schema, workerId, applicationName: application_name });
}

/** A study database on a PostgreSQL server (see the module comment). */
export class PostgresStorage extends SqlStudyStorage {
  private readonly retry: RetryOptions | undefined;
  /** Transient errors retried so far (dropped connections, restarts...). */
  retries = 0;

  /** @internal Made by {@link openPostgres} (the pool type is not part of the public declarations). */
  constructor(
    private readonly pool: pg.Pool,
    url: string,
    options: PostgresOptions & { connectionString?: string; schema?: string; workerId?: string; applicationName?: string } = {},
  ) {
    const staleMs = options.staleMs ?? DEFAULT_STALE_MS;
    const keeper =
      options.connectionString === undefined
        ? undefined
        : new LeaseKeeper(
            {
              kind: 'postgres',
              connectionString: options.connectionString,
              schema: options.schema ?? 'public',
              applicationName: options.applicationName ?? 'tsglove',
            },
            { heartbeatMs: options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS, staleMs },
          );
    super(POSTGRES, url, options.workerId ?? newWorkerId(), options, keeper);
    this.retry = options.retry;
  }

  /**
   * One transaction on a pooled client (with an `'error'` listener while it is out), retried as a
   * whole on transient errors (see `retry.ts`). Reads run in a transaction too, so a multi-statement
   * read sees one snapshot.
   */
  protected transact<R>(what: string, _kind: TransactionKind, make: () => Steps<R>): Promise<R> {
    return withRetry(
      `storage ${this.url}: ${what}`,
      async () => {
        const c = await this.pool.connect();
        const onError = () => undefined; // a dropped connection fails the query in flight, not the process
        c.on('error', onError);
        let broken = false;
        try {
          await c.query('BEGIN');
          const steps = make();
          let step = steps.next();
          while (!step.done) step = steps.next((await c.query(step.value.sql, step.value.params)).rows as Row[]);
          await c.query('COMMIT');
          return step.value;
        } catch (error) {
          broken = !(error instanceof SearchError); // our own refusals leave the connection healthy
          await c.query('ROLLBACK').catch(() => undefined);
          throw error;
        } finally {
          c.removeListener('error', onError);
          c.release(broken); // a client that failed is discarded, not reused
        }
      },
      this.retry,
      () => this.retries++,
    );
  }

  protected async disconnect(): Promise<void> {
    await this.pool.end();
  }
}
