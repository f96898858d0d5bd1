/**
 * PostgreSQL support is opt-in: `pg` is an optional peer dependency of `@tsglove/search`, loaded
 * only when a `postgres://` URL is opened, so users of memory and SQLite studies never install it.
 */
import type pg from 'pg';
import { StorageError } from '../errors.js';

let loaded: Promise<typeof pg> | undefined;

/** The `pg` module; a {@link StorageError} naming the install command when it is missing. */
export function loadPg(where: string): Promise<typeof pg> {
  loaded ??= import('pg').then(
    (m) => (m.default ?? m) as typeof pg,
    (error: NodeJS.ErrnoException) => {
      loaded = undefined;
      if (error.code !== 'ERR_MODULE_NOT_FOUND') throw error;
      throw new StorageError(`${where}: PostgreSQL studies need the \`pg\` package, which is not installed; run \`npm install pg\``, 'url');
    },
  );
  return loaded;
}
