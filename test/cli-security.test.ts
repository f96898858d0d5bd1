/**
 * Issue 15's CLI and dashboard defects, each reproduced: credentials on screen (dashboard title,
 * summaries, errors, worker argv), a dashboard that answered any Host and could be bound to
 * 0.0.0.0 without a token, `?refresh=abc` polling in a tight loop, a malformed %-escape answered
 * with 500, `study list` writing a schema into a 0-byte file, and no way to reap a dead worker's trial.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { oneOf } from '@tsglove/symbolic';
import { openSqlite, random, Study, type SharedStudyStorage } from '@tsglove/search';
import { refreshInterval, run, startDashboard, type Dashboard } from '@tsglove/cli';
import { workerCommand } from '../packages/cli/src/commands/search.js';
import { PG_URL, tempDir, uniqueName, warnIfNoPostgres, withSchema } from '../packages/search/test/fixtures/storage/backends.js';

const ROOT = join(import.meta.dirname, '..');
const SECRET = 's3cret-pa55';

async function tsglove(...args: string[]): Promise<{ code: number; out: string; err: string; dashboard?: Dashboard }> {
  let out = '';
  let err = '';
  let dashboard: Dashboard | undefined;
  const code = await run(
    args,
    { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) }, cwd: ROOT },
    (d) => (dashboard = d),
  );
  return { code, out, err, dashboard };
}

/** A GET with an explicit Host header (fetch cannot set one). */
function get(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const open: Array<{ close(): Promise<void> }> = [];
afterAll(async () => {
  for (const o of open) await o.close();
});

async function sqliteStudy(): Promise<{ url: string; storage: SharedStudyStorage }> {
  const path = join(tempDir(), 'sec.db');
  const storage = openSqlite(path);
  open.push(storage);
  await Study.create({ x: oneOf([1, 2]) }, random({ seed: 1 }), { storage, name: 's' });
  return { url: `sqlite:${path}`, storage };
}

describe('dashboard: Host check, no CORS, tokens', () => {
  it('refuses a foreign Host (DNS rebinding) unless --allow-host names it, and sends no CORS headers', async () => {
    const { storage } = await sqliteStudy();
    const d = await startDashboard(storage, { port: 0 });
    open.push(d);
    const port = new URL(d.url).port;
    const ok = await get(`${d.url}api/studies`);
    expect(ok.status).toBe(200);
    expect(Object.keys(ok.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    expect((await get(`${d.url}api/studies`, { Host: `localhost:${port}` })).status).toBe(200);
    const evil = await get(`${d.url}api/studies`, { Host: `rebind.attacker.example:${port}`, Origin: 'http://rebind.attacker.example' });
    expect(evil.status).toBe(403);
    expect(evil.body).toMatch(/--allow-host rebind\.attacker\.example/);
    const allowed = await startDashboard(storage, { port: 0, allowHosts: ['studies.internal'] });
    open.push(allowed);
    expect((await get(`${allowed.url}api/studies`, { Host: `studies.internal:${new URL(allowed.url).port}` })).status).toBe(200);
  });

  it('with a token, every request must carry it; ?token= sets a cookie the page then uses', async () => {
    const { storage } = await sqliteStudy();
    const d = await startDashboard(storage, { port: 0, token: 'tok-123456789' });
    open.push(d);
    const base = d.url.replace(/\?.*$/, '');
    expect(d.url).toMatch(/\?token=tok-123456789$/);
    expect((await get(`${base}api/studies`)).status).toBe(401);
    expect((await get(`${base}api/studies`, { Authorization: 'Bearer wrong-token-x' })).status).toBe(401);
    expect((await get(`${base}api/studies`, { Authorization: 'Bearer tok-123456789' })).status).toBe(200);
    const page = await get(d.url);
    expect(page.status).toBe(200);
    const cookie = String(page.headers['set-cookie']).split(';')[0]!;
    expect(cookie).toBe('tsglove_token=tok-123456789');
    expect((await get(`${base}api/studies/s`, { Cookie: cookie })).status).toBe(200);
  });

  it('a non-loopback --host prints a warning and requires a token (generated and printed once)', async () => {
    const { url } = await sqliteStudy();
    const r = await tsglove('dashboard', url, '--host', '0.0.0.0', '--port', '0');
    expect(r.code, r.err).toBe(0);
    open.push(r.dashboard!);
    expect(r.err).toMatch(/^warning: --host 0\.0\.0\.0 is not loopback/);
    const token = /\?token=([\w-]+)/.exec(r.out)?.[1];
    expect(token?.length).toBeGreaterThanOrEqual(20);
    const port = new URL(r.dashboard!.url).port;
    expect((await get(`http://127.0.0.1:${port}/api/studies`)).status).toBe(401);
    expect((await get(`http://127.0.0.1:${port}/api/studies?token=${token}`)).status).toBe(200);
    await expect(startDashboard(null as never, { host: '0.0.0.0' })).rejects.toThrow(/not loopback: give it a token/);
  });

  it('a malformed %-escape is 400, not 500', async () => {
    const { storage } = await sqliteStudy();
    const d = await startDashboard(storage, { port: 0 });
    open.push(d);
    const r = await get(`${d.url}api/studies/%E0%A4%A`);
    expect(r.status).toBe(400);
    expect(r.body).toMatch(/malformed %-escape/);
  });

  it('?refresh=abc polls every 2 s, not in a tight loop (the page runs refreshInterval)', () => {
    expect(refreshInterval('abc')).toBe(2000);
    expect(refreshInterval(null)).toBe(2000);
    expect(refreshInterval('')).toBe(2000);
    expect(refreshInterval('Infinity')).toBe(2000);
    expect(refreshInterval('50')).toBe(200);
    expect(refreshInterval('5000')).toBe(5000);
  });
});

describe('no credentials on screen', () => {
  it('the dashboard title shows the storage URL without its password', async () => {
    const { storage } = await sqliteStudy();
    const d = await startDashboard(storage, { port: 0, title: `postgres://tuner:${SECRET}@db.example:5432/studies` });
    open.push(d);
    const page = (await get(d.url)).body;
    expect(page).toContain('postgres://tuner:***@db.example:5432/studies');
    expect(page).not.toContain(SECRET);
  });

  it('search --workers N hands workers the URL through the environment, not argv', () => {
    const url = `postgres://tuner:${SECRET}@db.example/studies`;
    const { args, env } = workerCommand(
      'space.ts',
      { algo: 'random', trials: '5', storage: url, seed: '0', workers: '4' },
      { trials: 5, name: 's', url },
    );
    expect(args.join(' ')).not.toContain(SECRET);
    expect(args).not.toContain('--storage');
    expect(env.TSGLOVE_STORAGE).toBe(url);
  });

  warnIfNoPostgres();
  it.runIf(PG_URL)('errors, summaries and "dashboard for …" lines never print the password', async () => {
    const u = new URL(withSchema(PG_URL!, uniqueName('redact')));
    u.password = SECRET; // the test server trusts local connections, so any password works
    const url = u.toString();
    const search = await tsglove(
      'search',
      'packages/cli/test/fixtures/tiny-space.ts',
      '--algo',
      'random',
      '--trials',
      '4',
      '--storage',
      url,
      '--name',
      'r',
      '--workers',
      '2',
    );
    expect(search.code, search.err).toBe(0);
    expect(search.out).toMatch(/^study "r" in postgres:\/\/postgres:\*\*\*@/);
    const missing = await tsglove('study', 'show', url, 'nope');
    expect(missing.code).toBe(1);
    const dash = await tsglove('dashboard', url, '--port', '0');
    open.push(dash.dashboard!);
    const page = (await get(dash.dashboard!.url)).body;
    for (const text of [search.out, search.err, missing.err, dash.out, dash.err, page]) expect(text).not.toContain(SECRET);
    expect(missing.err).toMatch(/no study named "nope" in postgres:\/\/postgres:\*\*\*@/);
  });
});

describe('study list, show and reap', () => {
  // Long enough that the second ask never finds the first trial already expired on a loaded machine
  // (it would re-queue and hand it out again: one trial instead of two).
  const LEASE_MS = 1500;

  it('study list on a 0-byte file leaves it empty (listing is read-only)', async () => {
    const path = join(tempDir(), 'empty.db');
    writeFileSync(path, '');
    const r = await tsglove('study', 'list', `sqlite:${path}`);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/not a tsglove study database \(an empty file/);
    expect(statSync(path).size).toBe(0);
    expect(readFileSync(path).length).toBe(0);
  });

  it("study reap and study show hand a dead worker's expired trial back to the queue", async () => {
    const path = join(tempDir(), 'reap.db');
    const dead = openSqlite(path, { staleMs: LEASE_MS, heartbeatMs: 600_000 });
    const study = await Study.create({ x: oneOf([1, 2, 3]) }, random({ seed: 1 }), { storage: dead, name: 'r' });
    await study.ask();
    await study.ask();
    await dead.close(); // the worker is gone; its trials' leases expire LEASE_MS later
    await new Promise((r) => setTimeout(r, LEASE_MS + 100));
    const reap = await tsglove('study', 'reap', `sqlite:${path}`, 'r');
    expect(reap.code, reap.err).toBe(0);
    expect(reap.out).toBe('study "r": re-queued 2 expired trial(s): 1, 2\n');
    expect((await tsglove('study', 'reap', `sqlite:${path}`, 'r')).out).toBe('study "r": no expired trials\n');
    const show = await tsglove('study', 'show', `sqlite:${path}`, 'r');
    expect(show.out).toMatch(/\n\s*1\s+pending/);
    const again = openSqlite(path, { staleMs: LEASE_MS, heartbeatMs: 600_000 });
    const s2 = await Study.create({ x: oneOf([1, 2, 3]) }, random({ seed: 1 }), { storage: again, name: 'r' });
    await s2.ask(); // claims trial 1 (lease 2)
    await again.close();
    await new Promise((r) => setTimeout(r, LEASE_MS + 100));
    const shown = await tsglove('study', 'show', `sqlite:${path}`, 'r');
    expect(shown.err).toBe('re-queued 1 expired trial(s): 1\n');
    expect(shown.out).toMatch(/\n\s*1\s+pending/);
  });
});
