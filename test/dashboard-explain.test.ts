/**
 * The dashboard's explaining views in headless chromium: optimization history, learning curves with
 * trials stopped early, parameter importance (a synthetic objective whose important parameters are
 * known), slices, a contour of two chosen parameters, and the trial page — parameters, the child
 * program (`format`) and, for a NAS-Bench-Macro network on the Edge TPU, its per-layer cost and
 * roofline. Screenshots go to test-artifacts/ (the README's copies live in docs/).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { floatValue, oneOf } from '@tsglove/symbolic';
import { medianStopping, openStorage, random, regularizedEvolution, sample, type SharedStudyStorage } from '@tsglove/search';
import { run, type Dashboard } from '@tsglove/cli';
import { space as nasSpace, evaluate as nasEvaluate } from '../examples/cli-space.js';
import { tempDir } from '../packages/search/test/fixtures/storage/backends.js';
import { launchChromium } from './support/chromium.js';
import { chromiumAvailable } from './support/system.js';

const present = chromiumAvailable();
const ARTIFACTS = join(import.meta.dirname, '..', 'test-artifacts');

let storage: SharedStudyStorage;
let dashboard: Dashboard;
let browser: Browser;

/** A tuning space whose reward is 10·lr + 4·[act = swish]: lr and act matter, width and noise do not. */
const tuning = () => ({
  lr: floatValue(0, 1, { name: 'lr' }),
  act: oneOf(['relu', 'swish', 'gelu'], { name: 'act' }),
  width: oneOf([16, 32, 64], { name: 'width' }),
  noise: floatValue(0, 1, { name: 'noise' }),
});

beforeAll(async () => {
  if (!present) return;
  const url = `sqlite:${join(tempDir(), 'explain.db')}`;
  storage = (await openStorage(url)) as SharedStudyStorage;
  // Learning curves: 5 epochs each; the median rule may stop every third trial early (the others
  // complete, so the completed trials stay an unbiased sample for importance).
  const tuned = sample(tuning(), random({ seed: 4 }), {
    storage,
    name: 'tuning',
    numExamples: 120,
    earlyStopping: medianStopping({ minPeers: 5 }),
  });
  for await (const [e, fb] of tuned) {
    const final = 10 * e.lr + (e.act === 'swish' ? 4 : 0);
    let stopped = false;
    for (let step = 1; step <= 5 && !stopped; step++) {
      await fb.addMeasurement({ step, reward: (final * step) / 5 });
      if (step < 5 && fb.id % 3 === 0 && (await fb.shouldStop())) stopped = true;
    }
    if (stopped) await fb.skip('stopped early by the median rule');
    else await fb.report(final);
  }
  const nas = sample(nasSpace, regularizedEvolution({ populationSize: 10, tournamentSize: 3, seed: 1 }), {
    storage,
    name: 'nas',
    numExamples: 30,
  });
  for await (const [net, fb] of nas) await fb.report(nasEvaluate(net));
  const out: string[] = [];
  const code = await run(
    ['dashboard', url, '--port', '0', '--space', 'examples/cli-space.ts', '--accel', 'edgetpu'],
    { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => out.push(s) }, cwd: join(import.meta.dirname, '..') },
    (d) => (dashboard = d),
  );
  expect(code, out.join('')).toBe(0);
  browser = await launchChromium();
}, 120_000);

beforeEach((context) => {
  if (!present) context.skip();
});

afterAll(async () => {
  await browser?.close();
  await dashboard?.close();
  await storage?.close();
});

describe('the dashboard explains a study', () => {
  it('history, learning curves with stopped trials, importance, slices and contour', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 2200 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${dashboard.url}?study=tuning&refresh=100000`);
    await page.waitForSelector('#importance rect.bar');
    const trials = await storage.listTrials('tuning');
    const completed = trials.filter((t) => t.status === 'completed');
    const stopped = trials.filter((t) => t.status === 'infeasible');
    expect(stopped.length).toBeGreaterThan(0);
    expect(await page.getAttribute('#history', 'data-points')).toBe(String(completed.length));
    expect(await page.getAttribute('#history', 'data-failed')).toBe(String(stopped.length));
    expect(await page.getAttribute('#curves', 'data-curves')).toBe('120');
    expect(await page.getAttribute('#curves', 'data-stopped')).toBe(String(stopped.length));
    expect(await page.locator('#curves path.curve.stopped').count()).toBe(stopped.length);
    // Importance: lr and act first (the objective depends on nothing else).
    const bars = await page.locator('#importance rect.bar').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-param')));
    expect(bars.slice(0, 2)).toEqual(['lr', 'act']);
    expect(await page.textContent('#importance-note')).toMatch(/^permutation importance over a random forest/);
    // Slices: one per parameter, ordered by importance.
    await page.waitForFunction("document.querySelector('#slices svg.slice')?.dataset.param === 'lr'");
    expect(await page.locator('#slices svg.slice').evaluateAll((s) => s.map((e) => e.getAttribute('data-param')))).toEqual(bars);
    expect(await page.getAttribute('#slices svg.slice[data-param="act"]', 'data-points')).toBe(String(completed.length));
    // Contour: any two parameters.
    expect(Number(await page.getAttribute('#contour', 'data-cells'))).toBeGreaterThan(4);
    await page.selectOption('#contour-x', 'act');
    await page.selectOption('#contour-y', 'lr');
    expect(await page.getAttribute('#contour', 'data-x')).toBe('act');
    expect(await page.getAttribute('#contour', 'data-y')).toBe('lr');
    // The swish column is the best on average.
    const cells = await page.locator('#contour rect.cell').count();
    expect(cells).toBeGreaterThanOrEqual(3);
    // The trial page opens from the table.
    await page.locator('#trials tbody tr[data-trial="1"]').click();
    await page.waitForSelector('#trial-params');
    expect(await page.textContent('#trial-params')).toMatch(/lr/);
    expect(await page.textContent('#trial-body')).toMatch(/start the dashboard with --space|cannot materialize/);
    expect(errors).toEqual([]);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-explain.png'), fullPage: true });
    // The explaining views alone (the README's picture): from the history to the slices.
    const box = (await page.evaluate(`(() => {
      const a = document.getElementById('history').closest('section').getBoundingClientRect();
      const b = document.getElementById('slices').closest('section').getBoundingClientRect();
      return { x: 0, y: a.top + window.scrollY - 8, width: 1280, height: b.bottom - a.top + 16 };
    })()`)) as { x: number; y: number; width: number; height: number };
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-views.png'), clip: box, fullPage: true });
    await page.close();
  }, 60_000);

  it("a NAS trial's page: decoded parameters, the child program, per-layer cost on the Edge TPU and the roofline", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 2400 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const best = (await storage.listTrials('nas', { status: ['completed'] })).reduce((b, t) =>
      (t.reward as number) > (b.reward as number) ? t : b,
    );
    await page.goto(`${dashboard.url}?study=nas&trial=${best.id}&refresh=100000`);
    await page.waitForSelector('#trial-roofline svg');
    expect(await page.getAttribute('#trial-section', 'data-trial')).toBe(String(best.id));
    expect(await page.textContent('#trial-program')).toMatch(/NasBenchMacro/);
    const layers = await page.locator('#trial-layers tbody tr').count();
    expect(layers).toBeGreaterThan(5);
    expect(await page.locator('#trial-roofline svg circle.op').count()).toBeGreaterThan(0);
    expect(await page.textContent('#trial-body')).toMatch(/Cost on edgetpu: [\d.]+ ms/);
    expect(await page.textContent('#trial-metrics')).toMatch(/params/);
    expect(errors).toEqual([]);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.locator('#trial-section').screenshot({ path: join(ARTIFACTS, 'dashboard-trial.png') });
    const top = (await page.evaluate(`(() => {
      const r = document.querySelector('#trial-section').getBoundingClientRect();
      const t = document.querySelector('#trial-section .trial-top').getBoundingClientRect();
      return { x: 0, y: r.top + window.scrollY - 4, width: 1280, height: t.bottom - r.top + 16 };
    })()`)) as { x: number; y: number; width: number; height: number };
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-trial-top.png'), clip: top, fullPage: true });
    await page.close();
  }, 60_000);

  it('the new routes answer 404 for unknown studies and trials', async () => {
    expect((await fetch(`${dashboard.url}api/studies/nope/importance`)).status).toBe(404);
    const missing = await fetch(`${dashboard.url}api/studies/nas/trials/999`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'study "nas" has no trial 999' });
  });
});
