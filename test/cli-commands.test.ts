/**
 * `tsglove` commands run in-process (`run(args, io)`): help everywhere, one-line errors with the
 * usage and exit code 2 for bad flags, search → resume → list/show/export on a SQLite study, hw
 * estimate, and the documented exit codes for failures.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { edgeTpu, estimate } from '@tsglove/hwsim';
import { modelPreset, ops } from '@tsglove/models';
import { openStorage, type SharedStudyStorage } from '@tsglove/search';
import { run } from '@tsglove/cli';
import { tempDir } from '../packages/search/test/fixtures/storage/backends.js';

const ROOT = join(import.meta.dirname, '..');
const FIX = 'packages/cli/test/fixtures';

async function tsglove(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(args, { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) }, cwd: ROOT });
  return { code, out, err };
}

describe('help and usage errors', () => {
  it.each([
    [[]],
    [['search']],
    [['study']],
    [['study', 'list']],
    [['study', 'show']],
    [['study', 'export']],
    [['hw', 'estimate']],
    [['dashboard']],
  ])('%j --help exits 0 with the usage', async (cmd) => {
    const r = await tsglove(...cmd, '--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`^Usage: tsglove${cmd.length ? ' ' + cmd.join(' ') : ''} `));
    expect(r.out).toContain('-h, --help');
  });

  it('a bad flag is one error line, then the usage, exit 2', async () => {
    const r = await tsglove('search', 'examples/cli-space.ts', '--bogus');
    expect(r.code).toBe(2);
    expect(r.err.split('\n').slice(0, 2)).toEqual(["error: unknown option '--bogus'", 'usage: tsglove search [options] <space-module>']);
  });

  it('names the allowed values of a bad choice', async () => {
    const r = await tsglove('search', 'examples/cli-space.ts', '--algo', 'simulated-annealing');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /^error: option '--algo <name>' argument 'simulated-annealing' is invalid. Allowed choices are evolution, regularizedEvolution, random, grid, hillClimb, tpe, cmaES,/,
    );
  });

  it.each([
    [['search', 'examples/cli-space.ts', '--trials', '0'], /^error: --trials must be an integer >= 1, got "0"\nusage: tsglove search/],
    [['search', 'nope.ts', '--storage', 'memory:'], /^error: space module nope.ts: no such file\n/],
    [['search', `${FIX}/no-evaluate.ts`, '--storage', 'memory:'], /exports no `evaluate\(example\)` function/],
    [['search', 'examples/cli-space.ts', '--storage', 'mysql://x'], /is not one of `memory:`, `sqlite:<path>`/],
    [['search', 'examples/cli-space.ts', '--storage', 'memory:', '--workers', '2'], /--workers > 1 needs a storage the workers share/],
    [['hw', 'estimate', 'efficientnet-b0'], /^error: required option '--accel <name>' not specified/],
    [['hw', 'estimate', 'efficientnet-b99', '--accel', 'v100'], /^error: unknown model preset "efficientnet-b99"; e.g. efficientnet-b0/],
    [['study', 'list', 'memory:'], /memory: holds no studies between runs/],
    [['nonsense'], /^error: unknown command 'nonsense'/],
  ])('%j → exit 2', async (args, message) => {
    const r = await tsglove(...args);
    expect(r.err).toMatch(message);
    expect(r.code).toBe(2);
  });
});

describe('search, resume, list, show, export (SQLite)', () => {
  it('--timeout stops starting trials; a bad value is a usage error', async () => {
    const url = `sqlite:${join(tempDir(), 'timeout.db')}`;
    const r = await tsglove(
      'search',
      `${FIX}/tiny-space.ts`,
      '--algo',
      'random',
      '--trials',
      '1000000',
      '--storage',
      url,
      '--name',
      't',
      '--timeout',
      '0.3',
    );
    expect(r.code, r.err).toBe(0);
    const n = Number(/: (\d+) trials/.exec(r.out)?.[1]);
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThan(1_000_000);
    const bad = await tsglove('search', `${FIX}/tiny-space.ts`, '--timeout', '-3');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^error: --timeout must be a number of seconds > 0, got "-3"/);
  });

  it('runs, resumes to the new total, and reads the study back', async () => {
    const db = join(tempDir(), 'cli.db');
    const url = `sqlite:${db}`;
    const first = await tsglove(
      'search',
      `${FIX}/tiny-space.ts`,
      '--algo',
      'random',
      '--trials',
      '12',
      '--storage',
      url,
      '--name',
      'tiny',
      '--seed',
      '5',
    );
    expect(first.code, first.err).toBe(0);
    expect(first.out).toMatch(
      /^study "tiny" in sqlite:.*cli\.db: 12 trials \(\d+ completed(, \d+ failed)?\)\nbest: trial \d+, reward [\d.]+\nparams: \{"a":\d,"b":"[xy]","lr":[\d.]+\}\n$/,
    );
    const again = await tsglove(
      'search',
      `${FIX}/tiny-space.ts`,
      '--algo',
      'random',
      '--trials',
      '20',
      '--storage',
      url,
      '--name',
      'tiny',
      '--seed',
      '5',
    );
    expect(again.code, again.err).toBe(0);
    expect(again.out).toMatch(/: 20 trials/);

    const storage = (await openStorage(url)) as SharedStudyStorage;
    const trials = await storage.listTrials('tiny');
    await storage.close();
    expect(trials).toHaveLength(20);
    const failed = trials.filter((t) => t.status === 'failed');
    for (const t of failed) expect(t.reason).toBe('evaluate: diverged');
    if (failed.length) expect(first.err + again.err).toMatch(/warning: \d+ trial\(s\) failed/);

    const list = await tsglove('study', 'list', url);
    expect(list.code).toBe(0);
    expect(list.out).toMatch(/^study\s+algorithm\s+seed\s+trials\s+completed\s+best/);
    expect(list.out).toMatch(new RegExp(`tiny\\s+random\\s+5\\s+20\\s+${20 - failed.length}\\s`));

    const show = await tsglove('study', 'show', url, 'tiny', '--limit', '5');
    expect(show.out).toMatch(/^study "tiny": random \(seed 5\)/);
    expect(show.out).toContain('... 15 more (use --limit)');
    expect(show.out).toMatch(/\n\s*1\s+(completed|failed)\s+\S*\s+a=\d b=[xy] lr=\S+\s+\[\d, \d/); // params by name; DNA as [a, b, ...], not raw JSON with a null head

    const csv = await tsglove('study', 'export', url, 'tiny');
    const lines = csv.out.trimEnd().split('\n');
    expect(lines[0]).toBe('id,status,reward,param_a,param_b,param_lr,dna,reason,created_at,completed_at');
    expect(lines).toHaveLength(21);
    expect(lines[1]).toMatch(/^1,(completed|failed),/);

    const out = join(tempDir(), 'tiny.json');
    const json = await tsglove('study', 'export', url, 'tiny', '--format', 'json', '-o', out);
    expect(json.code).toBe(0);
    const parsed = JSON.parse(readFileSync(out, 'utf8'));
    expect(parsed.study.name).toBe('tiny');
    expect(parsed.trials.map((t: { id: number }) => t.id)).toEqual(trials.map((t) => t.id));

    const other = await tsglove(
      'search',
      `${FIX}/tiny-space-2.ts`,
      '--algo',
      'random',
      '--seed',
      '5',
      '--trials',
      '3',
      '--storage',
      url,
      '--name',
      'tiny',
    );
    expect(other.code).toBe(1);
    expect(other.err).toMatch(/^error: study "tiny" exists with another search space/);

    const missing = await tsglove('study', 'show', url, 'nope');
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/no study named "nope"/);
    expect((await tsglove('study', 'list', `sqlite:${join(tempDir(), 'absent.db')}`)).err).toMatch(/no such file/);
  });

  it('a two-objective module with nsga2 stores tuple rewards and exports one column per objective', async () => {
    const url = `sqlite:${join(tempDir(), 'multi.db')}`;
    const r = await tsglove('search', `${FIX}/two-objectives.ts`, '--algo', 'nsga2', '--trials', '10', '--storage', url, '-q');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toBe('');
    const csv = await tsglove('study', 'export', url, 'two-objectives');
    expect(csv.out.split('\n')[0]).toBe(
      'id,status,reward_accuracy,reward_-cost,param_depth,param_width,dna,reason,created_at,completed_at',
    );
    const list = await tsglove('study', 'list', url, '--json');
    expect(JSON.parse(list.out)[0]).toMatchObject({
      name: 'two-objectives',
      algorithm: 'nsga2',
      numTrials: 10,
      numCompleted: 10,
      metadata: { objectives: ['accuracy', '-cost'] },
    });
  });
});

describe('hw estimate', () => {
  it('prints a row per layer and totals that match hwsim', async () => {
    const r = await tsglove('hw', 'estimate', 'mobilenetv2', '--accel', 'edgetpu');
    expect(r.code, r.err).toBe(0);
    const expected = estimate(edgeTpu(), ops(modelPreset('mobilenetv2').build()));
    expect(r.out).toContain(`mobilenetv2 on edgetpu: ${expected.layers.length} layers`);
    const rows = r.out.split('\n').filter((l) => /^\s*\d+\s{2}\S/.test(l));
    expect(rows).toHaveLength(expected.layers.length);
    expect(r.out).toMatch(new RegExp(`MACs\\s+${expected.totals.macs.toLocaleString('en-US')}`));
    const json = await tsglove('hw', 'estimate', 'mobilenetv2', '--accel', 'edgetpu', '--json');
    expect(JSON.parse(json.out).totals).toEqual(JSON.parse(JSON.stringify(expected.totals)));
    const top = await tsglove('hw', 'estimate', 'resnet50', '--accel', 'tpuv3', '--top', '5');
    expect(top.out.split('\n').filter((l) => /^\s*\d+\s{2}\S/.test(l))).toHaveLength(5);
  });
});
