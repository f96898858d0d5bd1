/**
 * DASHBOARD-10K: the study dashboard on a 10,000-trial study in headless chromium. The study (SQLite,
 * made from code with `sample()`) has 8 named parameters (floats and choices), 5 intermediate values
 * per trial, and every tenth trial stopped early. Measured: the study API's answer (size, ms), and the
 * page load — from navigation until every view is drawn (history, learning curves, slices, contour,
 * importance bars) — cold (importance computed) and warm (importance cached), median of 3 warm loads.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { floatValue, oneOf } from '@tsglove/symbolic';
import { openStorage, random, sample, type SharedStudyStorage } from '@tsglove/search';
import { startDashboard } from '@tsglove/cli';
import { median, type Workload } from './harness.js';
import { launchChromium } from '../test/support/chromium.js';

const TRIALS = 10_000;

const space = {
  lr: floatValue(1e-4, 1e-1, { name: 'lr', scale: 'log' }),
  momentum: floatValue(0.5, 0.99, { name: 'momentum' }),
  act: oneOf(['relu', 'swish', 'gelu'], { name: 'act' }),
  width: oneOf([16, 32, 64, 128], { name: 'width' }),
  depth: oneOf([2, 4, 6, 8], { name: 'depth' }),
  dropout: floatValue(0, 0.5, { name: 'dropout' }),
  optimizer: oneOf(['sgd', 'adam'], { name: 'optimizer' }),
  batch: oneOf([32, 64, 128, 256], { name: 'batch' }),
};

async function makeStudy(url: string): Promise<void> {
  const storage = (await openStorage(url)) as SharedStudyStorage;
  const sampling = sample(space, random({ seed: 1 }), { storage, name: 'big', numExamples: TRIALS });
  for await (const [e, fb] of sampling) {
    const final = Math.log10(e.lr) * -0.2 + (e.act === 'swish' ? 0.3 : 0) + e.width / 256 + e.momentum * 0.1;
    for (let step = 1; step <= 5; step++) await fb.addMeasurement({ step, reward: (final * step) / 5 });
    if (fb.id % 10 === 0) await fb.skip('stopped early');
    else await fb.report(final);
  }
  await storage.close();
}

export const workloads: Workload[] = [
  {
    id: 'DASHBOARD-10K',
    title: 'dashboard load on a 10,000-trial study (headless chromium)',
    async run() {
      // tmpfs when there is one: building 10,000 trials with fsync per write on a disk takes minutes.
      const dir = mkdtempSync(join(process.env.TSGLOVE_BENCH_TMP ?? (existsSync('/dev/shm') ? '/dev/shm' : tmpdir()), 'tsglove-dash-'));
      const url = `sqlite:${join(dir, 'big.db')}`;
      let t = performance.now();
      await makeStudy(url);
      const buildSeconds = (performance.now() - t) / 1000;
      const storage = (await openStorage(url)) as SharedStudyStorage;
      const dashboard = await startDashboard(storage, { port: 0 });
      const browser = await launchChromium();
      try {
        t = performance.now();
        const res = await fetch(`${dashboard.url}api/studies/big`);
        const body = await res.text();
        const apiMs = performance.now() - t;
        const load = async (): Promise<number> => {
          const page = await browser.newPage({ viewport: { width: 1280, height: 2000 } });
          const start = performance.now();
          await page.goto(`${dashboard.url}?study=big&refresh=600000`);
          await page.waitForFunction(
            `document.querySelector('#history')?.dataset.points === '${TRIALS - TRIALS / 10}' && document.querySelectorAll('#importance rect.bar').length === 8 && document.querySelectorAll('#slices svg.slice').length === 8 && Number(document.querySelector('#contour')?.dataset.cells) > 0 && document.body.dataset.trials === '${TRIALS}'`,
            undefined,
            { timeout: 120_000, polling: 50 },
          );
          const ms = performance.now() - start;
          await page.close();
          return ms;
        };
        const coldMs = await load();
        const warm = [await load(), await load(), await load()];
        const warmMs = median(warm);
        return {
          primary: 'warmLoadMs',
          unit: 'ms',
          metrics: { warmLoadMs: warmMs, coldLoadMs: coldMs, apiMs, apiMB: body.length / 1e6, trials: TRIALS, buildSeconds },
          markdown:
            `Dashboard on a ${TRIALS.toLocaleString('en-US')}-trial SQLite study (8 parameters, 5 intermediate values per trial, 10 % stopped early), headless chromium:\n\n` +
            `| measure | value |\n|---|---|\n| study API answer | ${(body.length / 1e6).toFixed(1)} MB in ${apiMs.toFixed(0)} ms |\n` +
            `| page load until every view is drawn, cold (importance computed) | ${coldMs.toFixed(0)} ms |\n| same, warm (median of 3) | ${warmMs.toFixed(0)} ms |\n`,
        };
      } finally {
        await browser.close();
        await dashboard.close();
        await storage.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  },
];
