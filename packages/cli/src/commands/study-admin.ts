/**
 * `tsglove study delete|rename|copy`: change which studies a storage holds. `copy` can also copy a
 * study to another storage (`--to`), e.g. from a SQLite file to PostgreSQL; see `copyStudy` in
 * `@tsglove/search` for what a copy keeps. `rename` is a copy then a delete of the original, so an
 * interrupted rename leaves both studies, never none.
 */
import { copyStudy } from '@tsglove/search';
import { CliError, EXIT } from '../errors.js';
import type { CliIO } from '../io.js';
import { openForCli, openReadable } from '../storage.js';

function noStudy(name: string, url: string): CliError {
  return new CliError(`no study named ${JSON.stringify(name)} in ${url} (see \`tsglove study list ${url}\`)`, EXIT.failure);
}

/** `study delete <storage> <name>`. */
export async function studyDelete(url: string, name: string, io: CliIO): Promise<number> {
  const storage = await openReadable(url, io.cwd ?? process.cwd());
  try {
    const study = (await storage.listStudies()).find((s) => s.name === name);
    if (!study) throw noStudy(name, url);
    await storage.deleteStudy(name);
    io.stdout.write(`deleted study ${JSON.stringify(name)} (${study.numTrials} trials) from ${url}\n`);
    return EXIT.ok;
  } finally {
    await storage.close();
  }
}

/** `study copy <storage> <name> <new-name> [--to <storage>]`. */
export async function studyCopy(url: string, name: string, newName: string, flags: { to?: string }, io: CliIO): Promise<number> {
  const cwd = io.cwd ?? process.cwd();
  const from = await openReadable(url, cwd);
  try {
    const to = flags.to ? await openForCli(flags.to, cwd) : from;
    try {
      if (!(await from.getStudy(name))) throw noStudy(name, url);
      await copyStudy(from, name, to, newName).catch((error: Error) => {
        throw new CliError(error.message);
      });
      io.stdout.write(
        `copied study ${JSON.stringify(name)} to ${JSON.stringify(newName)}${flags.to ? ` in ${flags.to}` : ''} (${await to.countTrials(newName)} trials)\n`,
      );
      return EXIT.ok;
    } finally {
      if (to !== from) await to.close?.();
    }
  } finally {
    await from.close();
  }
}

/** `study rename <storage> <name> <new-name>`. */
export async function studyRename(url: string, name: string, newName: string, io: CliIO): Promise<number> {
  const storage = await openReadable(url, io.cwd ?? process.cwd());
  try {
    if (!(await storage.getStudy(name))) throw noStudy(name, url);
    await copyStudy(storage, name, storage, newName).catch((error: Error) => {
      throw new CliError(error.message);
    });
    await storage.deleteStudy(name);
    io.stdout.write(`renamed study ${JSON.stringify(name)} to ${JSON.stringify(newName)} in ${url}\n`);
    return EXIT.ok;
  } finally {
    await storage.close();
  }
}
