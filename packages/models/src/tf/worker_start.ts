/**
 * Starting a worker thread on one of this package's entry files, from built JavaScript or from the
 * TypeScript sources. From sources the worker first registers tsx's ESM loader (Node 20 does not
 * apply `--import` loaders to worker entry files); a failure to load is posted to the parent as
 * `{ ready: false, error }`, the message every entry sends when it cannot start.
 */
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import { ModelsError } from './errors.js';

/**
 * Starts a worker on the entry `name` (e.g. `'trial_worker'`, next to this file) with `workerData`.
 * `option` names the caller's option in the error raised when tsx is missing.
 */
export function startEntryWorker(name: string, workerData: unknown, option: string): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, import.meta.url), { workerData });
  let api: string;
  try {
    const pkg = createRequire(import.meta.url).resolve('tsx/package.json');
    api = pathToFileURL(join(dirname(pkg), 'dist/esm/api/index.mjs')).href;
  } catch {
    throw new ModelsError(option, 'running from TypeScript sources needs the tsx package to start worker threads');
  }
  const entry = new URL(`./${name}.ts`, import.meta.url).href;
  const code =
    `import(${JSON.stringify(api)}).then((tsx) => tsx.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}))` +
    `.catch((e) => require('node:worker_threads').parentPort.postMessage({ ready: false, error: String(e && e.stack || e) }));`;
  return new Worker(code, { eval: true, workerData });
}
