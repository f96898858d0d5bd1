/**
 * The `tsglove` bin as a user runs it (a separate process through the JS shim): version, a bad
 * flag's exit code, and `search --workers 2` sharing one SQLite study between two processes.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStorage, type SharedStudyStorage } from '@tsglove/search';
import { tempDir } from '../packages/search/test/fixtures/storage/backends.js';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'packages/cli/bin/tsglove.js');

function tsglove(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: tempDir(), encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('tsglove bin', () => {
  it('prints its version and exits 2 on a bad flag', () => {
    expect(tsglove('--version')).toMatchObject({ code: 0, out: '0.1.0\n' });
    const bad = tsglove('hw', 'estimate', 'resnet50', '--accel', 'tpu9');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(
      /^error: option '--accel <name>' argument 'tpu9' is invalid. Allowed choices are tpuv3, v100, edgetpu.\nusage: tsglove hw estimate/,
    );
  });

  it('search --workers 2 runs two processes on one study: every trial once, all stored', { timeout: 120_000 }, async () => {
    const db = join(tempDir(), 'workers.db');
    const r = tsglove(
      'search',
      join(ROOT, 'examples/cli-space.ts'),
      '--workers',
      '2',
      '--trials',
      '24',
      '--storage',
      `sqlite:${db}`,
      '--name',
      'nas',
    );
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(
      /^study "nas" in sqlite:.*: 24 trials \(24 completed\)\nbest: trial \d+, reward 9\d\.\d+\nparams: \{"layer0":\d(,"layer\d":\d){7}\}\n$/,
    );
    const storage = (await openStorage(`sqlite:${db}`)) as SharedStudyStorage;
    const trials = await storage.listTrials('nas');
    await storage.close();
    expect(trials.map((t) => t.id)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    expect(trials.every((t) => t.status === 'completed' && typeof t.reward === 'number')).toBe(true);
    // (Which process took which trial depends on timing; test/reliability-workers.test.ts checks the sharing.)

    // A reader that stops early (`| head -1`) ends the command quietly, exit 0, no EPIPE trace.
    const head = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" study show sqlite:${db} nas | head -1`], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(head.status).toBe(0);
    expect(head.stdout).toMatch(/^study "nas": /);
    expect(head.stderr).not.toMatch(/EPIPE|Unhandled/);
  });
});
