/**
 * Readers for SCALE-Sim v2 files: the `.cfg` architecture config, topology CSVs and per-layer result
 * CSVs (the columns of its COMPUTE/DETAILED_ACCESS reports joined per layer). They turn SCALE-Sim
 * inputs into hwsim configs and ops, so any SCALE-Sim run can be compared with `estimate`.
 */
import type { Dataflow, SystolicArrayConfig } from './config.js';
import { ScaleSimFormatError } from './errors.js';
import type { Conv2dOp } from './ops.js';

/** The architecture presets of a SCALE-Sim `.cfg`. */
export interface ScaleSimConfig {
  runName: string;
  rows: number;
  cols: number;
  ifmapSramKiB: number;
  filterSramKiB: number;
  ofmapSramKiB: number;
  dataflow: Dataflow;
  /** `Bandwidth` in words per cycle. */
  bandwidthWordsPerCycle: number;
  /** `InterfaceBandwidth`: CALC means SCALE-Sim sizes the bandwidth so that nothing stalls. */
  interfaceBandwidth: 'CALC' | 'USER';
}

/** Parses a SCALE-Sim `.cfg` (INI with `key: value` or `key = value` lines). */
export function parseScaleSimConfig(text: string): ScaleSimConfig {
  const values = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('[') || line.startsWith('#') || line.startsWith(';')) continue;
    const m = /^([^:=]+?)\s*[:=]\s*(.*)$/.exec(line);
    if (m) values.set(m[1]!.trim().toLowerCase(), m[2]!.trim());
  }
  const num = (key: string): number => {
    const v = values.get(key.toLowerCase());
    const n = v === undefined ? NaN : Number(v);
    if (!Number.isFinite(n))
      throw new ScaleSimFormatError(`cfg.${key}: expected a number, got ${v === undefined ? 'nothing' : JSON.stringify(v)}`, `cfg.${key}`);
    return n;
  };
  const dataflow = (values.get('dataflow') ?? '').toLowerCase();
  if (dataflow !== 'os' && dataflow !== 'ws' && dataflow !== 'is') {
    throw new ScaleSimFormatError(`cfg.Dataflow: expected os, ws or is, got ${JSON.stringify(dataflow)}`, 'cfg.Dataflow');
  }
  return {
    runName: values.get('run_name') ?? '',
    rows: num('ArrayHeight'),
    cols: num('ArrayWidth'),
    ifmapSramKiB: num('IfmapSramSzkB'),
    filterSramKiB: num('FilterSramSzkB'),
    ofmapSramKiB: num('OfmapSramSzkB'),
    dataflow,
    bandwidthWordsPerCycle: values.has('bandwidth') ? num('Bandwidth') : 10,
    interfaceBandwidth: (values.get('interfacebandwidth') ?? 'CALC').toUpperCase() === 'USER' ? 'USER' : 'CALC',
  };
}

/**
 * The hwsim config of a SCALE-Sim config: 1-byte words (SCALE-Sim counts words), a 1 GHz clock
 * (SCALE-Sim has none) and the DRAM bandwidth of `Bandwidth` words per cycle — or, under
 * `InterfaceBandwidth: CALC`, a bandwidth so large that no layer stalls (as in SCALE-Sim).
 */
export function systolicFromScaleSim(cfg: ScaleSimConfig): SystolicArrayConfig {
  return {
    kind: 'systolic',
    rows: cfg.rows,
    cols: cfg.cols,
    dataflow: cfg.dataflow,
    ifmapSramKiB: cfg.ifmapSramKiB,
    filterSramKiB: cfg.filterSramKiB,
    ofmapSramKiB: cfg.ofmapSramKiB,
    dramGBps: cfg.interfaceBandwidth === 'CALC' ? 1e12 : cfg.bandwidthWordsPerCycle,
    clockMHz: 1000,
    bytesPerWord: 1,
  };
}

/** One row of a CSV: column name → cell text. */
export type CsvRow = Record<string, string>;

/** Parses a comma-separated file with a header line (no quoting; trailing commas ignored). */
export function parseCsv(text: string): CsvRow[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0) throw new ScaleSimFormatError('csv: empty file');
  const header = lines[0]!.split(',').map((h) => h.trim());
  while (header.length && header[header.length - 1] === '') header.pop();
  return lines.slice(1).map((line) => {
    const cells = line.split(',');
    const row: CsvRow = {};
    header.forEach((h, i) => (row[h] = (cells[i] ?? '').trim()));
    return row;
  });
}

/** Reads an integer cell; errors name the row and column, e.g. `csv[3].num_filt`. */
export function intCell(row: CsvRow, column: string, index: number): number {
  const v = row[column];
  const n = v === undefined || v === '' ? NaN : Number(v);
  if (!Number.isInteger(n))
    throw new ScaleSimFormatError(
      `csv[${index}].${column}: expected an integer, got ${v === undefined ? 'no such column' : JSON.stringify(v)}`,
      `csv[${index}].${column}`,
    );
  return n;
}

/** Column names of a SCALE-Sim layer shape: result CSVs use snake case, topology CSVs words. */
const SHAPE_COLUMNS = {
  results: ['name', 'ifmap_h', 'ifmap_w', 'filt_h', 'filt_w', 'channels', 'num_filt', 'stride'],
  topology: ['Layer name', 'IFMAP Height', 'IFMAP Width', 'Filter Height', 'Filter Width', 'Channels', 'Num Filter', 'Strides'],
} as const;

/**
 * The op of one SCALE-Sim layer (a valid-padded convolution; depthwise layers appear there as
 * `num_filt = 1` convolutions and stay so). Works on result and topology CSV rows.
 */
export function scaleSimLayerOp(row: CsvRow, index = 0): Conv2dOp {
  const cols = 'ifmap_h' in row ? SHAPE_COLUMNS.results : SHAPE_COLUMNS.topology;
  return {
    kind: 'conv2d',
    name: row[cols[0]] ?? `layer${index}`,
    ifmapH: intCell(row, cols[1], index),
    ifmapW: intCell(row, cols[2], index),
    filterH: intCell(row, cols[3], index),
    filterW: intCell(row, cols[4], index),
    channels: intCell(row, cols[5], index),
    numFilters: intCell(row, cols[6], index),
    stride: intCell(row, cols[7], index),
  };
}
