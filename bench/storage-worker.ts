/**
 * One worker process of the STORAGE workload (storage.bench.ts): opens the study, prints `ready`,
 * waits until the file `<go>` exists (so every worker starts together), runs `sample().run()` with a
 * trivial evaluation until the study has its trials, prints `done <n>` (trials it ran) and exits.
 *
 * Usage: tsx --conditions=source bench/storage-worker.ts <go-file> <study> <trials>
 * The storage URL comes from TSGLOVE_STORAGE; storage options as JSON from TSGLOVE_BENCH_OPTIONS;
 * TSGLOVE_BENCH_SEARCH may name another copy of the search package's `src/index.ts` to run instead.
 */
import { existsSync } from 'node:fs';
import { oneOf, floatValue } from '@tsglove/symbolic';
import { pathToFileURL } from 'node:url';

// TSGLOVE_BENCH_SEARCH: another copy of @tsglove/search's src/index.ts (e.g. the code before a change).
type Search = typeof import('@tsglove/search');
const other = process.env.TSGLOVE_BENCH_SEARCH;
const { openStorage, random, sample } = (other ? await import(pathToFileURL(other).href) : await import('@tsglove/search')) as Search;

const [go, name, total] = process.argv.slice(2);
const storage = await openStorage(process.env.TSGLOVE_STORAGE!, JSON.parse(process.env.TSGLOVE_BENCH_OPTIONS ?? '{}'));
const space = { a: oneOf([1, 2, 3, 4]), b: floatValue(0, 1) };
const sampling = sample(space, random({ seed: 1 }), { storage, name: name!, numExamples: Number(total) });
await sampling.study;
process.stdout.write('ready\n');
while (!existsSync(go!)) await new Promise((r) => setTimeout(r, 2));
let n = 0;
await sampling.run((e) => {
  n++;
  return e.a + e.b;
});
process.stdout.write(`done ${n}\n`);
await (storage as { close?(): Promise<void> }).close?.();
