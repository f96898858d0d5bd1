/**
 * Hardware-within-architecture search (NAHAS, Zhou et al. 2021) on tabulated accuracy and a
 * simulated edge accelerator.
 *
 * - Architecture space: NAS-Bench-Macro (6,561 CIFAR-10 networks with known accuracy).
 * - Hardware space: `edgeAcceleratorSpace()` (PE array x/y, SIMD units, lanes, local memory,
 *   register file, I/O bandwidth: 50,000 configurations); latency, energy and area come from
 *   `estimate(accelerator, ops(network))`.
 * - Goal: the most accurate network whose latency (batch 1) meets a target on hardware whose
 *   area fits a budget; a trial over either budget is skipped as infeasible.
 *
 * Three searches, all with regularized evolution:
 * 1. a fixed default accelerator (the hardware-unaware baseline: architecture search only);
 * 2. nested: an outer `sample()` over hardware, an inner `sample()` over architectures per design;
 * 3. joint: one `sample()` over the combined space `{ hw, arch }`.
 *
 * Run: `npx tsx --conditions=source examples/nahas.ts [--outer 24 --inner 80 --joint 2000]`.
 */
import { format, type Concrete } from '@tsglove/symbolic';
import { regularizedEvolution, sample } from '@tsglove/search';
import { estimate, edgeAcceleratorSpace, EdgeAccelerator, type Estimate } from '@tsglove/hwsim';
import { nasBenchMacroSpace, nasBenchMacroTable, buildNasBenchMacro, ops, type NasBenchMacro } from '@tsglove/models';
import { intOption } from './args.js';

const OUTER = intOption('outer', 24);
const INNER = intOption('inner', 80);
const JOINT = intOption('joint', 2000);

const table = nasBenchMacroTable();
const archSpace = nasBenchMacroSpace();

// The hardware-unaware baseline: a mid-sized design of the same family.
const defaultHw = new EdgeAccelerator({
  peX: 4,
  peY: 4,
  simdUnits: 32,
  computeLanes: 2,
  localMemoryKiB: 1024,
  registerFileKiB: 32,
  ioBandwidthGBps: 10,
});

// Network ops are built once per architecture key; estimates once per (hardware, key).
const opsCache = new Map<string, ReturnType<typeof ops>>();
const networkOps = (key: string): ReturnType<typeof ops> => {
  let o = opsCache.get(key);
  if (!o) opsCache.set(key, (o = ops(buildNasBenchMacro([...key].map(Number)))));
  return o;
};
const cost = (hw: EdgeAccelerator, key: string): Estimate['totals'] => estimate(hw, networkOps(key)).totals;

// Budgets: latency target and area budget relative to the default design running a mid network.
const reference = cost(defaultHw, '11111111');
const LATENCY_TARGET_MS = reference.latencyMs;
const AREA_BUDGET_MM2 = reference.areaMM2 * 1.5;

interface Result {
  hw: EdgeAccelerator;
  key: string;
  acc: number;
  latencyMs: number;
  energyUJ: number;
  areaMM2: number;
}

/** Evaluates one (hardware, architecture) pair: accuracy if feasible, else the budget it breaks. */
function evaluate(hw: EdgeAccelerator, net: Concrete<NasBenchMacro>): Result | string {
  const c = cost(hw, net.key);
  if (c.areaMM2 > AREA_BUDGET_MM2) return `area ${c.areaMM2.toFixed(2)} mm² > ${AREA_BUDGET_MM2.toFixed(2)}`;
  if (c.latencyMs > LATENCY_TARGET_MS) return `latency ${c.latencyMs.toFixed(3)} ms > ${LATENCY_TARGET_MS.toFixed(3)}`;
  return { hw, key: net.key, acc: table.get(net.key).meanAcc, latencyMs: c.latencyMs, energyUJ: c.energyPJ / 1e6, areaMM2: c.areaMM2 };
}

/** Architecture search on fixed hardware: the best feasible network found in `budget` trials. */
async function searchArchitecture(hw: EdgeAccelerator, budget: number, seed: number): Promise<Result | undefined> {
  let best: Result | undefined;
  const algorithm = regularizedEvolution({ populationSize: 20, tournamentSize: 5, seed });
  for await (const [net, feedback] of sample(archSpace, algorithm, { numExamples: budget, seed })) {
    const r = evaluate(hw, net);
    if (typeof r === 'string') {
      await feedback.skip(r);
      continue;
    }
    await feedback.report(r.acc);
    if (!best || r.acc > best.acc) best = r;
  }
  return best;
}

const describe = (r: Result | undefined): string =>
  r
    ? `${r.key} acc ${r.acc.toFixed(2)}%  latency ${r.latencyMs.toFixed(3)} ms  energy ${r.energyUJ.toFixed(1)} µJ  area ${r.areaMM2.toFixed(2)} mm²\n    on ${format(r.hw, { compact: true, hideDefaults: true })}`
    : 'no feasible network found';

console.log(`Latency target ${LATENCY_TARGET_MS.toFixed(3)} ms, area budget ${AREA_BUDGET_MM2.toFixed(2)} mm²`);
console.log(`Best network of the benchmark (any latency): ${table.best.key} ${table.best.meanAcc.toFixed(2)}%\n`);

// 1. Fixed default hardware.
const fixed = await searchArchitecture(defaultHw, OUTER * INNER, 1);
console.log(`1. Architecture search on the default accelerator (${OUTER * INNER} trials):\n   ${describe(fixed)}`);

// 2. Nested: hardware outside, architectures inside.
let nested: Result | undefined;
let hwTrials = 0;
const hwAlgorithm = regularizedEvolution({ populationSize: 8, tournamentSize: 3, seed: 2 });
for await (const [hw, feedback] of sample(edgeAcceleratorSpace(), hwAlgorithm, { numExamples: OUTER, seed: 2 })) {
  hwTrials++;
  const area = estimate(hw, []).totals.areaMM2;
  if (area > AREA_BUDGET_MM2) {
    await feedback.skip(`area ${area.toFixed(2)} mm² over budget`);
    continue;
  }
  const best = await searchArchitecture(hw, INNER, 100 + hwTrials);
  if (!best) {
    await feedback.skip('no network meets the latency target');
    continue;
  }
  await feedback.report({ reward: best.acc, metrics: { latencyMs: best.latencyMs, areaMM2: best.areaMM2 } });
  if (!nested || best.acc > nested.acc || (best.acc === nested.acc && best.energyUJ < nested.energyUJ)) nested = best;
}
console.log(`2. Nested search (${OUTER} designs × ${INNER} networks):\n   ${describe(nested)}`);

// 3. Joint: one space holding both.
const jointSpace = { hw: edgeAcceleratorSpace(), arch: nasBenchMacroSpace() };
let joint: Result | undefined;
const jointAlgorithm = regularizedEvolution({ populationSize: 50, tournamentSize: 10, seed: 3 });
for await (const [pair, feedback] of sample(jointSpace, jointAlgorithm, { numExamples: JOINT, seed: 3 })) {
  const r = evaluate(pair.hw, pair.arch);
  if (typeof r === 'string') {
    await feedback.skip(r);
    continue;
  }
  await feedback.report(r.acc - r.energyUJ * 1e-4); // ties broken toward lower energy
  if (!joint || r.acc > joint.acc || (r.acc === joint.acc && r.energyUJ < joint.energyUJ)) joint = r;
}
console.log(`3. Joint search over { hw, arch } (${JOINT} trials):\n   ${describe(joint)}`);

const gain = (r: Result | undefined): string =>
  r && fixed
    ? `${r.acc - fixed.acc >= 0 ? '+' : ''}${(r.acc - fixed.acc).toFixed(2)} points, energy ×${(r.energyUJ / fixed.energyUJ).toFixed(2)}`
    : 'n/a';
console.log(`\nAgainst the default accelerator: nested ${gain(nested)}; joint ${gain(joint)}.`);
