/**
 * `tsglove search --algo evolution` and `--algo regularizedEvolution` store the same algorithm
 * name with different populations: the study stores the algorithm's configuration, so resuming
 * with the other one is refused, naming the difference. `--algo` takes the name the study stores;
 * 0.2.0's spellings (`cma-es`) still work.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '@tsglove/cli';
import { tempDir } from '../packages/search/test/fixtures/storage/backends.js';

const ROOT = join(import.meta.dirname, '..');

async function tsglove(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(args, { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) }, cwd: ROOT });
  return { code, out, err };
}

describe('tsglove search resumes only with the same algorithm configuration', () => {
  it('refuses --algo regularizedEvolution on a study made with --algo evolution', async () => {
    const url = `sqlite:${join(tempDir(), 'algo.db')}`;
    const common = ['search', 'packages/cli/test/fixtures/tiny-space.ts', '--storage', url, '--name', 'evo', '--seed', '1'];
    const first = await tsglove(...common, '--algo', 'evolution', '--trials', '3');
    expect(first.code, first.err).toBe(0);
    const same = await tsglove(...common, '--algo', 'evolution', '--trials', '4');
    expect(same.code, same.err).toBe(0);
    const other = await tsglove(...common, '--algo', 'regularizedEvolution', '--trials', '5');
    expect(other.code).not.toBe(0);
    expect(other.err).toMatch(/another regularizedEvolution configuration/);
    expect(other.err).toMatch(/reproduction\.ops\[0\]\.n: 20 → 100/);
  });

  it('takes the stored name of an algorithm, and resumes it under its old CLI spelling', async () => {
    const url = `sqlite:${join(tempDir(), 'names.db')}`;
    const common = ['search', 'packages/cli/test/fixtures/tiny-space.ts', '--storage', url, '--name', 'cma', '--seed', '2'];
    const first = await tsglove(...common, '--algo', 'cmaES', '--trials', '3');
    expect(first.code, first.err).toBe(0);
    const list = await tsglove('study', 'list', url);
    expect(list.out).toMatch(/cma\s+cmaES\s/);
    const old = await tsglove(...common, '--algo', 'cma-es', '--trials', '5');
    expect(old.code, old.err).toBe(0);
    const show = await tsglove('study', 'show', url, 'cma');
    expect(show.out).toMatch(/cmaES \(seed 2\).* 5 trials/);
  });
});
