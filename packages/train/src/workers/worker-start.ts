/**
 * Starting a worker thread on one of this package's entry files. From the built package the entry
 * is the compiled `.js` file next to this one. Inside the repository, running on the TypeScript
 * sources (vitest, `tsx --conditions=source`), the worker registers tsx through its public API and
 * resolves workspace packages with the `source` condition; tsx is a development dependency of the
 * repository, never needed by an installed package. A failure to load is posted to the parent as
 * `{ ready: false, error }`, the message every entry sends when it cannot start.
 */
import { Worker } from 'node:worker_threads';
import { ModelsError } from '@tsglove/models';

/**
 * Starts a worker on the entry `name` (e.g. `'trial-worker'`, next to this file) with `workerData`.
 * `option` names the caller's option in the error raised when the entry cannot be started.
 */
export function startEntryWorker(name: string, workerData: unknown, option: string): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, import.meta.url), { workerData });
  let tsxApi: string;
  try {
    tsxApi = import.meta.resolve('tsx/esm/api');
  } catch {
    throw new ModelsError(
      'running @tsglove/train from its TypeScript sources needs the tsx package (npm install -D tsx), or build it with `npm run build`',
      option,
    );
  }
  const entry = new URL(`./${name}.ts`, import.meta.url).href;
  const code =
    `const { parentPort } = require('node:worker_threads');` +
    `import(${JSON.stringify(tsxApi)}).then((tsx) => tsx.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}))` +
    `.catch((e) => parentPort.postMessage({ ready: false, error: String((e && e.stack) || e) }));`;
  const execArgv = process.execArgv.includes('--conditions=source') ? process.execArgv : [...process.execArgv, '--conditions=source'];
  return new Worker(code, { eval: true, workerData, execArgv });
}
