/** `tsglove study show/export/delete/rename/copy`: parameters by name, one column per parameter. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '@tsglove/cli';
import { tempDir } from '../packages/search/test/fixtures/storage/backends.js';
import { v0Database } from '../packages/search/test/fixtures/stored-format/v0-database.js';

const ROOT = join(import.meta.dirname, '..');
const FIX = 'packages/cli/test/fixtures';

async function tsglove(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(args, { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) }, cwd: ROOT });
  return { code, out, err };
}

async function study(): Promise<string> {
  const url = `sqlite:${join(tempDir(), 'named.db')}`;
  const r = await tsglove(
    'search',
    `${FIX}/named-space.ts`,
    '--algo',
    'random',
    '--trials',
    '8',
    '--storage',
    url,
    '--name',
    'named',
    '-q',
  );
  expect(r.code, r.err).toBe(0);
  return url;
}

describe('parameters by name in the CLI', () => {
  it('study show prints params by name', async () => {
    const url = await study();
    const show = await tsglove('study', 'show', url, 'named');
    expect(show.out).toMatch(/\n\s*id\s+status\s+reward\s+metrics\s+params\s+dna/);
    expect(show.out).toMatch(/act=(relu|swish) block=(\{kernel: OneOf|identity)/);
    expect(show.out).toMatch(/lr=0\.\d+/);
  });

  it('export: CSV, JSON and JSON lines have one column per objective, metric and parameter', async () => {
    const url = await study();
    const csv = (await tsglove('study', 'export', url, 'named')).out.trimEnd().split('\n');
    expect(csv[0]).toBe('id,status,reward,metric_latency,param_act,param_block,param_kernel,param_lr,dna,reason,created_at,completed_at');
    expect(csv).toHaveLength(9);
    expect(csv[1]).toMatch(/^1,completed,[\d.]+,[\d.]+,(relu|swish),/);
    expect(csv[1]).toMatch(/,"\[\d[^"]*\]",,20\d\d-/); // the DNA as `study show` prints it, not "[null,...]"

    const lines = (await tsglove('study', 'export', url, 'named', '--format', 'jsonl')).out.trimEnd().split('\n');
    expect(lines).toHaveLength(8);
    const first = JSON.parse(lines[0]!);
    expect(first).toMatchObject({ id: 1, status: 'completed' });
    expect(typeof first.param_lr).toBe('number');
    expect(typeof first.metric_latency).toBe('number');

    const out = join(tempDir(), 'named.json');
    expect((await tsglove('study', 'export', url, 'named', '--format', 'json', '-o', out)).code).toBe(0);
    const json = JSON.parse(readFileSync(out, 'utf8'));
    expect(json.columns).toContain('param_act');
    expect(json.trials).toHaveLength(8);
    expect(json.trials[0].param_act).toBe(first.param_act);
    expect(json.trials[0].measurements).toEqual([]);
  });

  it('study copy, rename and delete', async () => {
    const url = await study();
    const copy = await tsglove('study', 'copy', url, 'named', 'named-copy');
    expect(copy.code, copy.err).toBe(0);
    expect(copy.out).toBe('copied study "named" to "named-copy" (8 trials)\n');
    const other = `sqlite:${join(tempDir(), 'other.db')}`;
    expect((await tsglove('study', 'copy', url, 'named', 'elsewhere', '--to', other)).code).toBe(0);
    expect((await tsglove('study', 'list', other)).out).toMatch(/elsewhere\s+random\s+0\s+8\s+8/);
    const renamed = await tsglove('study', 'rename', url, 'named-copy', 'renamed');
    expect(renamed.code, renamed.err).toBe(0);
    const list = (await tsglove('study', 'list', url)).out;
    expect(list).toMatch(/renamed\s+random\s+0\s+8\s+8/);
    expect(list).not.toMatch(/named-copy/);
    // the renamed study resumes like the original
    const resumed = await tsglove(
      'search',
      `${FIX}/named-space.ts`,
      '--algo',
      'random',
      '--trials',
      '10',
      '--storage',
      url,
      '--name',
      'renamed',
      '-q',
    );
    expect(resumed.code, resumed.err).toBe(0);
    const del = await tsglove('study', 'delete', url, 'renamed');
    expect(del.out).toBe(`deleted study "renamed" (10 trials) from ${url}\n`);
    expect((await tsglove('study', 'list', url)).out).not.toMatch(/renamed/);
    const missing = await tsglove('study', 'delete', url, 'renamed');
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/no study named "renamed"/);
    const clash = await tsglove('study', 'rename', url, 'named', 'named');
    expect(clash.code).toBe(1);
    expect(clash.err).toMatch(/a study named "named" exists already/);
  });
});

describe('a study stored before the record format had a version', () => {
  it('study show and export read it through the typed reader', async () => {
    const url = `sqlite:${v0Database()}`;
    const show = await tsglove('study', 'show', url, 'cli');
    expect(show.code, show.err).toBe(0);
    expect(show.out).toMatch(/"module":"space\.ts","objectives":\["accuracy"\]/);
    expect(show.out).toMatch(/"formatVersion":1/); // shown migrated
    const exported = JSON.parse((await tsglove('study', 'export', url, 'cli', '--format', 'json')).out);
    expect(exported.study.metadata.formatVersion).toBe(1);
    expect(exported.columns).toEqual([
      'id',
      'status',
      'reward',
      'metric_accuracy',
      'param_width',
      'param_act',
      'param_lr',
      'dna',
      'reason',
      'created_at',
      'completed_at',
    ]);
    expect(exported.trials[0]).toMatchObject({ id: 1, status: 'completed', param_width: 64, param_act: 'swish', param_lr: 0.01 });
  });
});
