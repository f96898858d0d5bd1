/**
 * Tests that need a system component the machine may lack (Chromium, a PostgreSQL server). Where it
 * is absent the tests are reported as skipped, under a suite whose name gives the reason and the
 * command that enables them. `.ci/run` sets `TSGLOVE_REQUIRE_SYSTEM=1`, which turns every such skip
 * into a failure, so CI always drives the real browser and the real database.
 */
import { existsSync } from 'node:fs';
import { describe, it } from 'vitest';
import { CHROMIUM } from './chromium.js';

/** A system component some tests need. */
export interface SystemNeed {
  /** What is needed, e.g. `chromium at /usr/bin/chromium`. */
  what: string;
  /** The command (or setting) that provides it. */
  enable: string;
}

const reported = new Set<string>();

/**
 * True when the need is met. Otherwise registers a skipped suite that names the reason (once per
 * need and file) and returns false; under `TSGLOVE_REQUIRE_SYSTEM=1` it throws instead.
 */
export function systemAvailable(present: boolean, need: SystemNeed): boolean {
  if (present) return true;
  const reason = `needs ${need.what}; enable with: ${need.enable}`;
  if (process.env.TSGLOVE_REQUIRE_SYSTEM === '1') throw new Error(`TSGLOVE_REQUIRE_SYSTEM=1 but this test ${reason}`);
  if (!reported.has(reason)) {
    reported.add(reason);
    console.warn(`SKIPPED: ${reason}`);
    describe.skip(`SKIPPED (${reason})`, () => it('is not run on this machine', () => undefined));
  }
  return false;
}

/** True when Chromium is installed (else a reported skip; see {@link systemAvailable}). */
export function chromiumAvailable(): boolean {
  return systemAvailable(existsSync(CHROMIUM), {
    what: `chromium at ${CHROMIUM}`,
    enable: 'apt-get install chromium (or set TSGLOVE_CHROMIUM)',
  });
}

/** The PostgreSQL server of the storage tests (`TSGLOVE_PG_URL`), or undefined. */
export const PG_URL = process.env.TSGLOVE_PG_URL || undefined;

/** True when a PostgreSQL server is configured (else a reported skip; see {@link systemAvailable}). */
export function postgresAvailable(): boolean {
  return systemAvailable(PG_URL !== undefined, {
    what: 'a PostgreSQL server in TSGLOVE_PG_URL',
    enable: 'apt-get install postgresql, start a server, export TSGLOVE_PG_URL=postgres://user@127.0.0.1:5432/db (.ci/run does this)',
  });
}
