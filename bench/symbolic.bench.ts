/**
 * W1–W4: the symbolic object model on the fixed Net (bench/workload-net.ts) — build, deep clone,
 * two rebinds, JSON round trip — against PyGlove 0.5's figures (ops/s).
 */
import { clone, fromJSONString, rebind, toJSONString } from '@tsglove/symbolic';
import { loadavg } from 'node:os';
import { opsPerSecond, type Workload, type WorkloadResult } from './harness.js';
import { buildNet, Net } from './workload-net.js';

const PYGLOVE = 'PyGlove 0.5';

function result(fn: () => unknown, pyglove: number, what: string): WorkloadResult {
  const loadBefore = loadavg()[0]!;
  const { opsPerSec, n, medianSeconds } = opsPerSecond(fn);
  const load = Math.max(loadBefore, loadavg()[0]!);
  return {
    primary: 'opsPerSec',
    unit: 'ops/s',
    metrics: { opsPerSec, n, medianSeconds, ratio: opsPerSec / pyglove, loadAverage: load },
    reference: { value: pyglove, label: PYGLOVE },
    markdown:
      `${what} Net of bench/workload-net.ts (EfficientNet-B0-like, 7 stages, 16 blocks, every field validated). ` +
      `${Math.round(opsPerSec).toLocaleString('en-US')} ops/s = ${(opsPerSec / pyglove).toFixed(0)}× PyGlove 0.5 (${pyglove} ops/s; target ≥ 100×). ` +
      `Median of 5 repeats of ${n} calls; 1-minute load average of the 2-core machine while timing: ${load.toFixed(1)}` +
      (load > 2.5 ? ' (other jobs were running: the figure is lower than on an idle machine).' : '.'),
  };
}

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`bench self-check failed: ${what}`);
}

export const workloads: Workload[] = [
  {
    id: 'W1',
    title: 'build the Net from literals (16 Block + 7 Stage + 1 Net)',
    run() {
      check(buildNet().stages[3]!.blocks[1]!.kernel === 3, 'W1 builds the Net');
      return result(buildNet, 87, 'Builds the whole');
    },
  },
  {
    id: 'W2',
    title: 'deep clone of the Net',
    run() {
      const net = buildNet();
      const copy = clone(net, { deep: true });
      check(copy !== net && copy.stages[6]!.blocks[0] !== net.stages[6]!.blocks[0], 'W2 copies every node');
      return result(() => clone(net, { deep: true }), 86, 'Deep-clones the');
    },
  },
  {
    id: 'W3',
    title: 'two rebinds: stages[3].blocks[1].kernel → 5, then back to 3',
    run() {
      const net = buildNet();
      const twoRebinds = (): void => {
        rebind(net, { 'stages[3].blocks[1].kernel': 5 });
        rebind(net, { 'stages[3].blocks[1].kernel': 3 });
      };
      rebind(net, { 'stages[3].blocks[1].kernel': 5 });
      check(net.stages[3]!.blocks[1]!.kernel === 5, 'W3 rebinds');
      twoRebinds();
      return result(twoRebinds, 3263, 'Two rebinds (`stages[3].blocks[1].kernel` → 5, then → 3, each validated and journaled) on the');
    },
  },
  {
    id: 'W4',
    title: 'JSON round trip: serialize with type tags, parse back into a Net',
    run() {
      const net = buildNet();
      const back = fromJSONString(toJSONString(net));
      check(back instanceof Net && (back as Net).stages[5]!.blocks.length === 4, 'W4 parses back into a Net');
      return result(() => fromJSONString(toJSONString(net)), 66, 'toJSONString (with `_type` tags) then fromJSONString (every field validated again) of the');
    },
  },
];
