/**
 * The headless Chromium that the browser tests and the dashboard bench drive (Debian's, through
 * playwright-core). The flags keep it off the network this machine does not have (without them it
 * opens many refused connections at every start). No vitest here, so bench/ can use it too.
 */
import { chromium, type Browser } from 'playwright-core';

/** The Chromium binary: `TSGLOVE_CHROMIUM`, default Debian's `/usr/bin/chromium`. */
export const CHROMIUM = process.env.TSGLOVE_CHROMIUM || '/usr/bin/chromium';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches {@link CHROMIUM} headless, offline. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
}
