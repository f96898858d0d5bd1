/**
 * Multi-objective search with NSGA-II: maximize a stand-in accuracy and minimize latency (the
 * reward is the tuple [accuracy, −latency]); prints the Pareto front of all trials, and the single
 * best trial by MnasNet's soft-constrained reward for a 5 ms target.
 *
 *   npx tsx --conditions=source examples/search-multi-objective.ts
 */
import { oneOf } from '@tsglove/symbolic';
import { mnasnetReward, nsga2, paretoFront, sample } from '@tsglove/search';

const space = {
  depth: oneOf([2, 3, 4, 5, 6]),
  width: oneOf([16, 24, 32, 48, 64]),
  kernel: oneOf([3, 5, 7]),
};
type Net = { depth: number; width: number; kernel: number };

const accuracy = (n: Net): number => 0.95 - 0.25 / n.depth - 2 / n.width - (n.kernel === 3 ? 0.02 : 0);
const latency = (n: Net): number => 0.4 * n.depth * (n.width / 16) * (n.kernel / 3) ** 1.5;

const results: Array<{ net: Net; acc: number; lat: number }> = [];
for await (const [net, feedback] of sample(space, nsga2({ populationSize: 20 }), { numExamples: 200, seed: 1 })) {
  const acc = accuracy(net);
  const lat = latency(net);
  results.push({ net, acc, lat });
  await feedback.report([acc, -lat]);
}

const unique = [...new Map(results.map((r) => [JSON.stringify(r.net), r])).values()];
const front = paretoFront(unique, (r) => [r.acc, -r.lat]).sort((a, b) => a.lat - b.lat);
console.log(`Pareto front of ${results.length} trials (${unique.length} distinct networks):`);
console.log('  latency ms  accuracy  depth width kernel');
for (const r of front) {
  console.log(
    `  ${r.lat.toFixed(2).padStart(10)}  ${r.acc.toFixed(4)}  ${String(r.net.depth).padStart(5)} ${String(r.net.width).padStart(5)} ${String(r.net.kernel).padStart(6)}`,
  );
}
const pick = unique.reduce((a, b) => (mnasnetReward(b.acc, b.lat, { target: 5 }) > mnasnetReward(a.acc, a.lat, { target: 5 }) ? b : a));
console.log(`best for a 5 ms target (MnasNet reward): ${JSON.stringify(pick.net)} acc ${pick.acc.toFixed(4)} at ${pick.lat.toFixed(2)} ms`);
