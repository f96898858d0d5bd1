// examples/nas-parallel.ts end to end with a tiny budget: a real search on two trial threads whose
// summary is printed and whose trials are all completed in the SQLite study, and a resumed run.
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
    const tiny = [
      '--data',
      FASHION_MNIST_SUBSET,
      '--valid-offset',
      '1000',
      '--train',
      '256',
      '--valid',
      '256',
      '--epochs',
      '1',
      '--threads',
      '2',
      '--db',
      db,
    ];
    const out = run(['--trials', '4', ...tiny]);
    expect(out).toMatch(/^Search space: 2,336 conv nets/);
    expect(out).toContain('2 trial thread(s) ready');
    expect(out).toMatch(/trials {3}4\/4 {2}best \d+\.\d\d% \(trial [1-4]\)/);
    expect(out).toMatch(/\n {2}trials {7}4 trained in this run \(0 failed\), 4 completed in the study; \d+\.\d s, \d+\.\d trials\/min\n/);
    const best = /\n {2}best {9}trial ([1-4]): (\d+\.\d\d)% validation accuracy, ([\d,]+) params\n {15}(ConvNet\(.*\))\n/.exec(out);
    expect(best, out).not.toBeNull();
    expect(best![4]).toMatch(/^ConvNet\(stem=(8|16), blocks=\[ConvBlock\(filters=(16|32), kernel=(3|5), pool=(true|false)\)/);
    expect(out).toMatch(/\n {2}speedup {6}2 thread\(s\): \d+\.\d s of training in \d+\.\d s = \d+\.\d\d× \(trials overlapped\)\n/);
    expect(out).toContain(`npm run tsglove -- study show sqlite:${db} nas-parallel-seed1`);

    const storage = await openStorage(`sqlite:${db}`);
    try {
      const trials = await storage.listTrials('nas-parallel-seed1');
      expect(trials.map((t) => t.status)).toEqual(['completed', 'completed', 'completed', 'completed']);
      // The summary's best is the stored best, with its stored accuracy and parameter count.
      const top = trials.reduce((b, t) => (Number(t.reward) > Number(b.reward) ? t : b));
      expect(String(top.id)).toBe(best![1]);
      expect((100 * Number(top.reward)).toFixed(2)).toBe(best![2]);
      expect(top.metrics?.['params']).toBe(Number(best![3]!.replace(/,/g, '')));
      for (const t of trials) expect(t.metrics?.['seconds']).toBeGreaterThan(0);
    } finally {
      await storage.close?.();
    }

    // --resume: two more trials on the same study, numbered 5 and 6.
    const resumed = run(['--trials', '6', '--resume', ...tiny]);
    expect(resumed).toContain('resuming study "nas-parallel-seed1" from 4 stored trials');
    expect(resumed).toMatch(/trials {7}2 trained in this run \(0 failed\), 6 completed in the study/);
    const again = await openStorage(`sqlite:${db}`);
    try {
      const trials = await again.listTrials('nas-parallel-seed1');
      expect(trials.map((t) => [t.id, t.status])).toEqual([1, 2, 3, 4, 5, 6].map((id) => [id, 'completed']));
    } finally {
      await again.close?.();
    }
  }, 240_000);
});
