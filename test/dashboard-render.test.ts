/**
 * The dashboard in a real browser: headless Debian chromium (playwright-core) loads the page for
 * real studies (NAS-Bench-Macro with regularized evolution; a two-objective NSGA-II study) and the
 * plots and table render; a trial added while the page is open shows up (live refresh). A
 * screenshot is saved to test-artifacts/dashboard.png.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { nsga2, openStorage, regularizedEvolution, sample, type SharedStudyStorage } from '@tsglove/search';
import { run, type Dashboard } from '@tsglove/cli';
import { space, evaluate } from '../examples/cli-space.js';
import { tempDir } from '../packages/search/test/fixtures/storage/backends.js';
import { launchChromium } from './support/chromium.js';
import { chromiumAvailable } from './support/system.js';

// Without chromium every test here is reported as skipped, with the command that installs it.
const present = chromiumAvailable();
const ARTIFACTS = join(import.meta.dirname, '..', 'test-artifacts');

let storage: SharedStudyStorage;
let dashboard: Dashboard;
let browser: Browser;
let url: string;

beforeAll(async () => {
  if (!present) return;
  url = `sqlite:${join(tempDir(), 'dash.db')}`;
  storage = (await openStorage(url)) as SharedStudyStorage;
  const evo = sample(space, regularizedEvolution({ populationSize: 10, tournamentSize: 3, seed: 1 }), {
    storage,
    name: 'nas-evolution',
    numExamples: 40,
    metadata: { decisions: Array.from({ length: 8 }, (_, i) => `layer${i}`) },
  });
  for await (const [net, fb] of evo) await fb.report(evaluate(net));
  const multi = sample(space, nsga2({ seed: 2 }), {
    storage,
    name: 'nas-pareto',
    numExamples: 40,
    metadata: { objectives: ['accuracy', '-params (M)'] },
  });
  for await (const [net, fb] of multi) {
    const { reward, metrics } = evaluate(net);
    await fb.report([reward, -metrics.params / 1e6]);
  }
  const out: string[] = [];
  const code = await run(
    ['dashboard', url, '--port', '0'],
    { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => out.push(s) } },
    (d) => (dashboard = d),
  );
  expect(code, out.join('')).toBe(0);
  expect(out.join('')).toContain(dashboard.url);
  browser = await launchChromium();
}, 60_000);

beforeEach((context) => {
  if (!present) context.skip();
});

afterAll(async () => {
  await browser?.close();
  await dashboard?.close();
  await storage?.close();
});

describe('dashboard in headless chromium', () => {
  it('renders the best-so-far curve, parallel coordinates and trials table, and refreshes live', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${dashboard.url}?study=nas-evolution&refresh=300`);
    await page.waitForSelector('#trials tbody tr');
    expect(await page.locator('#trials tbody tr').count()).toBe(40);
    expect(await page.getAttribute('#best', 'data-points')).toBe('40');
    const d = await page.getAttribute('#best path.best-line', 'd');
    expect(d!.split('L')).toHaveLength(40);
    expect(await page.getAttribute('#parallel', 'data-axes')).toBe('8');
    expect(await page.locator('#parallel path.line').count()).toBe(40);
    expect(await page.locator('#parallel text', { hasText: 'layer7' }).count()).toBe(1);
    // Each axis is labelled with its range; the table shows DNA as [a, b, ...] and the metrics.
    expect(await page.locator('#parallel text.axis-min').count()).toBe(8);
    expect(await page.locator('#parallel text.axis-max').count()).toBe(8);
    const firstRow = await page.locator('#trials tbody tr').last().locator('td').allTextContents();
    expect(firstRow[0]).toBe('1');
    expect(firstRow[3]).toMatch(/^params=[\d,]+ flops=[\d,.e+]+$/);
    expect(firstRow[5]).toMatch(/^\[\d, \d, \d, \d, \d, \d, \d, \d\]$/);
    expect(await page.isHidden('#pareto-section')).toBe(true);
    expect(await page.textContent('#summary')).toMatch(/nas-evolution: regularizedEvolution \(seed 1\), 40 trials — 40 completed/);
    // Live refresh: a trial written by a "worker" appears without reloading.
    const extra = await storage.createTrial('nas-evolution', { dna: [null, 0, 0, 0, 0, 0, 0, 0, 0], status: 'running' });
    await page.waitForFunction("document.body.dataset.trials === '41'");
    expect(await page.locator('#trials tbody tr.running').count()).toBe(1);
    await storage.updateTrial('nas-evolution', extra.id, { status: 'failed', reason: 'killed' });
    await page.waitForSelector('#trials tbody tr.failed');
    expect(errors).toEqual([]);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-single.png'), fullPage: true });
    await page.close();
  });

  it('draws the Pareto front of a multi-objective study (screenshot in test-artifacts/)', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
    await page.goto(`${dashboard.url}?study=nas-pareto`);
    await page.waitForSelector('#pareto circle');
    expect(await page.isVisible('#pareto-section')).toBe(true);
    expect(await page.getAttribute('#pareto', 'data-points')).toBe('40');
    const front = Number(await page.getAttribute('#pareto', 'data-front'));
    expect(front).toBeGreaterThan(0);
    expect(await page.locator('#pareto circle.front').count()).toBe(front);
    // The front drawn is the non-dominated set of the stored rewards.
    const rewards = (await storage.listTrials('nas-pareto', { status: ['completed'] })).map((t) => t.reward as number[]);
    const nonDominated = rewards.filter((r) => !rewards.some((o) => o[0]! >= r[0]! && o[1]! >= r[1]! && (o[0]! > r[0]! || o[1]! > r[1]!)));
    expect(front).toBe(nonDominated.length);
    expect(await page.locator('#study option').allTextContents()).toEqual(['nas-evolution (regularizedEvolution)', 'nas-pareto (nsga2)']);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard.png'), fullPage: true });
    await page.close();
  });

  it('is read-only and says so for other methods and unknown studies', async () => {
    const post = await fetch(`${dashboard.url}api/studies`, { method: 'POST' });
    expect(post.status).toBe(405);
    const missing = await fetch(`${dashboard.url}api/studies/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'no study named "nope"' });
  });
});
