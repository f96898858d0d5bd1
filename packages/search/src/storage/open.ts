/**
 * Storage URLs → storages: `memory:` (a new in-memory storage), `sqlite:./study.db` (or a path
 * ending in `.db`/`.sqlite`), `postgres://user@host:port/db?schema=s` (also `postgresql://`).
 * Anything else is a {@link StorageError} that lists the accepted forms.
 */
import { StorageError } from '../errors.js';
import { MemoryStorage } from './memory.js';
import { openPostgres, redactUrl, type PostgresOptions } from './postgres.js';
import { openSqlite, type SqliteOptions } from './sqlite.js';
import type { StudyStorage } from './storage.js';

/** Options of {@link openStorage} (used by the storage the URL names). */
export type OpenStorageOptions = SqliteOptions & PostgresOptions;

const FORMS = '`memory:`, `sqlite:<path>` (e.g. sqlite:./study.db) or `postgres://user@host:port/database`';

/** Opens the storage a URL names (see the module comment). Close durable ones with `close()`. */
export async function openStorage(url: string, options: OpenStorageOptions = {}): Promise<StudyStorage & { close?(): Promise<void> }> {
  if (typeof url !== 'string' || url.length === 0) throw new StorageError(`storage URL must be a non-empty string; use ${FORMS}`, 'url');
  if (url === 'memory:') return new MemoryStorage();
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (!path) throw new StorageError(`storage URL ${JSON.stringify(url)} has no file path; use e.g. sqlite:./study.db`, 'url');
    return openSqlite(path, options);
  }
  if (/^postgres(ql)?:\/\//.test(url)) return openPostgres(url, options);
  if (/^[^:]+\.(db|sqlite|sqlite3)$/.test(url)) return openSqlite(url, options);
  throw new StorageError(`storage URL ${JSON.stringify(redactUrl(url))} is not one of ${FORMS}`, 'url');
}
