// The runnable examples, run end to end with small budgets: each must exit 0 and print its summary.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStorage } from '@tsglove/search';

const root = fileURLToPath(new URL('..', import.meta.url));

function run(file: string, args: string[] = []): string {
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--conditions=source', file, ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (result.status !== 0) throw new Error(`${file} exited ${result.status}:\n${result.stderr}\n${result.stdout}`);
  return result.stdout;
}

describe('examples', () => {
  it('demo: evolution and random search on NAS-Bench-Macro, stored in SQLite, resumable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsglove-demo-'));
    const summary = (out: string) => out.slice(out.indexOf('Summary'), out.indexOf('Look at')).replace(/\s+\d+ trials\/s/g, '');
    const straight = run('examples/demo.ts', ['--trials', '120', '--seed', '3', '--db', join(dir, 'straight.db')]);
    expect(straight).toMatch(/regularized evolution\s+best \d{8} \d+\.\d+% \(trial \d+\)\s+regret \d+\.\d{3}/);
    expect(straight).toMatch(/random search\s+best \d{8}/);
    // Stop after 60 trials, then resume to 120: the outcome equals the uninterrupted run's.
    const db = join(dir, 'resumed.db');
    run('examples/demo.ts', ['--trials', '60', '--seed', '3', '--db', db]);
    const resumed = run('examples/demo.ts', ['--trials', '120', '--seed', '3', '--db', db, '--resume']);
    expect(resumed).toContain('regularized evolution: resuming study "evolution-seed3" from 60 stored trials');
    expect(summary(resumed)).toEqual(summary(straight));
    const storage = await openStorage(`sqlite:${db}`);
    try {
      for (const name of ['evolution-seed3', 'random-seed3']) {
        const trials = await storage.listTrials(name);
        expect(trials.map((t) => t.id)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
        expect(trials.every((t) => t.status === 'completed')).toBe(true);
      }
    } finally {
      await storage.close?.();
    }
  });

  it('nahas: fixed, nested and joint hardware-architecture searches', () => {
    const out = run('examples/nahas.ts', ['--outer', '3', '--inner', '12', '--joint', '60']);
    expect(out).toContain('1. Architecture search on the default accelerator');
    expect(out).toContain('2. Nested search (3 designs × 12 networks)');
    expect(out).toContain('3. Joint search over { hw, arch } (60 trials)');
    expect(out).toMatch(/Against the default accelerator/);
  });

  it('lacs: scales EfficientNet-X-B0 to a latency target on TPUv3', () => {
    const out = run('examples/lacs.ts', ['--trials', '20', '--target', 'b2']);
    expect(out).toMatch(/Proxy exponent fitted to EfficientNet-B1..B7: k=\d+\.\d+/);
    expect(out).toMatch(/regularized evolution\s+(d=|nothing)/);
  });
});
