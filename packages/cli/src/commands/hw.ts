/** `tsglove hw estimate <model preset> --accel tpuv3|v100|edgetpu`: per-layer cost table and totals. */
import { MODEL_PRESETS, modelPreset, ops } from '@tsglove/models';
import { edgeTpu, estimate, tpuV3, v100 } from '@tsglove/hwsim';
import { EXIT, positiveInt, usageError } from '../errors.js';
import { formatNumber, table, type CliIO } from '../io.js';

/** The accelerator presets the CLI knows, by `--accel` name. */
export const ACCELERATORS = { tpuv3: tpuV3, v100, edgetpu: edgeTpu } as const;

/** Accelerator names `--accel` takes. */
export const ACCELERATOR_NAMES = Object.keys(ACCELERATORS);

/** Runs the estimate; `--top N` keeps the N slowest layers; `--json` prints the raw estimate. */
export async function hwEstimate(preset: string, flags: { accel: string; top?: string; json?: boolean }, io: CliIO): Promise<number> {
  const make = ACCELERATORS[flags.accel.toLowerCase() as keyof typeof ACCELERATORS];
  if (!make) throw usageError(`--accel: unknown accelerator ${JSON.stringify(flags.accel)}; choose one of ${ACCELERATOR_NAMES.join(', ')}`);
  let model;
  try {
    model = modelPreset(preset);
  } catch {
    const near = MODEL_PRESETS.filter((p) => p.startsWith(preset.toLowerCase().split('-')[0] ?? '')).slice(0, 8);
    throw usageError(
      `unknown model preset ${JSON.stringify(preset)}; e.g. ${(near.length ? near : MODEL_PRESETS.slice(0, 8)).join(', ')} (${MODEL_PRESETS.length} presets, plus nas-bench-macro-<8 digits over 0-2>)`,
    );
  }
  const result = estimate(make(), ops(model.build()));
  if (flags.json) {
    io.stdout.write(JSON.stringify(result, null, 2) + '\n');
    return EXIT.ok;
  }
  let layers = result.layers.map((l, i) => ({ l, i }));
  if (flags.top !== undefined)
    layers = [...layers]
      .sort((a, b) => b.l.latencyMs - a.l.latencyMs)
      .slice(0, positiveInt('--top', flags.top))
      .sort((a, b) => a.i - b.i);
  const rows: Array<Array<string | number>> = layers.map(({ l, i }) => [
    i,
    l.name,
    l.kind,
    l.macs,
    l.totalCycles,
    l.latencyMs * 1000,
    l.utilization * 100,
    l.energyPJ / 1e6,
  ]);
  const t = result.totals;
  const text = table(['#', 'layer', 'kind', 'MACs', 'cycles', 'latency µs', 'util %', 'energy µJ'], rows);
  io.stdout.write(
    `${preset} on ${flags.accel}: ${result.layers.length} layers${flags.top ? ` (the ${layers.length} slowest shown)` : ''}\n\n${text}\n`,
  );
  io.stdout.write(
    table(
      ['total', 'value'],
      [
        ['MACs', formatNumber(t.macs)],
        ['cycles', formatNumber(t.totalCycles)],
        ['latency', `${formatNumber(t.latencyMs)} ms`],
        ['utilization', `${formatNumber(t.utilization * 100)} %`],
        ['energy', `${formatNumber(t.energyPJ / 1e9)} mJ`],
        ['DRAM traffic', `${formatNumber(t.dramBytes / 1e6)} MB`],
        ['area', `${formatNumber(t.areaMM2)} mm²`],
      ],
    ),
  );
  return EXIT.ok;
}
