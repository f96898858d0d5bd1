/**
 * SQLite {@link SharedStudyStorage} (better-sqlite3): the embedded default. One file in WAL mode
 * with `synchronous = FULL`, so a trial is on disk before `createTrial`/`acquireTrial` resolve and
 * a result before `updateTrial` does. Several processes may share the file: writes are `BEGIN
 * IMMEDIATE` transactions (waiting up to `busyTimeoutMs` for the lock; past it, a
 * {@link StorageError}). Leases are kept alive by a heartbeat thread (`heartbeat.ts`) whose own
 * short busy timeout means a locked file delays a beat, never the process.
 *
 * Opening never changes a file that is not ours: a file without the SQLite header, a SQLite file
 * with other tables, or one written by a newer schema is refused with a {@link StorageError}
 * before anything is written. A damaged file (SQLite's "database disk image is malformed", at open
 * or later) is a {@link StorageError} naming the file and the fix: a backup, or `sqlite3 .recover`.
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { StorageError } from '../errors.js';
import { LeaseKeeper } from './heartbeat.js';
import { checkSchema, FORMAT, migrationStatements, newWorkerId, SCHEMA_VERSION } from './schema.js';
import { DEFAULT_HEARTBEAT_MS, DEFAULT_STALE_MS, type HeartbeatOptions } from './shared-store.js';
import { SQLITE, type Row, type Steps } from './sql-steps.js';
import { SqlStudyStorage, type TransactionKind } from './sql-storage.js';

/** Options of {@link openSqlite}. */
export interface SqliteOptions extends HeartbeatOptions {
  /** How long a write waits for another process's lock (ms, default 10 000). */
  busyTimeoutMs?: number;
  /** Fail instead of creating a new file or writing a schema into an empty one (readers: `tsglove study`, the dashboard). */
  fileMustExist?: boolean;
}

const HEADER = 'SQLite format 3\0';

function hasSqliteHeader(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(16);
    const n = readSync(fd, buf, 0, 16, 0);
    return n === 16 && buf.toString('latin1') === HEADER;
  } finally {
    closeSync(fd);
  }
}

/** Opens (creating if needed) the study database at `path`; see the module comment. */
export function openSqlite(path: string, options: SqliteOptions = {}): SqliteStorage {
  const where = `sqlite:${path}`;
  if (options.fileMustExist && !existsSync(path)) throw new StorageError(`${where}: no such file`, 'url');
  if (existsSync(path) && statSync(path).isDirectory()) {
    throw new StorageError(
      `${where}: is a directory; give the path of a database file, e.g. sqlite:${path.replace(/\/+$/, '')}/study.db`,
      'url',
    );
  }
  if (existsSync(path) && statSync(path).size > 0 && !hasSqliteHeader(path)) {
    throw new StorageError(`${where}: not a SQLite database (no SQLite header); nothing was changed`, 'url');
  }
  let db: Database.Database;
  try {
    db = new Database(path, { timeout: options.busyTimeoutMs ?? 10_000 });
  } catch (error) {
    throw new StorageError(`${where}: cannot open: ${(error as Error).message}`, 'url');
  }
  try {
    const state = inspect(db, where);
    if (state === 'empty' && options.fileMustExist) {
      throw new StorageError(`${where}: not a tsglove study database (an empty file with no study tables); nothing was changed`, 'url');
    }
    if (state !== 'current') {
      db.pragma('journal_mode = WAL');
      db.transaction(() => {
        const again = inspect(db, where); // another process may have migrated meanwhile
        if (again === 'current') return;
        const version =
          again === 'empty'
            ? 0
            : Number((db.prepare(`SELECT value FROM tsglove_meta WHERE key = 'schema_version'`).get() as { value: string }).value);
        for (const sql of migrationStatements('sqlite', version)) db.exec(sql);
        const put = db.prepare(
          `INSERT INTO tsglove_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
        );
        put.run('format', FORMAT);
        put.run('schema_version', String(SCHEMA_VERSION));
      }).immediate();
    } else {
      db.pragma('journal_mode = WAL');
    }
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
  } catch (error) {
    db.close();
    if (error instanceof StorageError) throw error;
    const damaged = damagedFileError(where, error, '; nothing was changed');
    if (damaged !== error) throw damaged;
    throw new StorageError(`${where}: not a usable SQLite study database: ${(error as Error).message}; nothing was changed`, 'url');
  }
  return new SqliteStorage(db, where, { ...options, path });
}

function inspect(db: Database.Database, where: string): 'empty' | 'current' | 'migrate' {
  const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map((r) => r.name);
  if (tables.length > 0 && !tables.includes('tsglove_meta')) {
    throw new StorageError(
      `${where}: a SQLite database with other tables (${tables.slice(0, 5).join(', ')}); not a tsglove study database, nothing was changed`,
      'url',
    );
  }
  const meta = tables.includes('tsglove_meta')
    ? new Map((db.prepare(`SELECT key, value FROM tsglove_meta`).all() as { key: string; value: string }[]).map((r) => [r.key, r.value]))
    : undefined;
  return checkSchema(where, tables, meta);
}

/**
 * A damaged file ("database disk image is malformed") as a {@link StorageError} that names the file
 * and the fix; other errors unchanged.
 */
export function damagedFileError(where: string, error: unknown, note = ''): unknown {
  const code = (error as { code?: string }).code ?? '';
  if (!code.startsWith('SQLITE_CORRUPT')) return error;
  const path = where.slice('sqlite:'.length);
  return new StorageError(
    `${where}: the database file is damaged (${(error as Error).message})${note}. Restore it from a backup, or recover what is ` +
      `readable into a new file with \`sqlite3 ${path} .recover | sqlite3 recovered.db\` and open that one`,
    'url',
    { cause: error },
  );
}

/** A study database in one SQLite file (see the module comment). */
export class SqliteStorage extends SqlStudyStorage {
  private readonly busyTimeoutMs: number;
  private readonly statements = new Map<string, Database.Statement>();

  /** @internal Made by {@link openSqlite} (the database type is not part of the public declarations). */
  constructor(
    private readonly db: Database.Database,
    url: string,
    options: SqliteOptions & { path?: string } = {},
  ) {
    const staleMs = options.staleMs ?? DEFAULT_STALE_MS;
    const heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
    const busyTimeoutMs = options.busyTimeoutMs ?? 10_000;
    // The thread's busy timeout stays below a beat: a locked file costs a beat, not the lease.
    const keeper =
      options.path === undefined
        ? undefined
        : new LeaseKeeper(
            { kind: 'sqlite', path: options.path, busyTimeoutMs: Math.max(20, Math.min(busyTimeoutMs, Math.floor(heartbeatMs / 2))) },
            { heartbeatMs, staleMs },
          );
    super(SQLITE, url, newWorkerId(), options, keeper);
    this.busyTimeoutMs = busyTimeoutMs;
  }

  /** Runs the steps synchronously, each statement prepared once per storage. */
  private run<R>(steps: Steps<R>): R {
    let step = steps.next();
    while (!step.done) {
      const { sql, params } = step.value;
      let stmt = this.statements.get(sql);
      if (!stmt) this.statements.set(sql, (stmt = this.db.prepare(sql)));
      const rows = stmt.reader ? (stmt.all(...params) as Row[]) : (stmt.run(...params), []);
      step = steps.next(rows);
    }
    return step.value;
  }

  /** One transaction (a write one takes the lock at once); a lock held past `busyTimeoutMs` or a damaged file is a {@link StorageError}. */
  protected async transact<R>(_what: string, kind: TransactionKind, make: () => Steps<R>): Promise<R> {
    try {
      const tx = this.db.transaction(() => this.run(make()));
      return kind === 'write' ? tx.immediate() : tx.deferred();
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
        throw new StorageError(
          `storage ${this.url}: the database stayed locked by another process for more than busyTimeoutMs (${this.busyTimeoutMs} ms); try again`,
          'url',
          { cause: error },
        );
      }
      throw damagedFileError(this.url, error);
    }
  }

  protected async disconnect(): Promise<void> {
    this.db.close();
  }
}
