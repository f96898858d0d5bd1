// examples/nas-parallel.ts end to end with a tiny budget: a real search on two trial threads, pruned
// by the median rule, whose summary (with the compute saved) matches the trials stored in the SQLite
// study; then a resumed run without pruning, which trains its whole budget.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStorage } from '@tsglove/search';
import { FASHION_MNIST_SUBSET } from '../packages/train/test/fashion-mnist-subset.js';

const root = fileURLToPath(new URL('..', import.meta.url));

function run(args: string[]): string {
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--conditions=source', 'examples/nas-parallel.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (result.status !== 0) throw new Error(`nas-parallel.ts exited ${result.status}:\n${result.stderr}\n${result.stdout}`);
  return result.stdout;
}

describe('examples/nas-parallel.ts', () => {
  it('searches on two threads, prints the summary and stores every trial; --resume continues the study', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'tsglove-nas-parallel-')), 'study.db');
    // The repository's Fashion-MNIST subset (2,000 training images): validate on images 1,000+.
    const tiny = ['--data', FASHION_MNIST_SUBSET, '--valid-offset', '1000', '--train', '256', '--valid', '256', '--epochs', '2'];
    const out = run(['--trials', '6', '--threads', '2', '--db', db, ...tiny]);
    expect(out).toMatch(/^Search space: 2,336 conv nets/);
    expect(out).toContain('Pruning: median(minSteps=1, minPeers=3)');
    expect(out).toContain('2 trial thread(s) ready');
    const line =
      /\n {2}trials {7}6 trained in this run \((\d) pruned, 0 failed\), (\d) completed in the study; \d+\.\d s, \d+\.\d trials\/min\n/.exec(
        out,
      );
    expect(line, out).not.toBeNull();
    const best = /\n {2}best {9}trial ([1-6]): (\d+\.\d\d)% validation accuracy, ([\d,]+) params\n {15}(ConvNet\(.*\))\n/.exec(out);
    expect(best, out).not.toBeNull();
    expect(best![4]).toMatch(/^ConvNet\(stem=(8|16), blocks=\[ConvBlock\(filters=(16|32), kernel=(3|5), pool=(true|false)\)/);
    const saved =
      /\n {2}pruning {6}median\(minSteps=1, minPeers=3\): (\d) of 6 trials pruned; (\d+) of 12 epochs trained \((\d+\.\d)% of the budget saved\)\n/.exec(
        out,
      );
    expect(saved, out).not.toBeNull();
    expect(out).toMatch(/\n {2}speedup {6}2 thread\(s\): \d+\.\d s of training in \d+\.\d s = \d+\.\d\d× \(trials overlapped\)\n/);
    expect(out).toContain(`npm run tsglove -- study show sqlite:${db} nas-parallel-seed1`);

    const storage = await openStorage(`sqlite:${db}`);
    try {
      const trials = await storage.listTrials('nas-parallel-seed1');
      expect(trials).toHaveLength(6);
      const pruned = trials.filter((t) => t.metadata.pruned === true);
      const completed = trials.filter((t) => t.status === 'completed');
      expect(pruned.length + completed.length).toBe(6);
      // The report is the stored study: pruned trials, and epochs trained = measurements stored (one per epoch).
      expect(String(pruned.length)).toBe(line![1]);
      expect(String(pruned.length)).toBe(saved![1]);
      expect(String(completed.length)).toBe(line![2]);
      const epochs = trials.reduce((n, t) => n + t.measurements.length, 0);
      expect(String(epochs)).toBe(saved![2]);
      expect(saved![3]).toBe(((100 * (12 - epochs)) / 12).toFixed(1));
      for (const t of pruned) {
        expect(t.status).toBe('infeasible');
        expect(t.reason).toBe('pruned after epoch 1 of 2');
        expect(t.measurements.map((m) => m.step)).toEqual([1]);
      }
      for (const t of completed) {
        expect(t.measurements.map((m) => m.step)).toEqual([1, 2]);
        expect(t.reward).toBe(t.measurements[1]!.reward); // the reported accuracy is the last epoch's
        expect(t.metrics?.['seconds']).toBeGreaterThan(0);
      }
      // The summary's best is the stored best, with its stored accuracy and parameter count.
      const top = completed.reduce((b, t) => (Number(t.reward) > Number(b.reward) ? t : b));
      expect(String(top.id)).toBe(best![1]);
      expect((100 * Number(top.reward)).toFixed(2)).toBe(best![2]);
      expect(top.metrics?.['params']).toBe(Number(best![3]!.replace(/,/g, '')));
    } finally {
      await storage.close?.();
    }

    // --resume without pruning: two more trials on the same study, numbered 7 and 8, each trained to the end.
    const resumed = run(['--trials', '8', '--threads', '2', '--db', db, '--resume', '--pruning', 'none', ...tiny]);
    expect(resumed).toContain('resuming study "nas-parallel-seed1" from 6 stored trials');
    expect(resumed).toMatch(/trials {7}2 trained in this run \(0 pruned, 0 failed\)/);
    expect(resumed).toContain('  pruning      none: 0 of 2 trials pruned; 4 of 4 epochs trained (0.0% of the budget saved)');
    const again = await openStorage(`sqlite:${db}`);
    try {
      const trials = await again.listTrials('nas-parallel-seed1');
      expect(trials.map((t) => t.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(trials.slice(6).map((t) => t.status)).toEqual(['completed', 'completed']);
    } finally {
      await again.close?.();
    }
  }, 240_000);
});
