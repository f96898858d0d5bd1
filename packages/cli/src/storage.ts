/** Opening a storage URL for the CLI (relative SQLite paths against the working directory). */
import { isAbsolute, resolve } from 'node:path';
import { openStorage, redactUrl, StorageError, type SharedStudyStorage, type StudyStorage } from '@tsglove/search';
import { CliError, EXIT, usageError } from './errors.js';

/** `sqlite:<relative path>` made absolute against `cwd`; other URLs unchanged. */
export function absoluteUrl(url: string, cwd: string): string {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    return isAbsolute(path) ? url : `sqlite:${resolve(cwd, path)}`;
  }
  return url;
}

/** Opens a storage; `mustExist` refuses to create a SQLite file (readers). Storage errors exit 1. */
export async function openForCli(
  url: string,
  cwd: string,
  options: { mustExist?: boolean } = {},
): Promise<StudyStorage & Partial<SharedStudyStorage>> {
  try {
    return (await openStorage(absoluteUrl(url, cwd), { fileMustExist: options.mustExist })) as StudyStorage & Partial<SharedStudyStorage>;
  } catch (error) {
    if (error instanceof StorageError) {
      const usage = /is not one of|must be a non-empty string|has no file path/.test(error.message);
      throw new CliError(redactUrl(error.message), usage ? EXIT.usage : EXIT.failure, usage);
    }
    throw error;
  }
}

/** Opens a storage that lists studies (not `memory:`), for `study` and `dashboard`. */
export async function openReadable(url: string, cwd: string): Promise<SharedStudyStorage> {
  if (url === 'memory:') throw usageError('memory: holds no studies between runs; give a sqlite: or postgres:// storage');
  return (await openForCli(url, cwd, { mustExist: true })) as SharedStudyStorage;
}
