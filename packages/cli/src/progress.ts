/**
 * Search progress: a cli-progress bar (trials done, best reward, ETA) on a TTY; nothing while
 * running otherwise (CI logs stay clean), and a summary line at the end either way.
 */
import cliProgress from 'cli-progress';
import type { CliIO } from './io.js';
import { formatNumber } from './io.js';

/** Progress of one search. */
export interface Progress {
  update(done: number, best: number | undefined): void;
  stop(): void;
}

/** A bar on TTYs (or when `force`), a no-op otherwise. */
export function progress(io: CliIO, total: number, options: { quiet?: boolean } = {}): Progress {
  if (options.quiet || !io.stderr.isTTY || !Number.isFinite(total)) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    {
      format: 'search |{bar}| {value}/{total} trials | best {best} | ETA {eta_formatted}',
      stream: io.stderr as NodeJS.WritableStream,
      hideCursor: true,
      etaBuffer: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { best: '-' });
  return {
    update(done, best) {
      bar.update(done, { best: best === undefined ? '-' : formatNumber(best) });
    },
    stop() {
      bar.stop();
    },
  };
}
