/**
 * HW1/HW2: `estimate` throughput (whole networks per second) against SCALE-Sim v2, which takes
 * 250–900 s per network (reference figure: 1/250 networks/s, its fastest case). Target ≥ 10⁶×.
 * HW1 runs SCALE-Sim's MobileNet on its 32×32 output-stationary config (the setting of the
 * reference CSVs; self-checked against SCALE-Sim's cycles), HW2 EfficientNet-B0 from @tsglove/models.
 */
import { readFileSync } from 'node:fs';
import {
  estimate,
  mobileNetOps,
  parseScaleSimConfig,
  systolicFromScaleSim,
  tpuV3,
  type Op,
  type SystolicArrayConfig,
} from '@tsglove/hwsim';
import { efficientNet, ops } from '@tsglove/models';
import { opsPerSecond, type Workload, type WorkloadResult } from './harness.js';

const SCALESIM = { value: 1 / 250, label: 'SCALE-Sim v2' };

/**
 * SCALE-Sim's sa32_os.cfg, the config of the reference runs, read from the committed fixture that
 * hwsim's fidelity tests read too (64 KiB SRAMs), with its `Bandwidth` of 10 words/cycle as the
 * DRAM bandwidth (`InterfaceBandwidth: USER`; 1-byte words at 1 GHz: 10 GB/s).
 */
const sa32os: SystolicArrayConfig = systolicFromScaleSim({
  ...parseScaleSimConfig(readFileSync(new URL('../packages/hwsim/test/fixtures/scalesim/sa32_os.cfg', import.meta.url), 'utf8')),
  interfaceBandwidth: 'USER',
});

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`bench self-check failed: ${what}`);
}

function run(acc: SystolicArrayConfig | ReturnType<typeof tpuV3>, list: Op[], what: string): WorkloadResult {
  const est = estimate(acc, list);
  const { opsPerSec, n, medianSeconds } = opsPerSecond(() => estimate(acc, list));
  const ratio = opsPerSec / SCALESIM.value;
  return {
    primary: 'opsPerSec',
    unit: 'networks/s',
    metrics: { opsPerSec, n, medianSeconds, ratio, layers: list.length, layersPerSec: opsPerSec * list.length },
    reference: SCALESIM,
    markdown:
      `${what}: ${list.length} ops, ${(est.totals.macs / 1e9).toFixed(3)} GMACs, ` +
      `${est.totals.totalCycles.toLocaleString('en-US')} cycles (${est.totals.latencyMs.toFixed(3)} ms), ` +
      `utilization ${(est.totals.utilization * 100).toFixed(1)}%. ` +
      `${Math.round(opsPerSec).toLocaleString('en-US')} estimates/s = ${ratio.toExponential(2)}× SCALE-Sim's fastest ` +
      `(target ≥ 1e6×: ${ratio >= 1e6 ? 'met' : 'NOT met'}).`,
  };
}

export const workloads: Workload[] = [
  {
    id: 'HW1',
    title: 'estimate() on MobileNet (SCALE-Sim topology, 27 layers), 32×32 OS array',
    run() {
      const list = mobileNetOps();
      const est = estimate(sa32os, list);
      check(est.layers[0]!.computeCycles === 34887 && est.layers[26]!.computeCycles === 69503, 'HW1 matches SCALE-Sim cycles');
      return run(sa32os, list, 'MobileNet on SCALE-Sim sa32_os');
    },
  },
  {
    id: 'HW2',
    title: 'estimate() on EfficientNet-B0 (ops(efficientNet("b0")) from @tsglove/models), TPU v3 preset',
    run() {
      const list = ops(efficientNet('b0'));
      check(list.length > 100 && list.some((o) => o.kind === 'depthwise'), 'HW2 has the EfficientNet-B0 op list');
      return run(tpuV3(), list, 'EfficientNet-B0 on TPU v3');
    },
  },
];
