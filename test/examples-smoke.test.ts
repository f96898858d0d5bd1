// The runnable examples, run end to end with small budgets: each must exit 0 and print its summary.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

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
  it('demo: evolution and random search on NAS-Bench-Macro report a regret', () => {
    const out = run('examples/demo.ts', ['--trials', '60', '--seed', '3']);
    expect(out).toMatch(/regularized evolution\s+best \d{8} \d+\.\d+% \(trial \d+\)\s+regret \d+\.\d{3}/);
    expect(out).toMatch(/random search\s+best \d{8}/);
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
