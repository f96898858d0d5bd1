/**
 * The dashboard's trial page data: a trial's decoded parameters, reward, metrics and learning curve,
 * and — when the dashboard was given the study's space module (`tsglove dashboard --space`) — the
 * materialized child program as `format` prints it. When that child is a model (it has `build()`,
 * as `@tsglove/models` families do) and an accelerator is known (`--accel`, or the study's
 * `metadata.accelerator`), the page also gets its per-layer cost from `@tsglove/hwsim` and its
 * roofline SVG: what each searched architecture costs on the hardware, layer by layer.
 */
import { DNA, DynamicEvaluationContext, dnaSpec, format, materialize } from '@tsglove/symbolic';
import { paramsOf, type StoredStudy, type StoredTrial, type TrialParams } from '@tsglove/search';
import { estimate, roofline, type EstimateTotals } from '@tsglove/hwsim';
import { ops } from '@tsglove/models';
import { ACCELERATORS } from '../commands/hw.js';

/** What the trial page shows (see the module comment). */
export interface TrialDetail {
  trial: StoredTrial;
  params: TrialParams;
  /** `format(child)`, when the space is known. */
  program?: string;
  /** Per-layer cost on an accelerator, when the child is a model and an accelerator is known. */
  hardware?: {
    accelerator: string;
    layers: Array<{
      name: string;
      kind: string;
      macs: number;
      latencyUs: number;
      utilization: number;
      energyUJ: number;
      intensity: number;
    }>;
    totals: EstimateTotals;
    roofline: string;
  };
  /** Why a part is missing (no space given, the child is not a model, ...). */
  notes: string[];
}

/** Where the trial page gets the child from. */
export interface TrialContext {
  /** The study's space (a tree or a define-by-run function), from `--space`. */
  space?: unknown;
  /** Accelerator preset name (`tpuv3`, `v100`, `edgetpu`), from `--accel`. */
  accelerator?: string;
}

function materializeTrial(space: unknown, dna: StoredTrial['dna']): unknown {
  if (typeof space === 'function') {
    const fn = space as () => unknown;
    const context = new DynamicEvaluationContext();
    context.collect(fn);
    return context.apply(DNA.fromJSON(dna, context.dnaSpec), fn);
  }
  return materialize(space, DNA.fromJSON(dna, dnaSpec(space)));
}

/** The trial page's data for `trial` of `study`. */
export function trialDetail(trial: StoredTrial, study: StoredStudy, context: TrialContext): TrialDetail {
  const detail: TrialDetail = { trial, params: paramsOf(trial) ?? {}, notes: [] };
  if (context.space === undefined) {
    detail.notes.push('start the dashboard with --space <module> to see the child program and its hardware cost');
    return detail;
  }
  let child: unknown;
  try {
    child = materializeTrial(context.space, trial.dna);
    detail.program = format(child);
  } catch (error) {
    detail.notes.push(`cannot materialize this trial with the given space: ${(error as Error).message}`);
    return detail;
  }
  const accelName = (context.accelerator ?? study.metadata.accelerator)?.toLowerCase();
  const build = (child as { build?: unknown } | null)?.build;
  if (typeof build !== 'function') {
    detail.notes.push('the child is not a model (no build()), so it has no hardware cost');
    return detail;
  }
  if (!accelName) {
    detail.notes.push('give --accel tpuv3|v100|edgetpu (or store metadata.accelerator) to see the per-layer cost on hardware');
    return detail;
  }
  const make = ACCELERATORS[accelName as keyof typeof ACCELERATORS];
  if (!make) {
    detail.notes.push(`unknown accelerator ${JSON.stringify(accelName)}; known: ${Object.keys(ACCELERATORS).join(', ')}`);
    return detail;
  }
  try {
    const accelerator = make();
    const modelOps = ops(build.call(child) as Parameters<typeof ops>[0]);
    const est = estimate(accelerator, modelOps);
    detail.hardware = {
      accelerator: accelName,
      layers: est.layers.map((l) => ({
        name: l.name,
        kind: l.kind,
        macs: l.macs,
        latencyUs: l.latencyMs * 1000,
        utilization: l.utilization,
        energyUJ: l.energyPJ / 1e6,
        intensity: l.operationalIntensity,
      })),
      totals: est.totals,
      roofline: roofline(accelerator, modelOps, { estimate: est, width: 560, height: 360, title: `trial ${trial.id} on ${accelName}` }),
    };
  } catch (error) {
    detail.notes.push(`hardware estimate failed: ${(error as Error).message}`);
  }
  return detail;
}
