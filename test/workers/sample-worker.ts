/**
 * A worker process for the reliability tests: runs `sample()` on {@link workerSpace} against a
 * storage URL and prints `start <id>` once a trial is handed out and `ack <id> <reward>` once its
 * result is stored (acknowledged).
 *
 * Usage: tsx --conditions=source test/workers/sample-worker.ts <storage-url> <study> <numExamples> <algo> <seed> [delayMs] [slowIds]
 * `slowIds` (comma separated): trials to hold for 30 s after `start` (so a test can kill the worker
 * while that trial is running); `delayMs`: a pause per trial. Lease settings come from the
 * environment: `TSGLOVE_STALE_MS`, `TSGLOVE_HEARTBEAT_MS`. A report refused because the lease was
 * lost prints `stale <id>`. With `TSGLOVE_TEST_GATE` set it prints `ready` and waits for that file.
 */
import { existsSync } from 'node:fs';
import { openStorage, sample, StaleTrialError } from '@tsglove/search';
import { workerAlgorithm, workerReward, workerSpace } from './study-space.js';

const [url, name, total, algo, seed, delay, slow] = process.argv.slice(2);
if (!url || !name || !total || !algo || seed === undefined) {
  console.error('usage: sample-worker.ts <storage-url> <study> <numExamples> <algo> <seed> [delayMs]');
  process.exit(2);
}
const delayMs = Number(delay ?? 0);
const slowIds = new Set((slow ?? '').split(',').filter(Boolean).map(Number));
const lease = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined);
const storage = await openStorage(url, { staleMs: lease('TSGLOVE_STALE_MS'), heartbeatMs: lease('TSGLOVE_HEARTBEAT_MS') });
// A start gate (TSGLOVE_TEST_GATE = a file path): print `ready`, then wait until the test creates
// the file, so that workers started seconds apart on a loaded machine still run side by side.
const gate = process.env.TSGLOVE_TEST_GATE;
if (gate) {
  process.stdout.write('ready\n');
  while (!existsSync(gate)) await new Promise((r) => setTimeout(r, 20));
}
const sampling = sample(workerSpace(), workerAlgorithm(algo, Number(seed)), { storage, name, numExamples: Number(total) });
for await (const [example, feedback] of sampling) {
  process.stdout.write(`start ${feedback.id}\n`);
  const pause = slowIds.has(feedback.id) ? 30_000 : delayMs;
  if (pause > 0) await new Promise((r) => setTimeout(r, pause));
  const reward = workerReward(example);
  try {
    await feedback.report(reward);
  } catch (error) {
    if (!(error instanceof StaleTrialError)) throw error;
    process.stdout.write(`stale ${feedback.id}\n`);
    continue;
  }
  process.stdout.write(`ack ${feedback.id} ${reward}\n`);
}
const study = await sampling.study;
await (study.storage as { close?(): Promise<void> }).close?.();
process.stdout.write('done\n');
