/**
 * W1–W4: the symbolic object model on the fixed Net (bench/workload-net.ts) — build, deep clone,
 * two rebinds, JSON round trip — against PyGlove 0.5's figures (ops/s).
 */
import { clone, fromJSONString, rebind, toJSONString } from '@tsglove/symbolic';
import { opsPerSecond, type Workload, type WorkloadResult } from './harness.js';
import { buildNet, Net } from './workload-net.js';

const PYGLOVE = 'PyGlove 0.5';

function result(fn: () => unknown, pyglove: number): WorkloadResult {
  const { opsPerSec, n, medianSeconds } = opsPerSecond(fn);
  return {
    primary: 'opsPerSec',
    unit: 'ops/s',
    metrics: { opsPerSec, n, medianSeconds, ratio: opsPerSec / pyglove },
    reference: { value: pyglove, label: PYGLOVE },
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
      return result(buildNet, 87);
    },
  },
  {
    id: 'W2',
    title: 'deep clone of the Net',
    run() {
      const net = buildNet();
      const copy = clone(net, { deep: true });
      check(copy !== net && copy.stages[6]!.blocks[0] !== net.stages[6]!.blocks[0], 'W2 copies every node');
      return result(() => clone(net, { deep: true }), 86);
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
      return result(twoRebinds, 3263);
    },
  },
  {
    id: 'W4',
    title: 'JSON round trip: serialize with type tags, parse back into a Net',
    run() {
      const net = buildNet();
      const back = fromJSONString(toJSONString(net));
      check(back instanceof Net && (back as Net).stages[5]!.blocks.length === 4, 'W4 parses back into a Net');
      return result(() => fromJSONString(toJSONString(net)), 66);
    },
  },
];
