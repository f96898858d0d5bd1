// examples/tunas-edge.ts end to end on the repository's Fashion-MNIST subset with a tiny budget,
// and `tsglove search examples/tunas-space.ts --algo evolution` (the evolution variant from a space
// module) storing its trials with the child's simulated latency.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStorage } from '@tsglove/search';
import { run } from '@tsglove/cli';
import { FASHION_MNIST_SUBSET } from '../packages/train/test/fashion-mnist-subset.js';
import { tempDir } from '../packages/search/test/fixtures/storage/backends.js';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('examples/tunas-edge.ts', () => {
  it('runs the three searches and the baseline, with progress and a summary table', () => {
    const args = [
      '--data',
      FASHION_MNIST_SUBSET,
      '--valid-offset',
      '1500',
      '--train',
      '128',
      '--targets',
      '1',
      '--steps',
      '6',
      '--trials',
      '2',
      '--proxy',
      '2',
      '--retrain',
      '2',
      '--seeds',
      '1',
    ];
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--conditions=source', 'examples/tunas-edge.ts', ...args], {
      cwd: root,
      encoding: 'utf8',
      timeout: 240_000,
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /^Space: [\d,]+ MBConv networks; Edge TPU latency of random children \d\.\d{4}–\d\.\d{4} ms; targets \d\.\d{4} ms/,
    );
    expect(r.stdout).toMatch(/one-shot step 6\/6: loss \d/);
    expect(r.stdout).toContain('evolution (2 children × 2 steps)');
    for (const method of ['one-shot', 'evolution', 'random', 'baseline']) {
      expect(r.stdout).toMatch(new RegExp(`\\n  \\d\\.\\d{4}\\s+${method}\\s+\\d+\\.\\d%\\s+\\d\\.\\d{4}`));
    }
  }, 300_000);
});

describe('tsglove search examples/tunas-space.ts', () => {
  it('runs regularized evolution over the MBConv space with the absolute reward', async () => {
    const url = `sqlite:${join(tempDir(), 'tunas.db')}`;
    process.env['TUNAS_DATA'] = FASHION_MNIST_SUBSET;
    process.env['TUNAS_TRAIN'] = '64';
    process.env['TUNAS_PROXY_STEPS'] = '1';
    let out = '';
    let err = '';
    const code = await run(
      ['search', 'examples/tunas-space.ts', '--algo', 'evolution', '--trials', '2', '--storage', url, '--name', 'tunas'],
      { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) }, cwd: root },
    );
    expect(code, err + out).toBe(0);
    const storage = await openStorage(url);
    try {
      const trials = await storage.listTrials('tunas');
      expect(trials.map((t) => t.status)).toEqual(['completed', 'completed']);
      for (const t of trials) {
        const m = t.metrics!;
        expect(m['latencyMs']).toBeGreaterThan(0);
        expect(Number(t.reward)).toBeCloseTo(m['accuracy']! - 0.07 * Math.abs(m['latencyMs']! / 0.0675 - 1), 6);
      }
    } finally {
      await storage.close?.();
    }
  }, 120_000);
});
