/**
 * `npm run bench [-- ID ...]`: runs the workloads of every `bench/*.bench.ts` module (or only the
 * given ids), prints a table and records the numbers (see harness.ts).
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import { recordResults, type Workload, type WorkloadResult } from './harness.js';

const benchDir = dirname(fileURLToPath(import.meta.url));
const wanted = new Set(process.argv.slice(2).map((s) => s.toUpperCase()));

const modules = readdirSync(benchDir)
  .filter((f) => f.endsWith('.bench.ts'))
  .sort();
const workloads: Workload[] = [];
for (const file of modules) {
  const mod = (await import(pathToFileURL(join(benchDir, file)).href)) as { workloads?: Workload[] };
  for (const w of mod.workloads ?? []) if (wanted.size === 0 || wanted.has(w.id.toUpperCase())) workloads.push(w);
}
if (workloads.length === 0) {
  console.error(`No workload matches ${[...wanted].join(', ') || '(none found)'}.`);
  process.exit(2);
}

const results: Array<{ workload: Workload; result: WorkloadResult }> = [];
for (const workload of workloads) {
  process.stdout.write(`${workload.id.padEnd(6)} ${workload.title} ... `);
  const result = await workload.run();
  const value = result.metrics[result.primary]!;
  const ratio = result.reference ? value / result.reference.value : 0;
  const ref = result.reference ? `  (${ratio >= 10 ? ratio.toFixed(0) : ratio.toPrecision(2)}× ${result.reference.label})` : '';
  console.log(`${value.toPrecision(4)} ${result.unit}${ref}`);
  results.push({ workload, result });
  recordResults([{ workload, result }]);
}
console.log(`\nWrote bench/results.json and bench/RESULTS.md (${results.length} workloads).`);
