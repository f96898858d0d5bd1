/**
 * `tsglove search` with evaluations that go wrong: bad rewards fail their trial and the search goes
 * on (also after a resume); wrong space modules and flags are usage errors; --timeout says it stopped.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStorage } from '@tsglove/search';
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

describe('tsglove search: graceful trials', () => {
  it('NaN, Infinity, a string and a tuple reward fail their trials with the reason; the search completes and resumes', async () => {
    const url = `sqlite:${join(tempDir(), 'bad.db')}`;
    const r = await tsglove('search', `${FIX}/bad-rewards.ts`, '--algo', 'grid', '--trials', '6', '--storage', url, '--name', 'bad');
    const single = await tsglove(
      'search',
      `${FIX}/bad-rewards.ts`,
      '--algo',
      'evolution',
      '--trials',
      '30',
      '--storage',
      url,
      '--name',
      'single',
    );
    expect(single.code, single.err).toBe(0);
    expect(single.err).toMatch(/bad reward: regularizedEvolution: takes a single number as reward, got a tuple \[1, 2\]/);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/6 trials \(2 completed, 4 failed\)/);
    expect(r.err).toMatch(/^warning: 4 trial\(s\) failed/);
    expect(r.err).toContain('trial 2: bad reward: grid: reward must be a finite number, got NaN');
    expect(r.err).toContain('trial 3: bad reward: grid: reward must be a finite number, got Infinity');
    expect(r.err).toContain('trial 4: bad reward: grid: reward must be a number or a tuple of numbers, got the string "high"');
    // grid takes tuples, but not a tuple in a study whose trials report numbers
    expect(r.err).toContain("trial 5: bad reward: reward [1, 2] is a tuple of 2, but the study's completed trials have a number");
    const storage = await openStorage(url.replace('sqlite:', 'sqlite:'));
    const trials = await storage.listTrials('bad');
    expect(trials.filter((t) => t.status === 'running')).toEqual([]);
    await storage.close?.();
    // study list shows a finite best (never "best Infinity")
    const list = await tsglove('study', 'list', url);
    expect(list.out).toMatch(/bad\s+grid\s+0\s+6\s+2\s+0\.7/);
    // resuming hands out nothing stale and goes on (grid is exhausted after 6)
    const again = await tsglove('search', `${FIX}/bad-rewards.ts`, '--algo', 'grid', '--trials', '8', '--storage', url, '--name', 'bad');
    expect(again.code, again.err).toBe(0);
  });

  it('a space module exporting a non-space is a usage error naming it', async () => {
    const r = await tsglove('search', `${FIX}/not-a-space.ts`, '--storage', 'memory:');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error: space module .*not-a-space\.ts: `space` \(42\) holds no decision to search/);
  });

  it('dashboard --port 99999 is a usage error (exit 2)', async () => {
    const r = await tsglove('dashboard', 'sqlite:nope.db', '--port', '99999');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error: --port must be an integer in \[0, 65535\], got "99999"/);
  });

  it('--timeout: the summary says it stopped on time and how many of the trials asked for exist', async () => {
    const url = `sqlite:${join(tempDir(), 'timeout2.db')}`;
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
      '0.2',
    );
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(
      /^stopped on time: --timeout 0\.2 s reached after (\d+) new trials; the study has \1 of the 1000000 asked for \(run again to resume\)\n/,
    );
  });
});
