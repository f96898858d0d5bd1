/** The SCALE-Sim v2 fixture runs (fixtures/scalesim): each per-layer CSV with its parsed config. */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseScaleSimConfig } from '@tsglove/hwsim';
import { parseCsv } from './internals.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'scalesim');

/** Every `<topology>__<config>.csv` with its `<config>.cfg`, in file-name order. */
export const SCALESIM_RUNS = readdirSync(dir)
  .filter((f) => f.endsWith('.csv'))
  .sort()
  .map((file) => {
    const cfgName = file
      .replace(/\.csv$/, '')
      .split('__')
      .pop()!;
    const cfg = parseScaleSimConfig(readFileSync(join(dir, `${cfgName}.cfg`), 'utf8'));
    const rows = parseCsv(readFileSync(join(dir, file), 'utf8'));
    return { file, cfg, rows };
  });
