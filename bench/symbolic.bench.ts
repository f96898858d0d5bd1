/**
 * W1–W4: the symbolic object model on the fixed Net (bench/workload-net.ts) — build, deep clone,
 * two rebinds, JSON round trip — against PyGlove 0.5's figures (ops/s).
 */
import { clone, fromJSONString, rebind, toJSONString } from '@tsglove/symbolic';
import { cpus, loadavg } from 'node:os';
import { opsPerSecond, type Workload, type WorkloadResult } from './harness.js';
import { buildNet, Net } from './workload-net.js';

const PYGLOVE = 'PyGlove 0.5';

function result(fn: () => unknown, pyglove: number, what: string): WorkloadResult {
  const loadBefore = loadavg()[0]!;
  const cpuBefore = process.cpuUsage();
  const wallBefore = process.hrtime.bigint();
  const { opsPerSec, n, medianSeconds } = opsPerSecond(fn);
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const wallSeconds = Number(process.hrtime.bigint() - wallBefore) / 1e9;
  const load = Math.max(loadBefore, loadavg()[0]!);
  // The protocol makes 7n calls: 1 warm-up, 1 + 2 + ... + n while doubling, 5 repeats of n.
  const opsPerCpuSecond = (7 * n) / cpuSeconds;
  return {
    primary: 'opsPerSec',
    unit: 'ops/s',
    metrics: {
      opsPerSec,
      n,
      medianSeconds,
      ratio: opsPerSec / pyglove,
      loadAverage: load,
      opsPerCpuSecond,
      cpuShare: cpuSeconds / wallSeconds,
    },
    reference: { value: pyglove, label: PYGLOVE },
    markdown:
      `${what} Net of bench/workload-net.ts (EfficientNet-B0-like, 7 stages, 16 blocks, every field validated). ` +
      `${Math.round(opsPerSec).toLocaleString('en-US')} ops/s = ${(opsPerSec / pyglove).toFixed(0)}× PyGlove 0.5 (${pyglove} ops/s; target ≥ 100×); ` +
      `median of 5 repeats of ${n} calls. The machine is shared (1-minute load average ${load.toFixed(1)} on ${cpus().length} cores): ` +
      `this process got ${Math.round((100 * cpuSeconds) / wallSeconds)}% of a core; per CPU-second (GC threads included) it did ` +
      `${Math.round(opsPerCpuSecond).toLocaleString('en-US')} ops = ${(opsPerCpuSecond / pyglove).toFixed(0)}× the reference.`,
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
      return result(
        () => fromJSONString(toJSONString(net)),
        66,
        'toJSONString (with `_type` tags) then fromJSONString (every field validated again) of the',
      );
    },
  },
];
