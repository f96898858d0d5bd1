/**
 * W5, W6, W8, W9: the search-space layer — building a DNASpec, sampling + materializing, grid
 * enumeration and DNA number round trips — against PyGlove 0.5's figures (ops/s).
 */
import { DNA, dnaSpec, iterate, makeRandom, materialize, oneOf, randomDNA, type DNASpec } from '@tsglove/symbolic';
import { buildSpace as buildSpec } from '../packages/symbolic/src/dna/build.js';
import { cpus, loadavg } from 'node:os';
import { opsPerSecond, type Workload, type WorkloadResult } from './harness.js';
import { Block, Net, buildSpace } from './workload-net.js';

const PYGLOVE = 'PyGlove 0.5';

function result(fn: () => unknown, pyglove: number, markdown = '', unit = 'ops/s'): WorkloadResult {
  const load = loadavg()[0]!;
  const cpuBefore = process.cpuUsage();
  const wallBefore = process.hrtime.bigint();
  const { opsPerSec, n, medianSeconds } = opsPerSecond(fn);
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const wallSeconds = Number(process.hrtime.bigint() - wallBefore) / 1e9;
  // calls made by the protocol: 1 warm-up, 1 + 2 + ... + n while doubling, then 5 repeats of n
  const opsPerCpuSecond = (1 + (2 * n - 1) + 5 * n) / cpuSeconds;
  const ratio = opsPerSec / pyglove;
  const note =
    `${Math.round(opsPerSec).toLocaleString('en-US')} ${unit} = ${ratio.toFixed(0)}× ${PYGLOVE} (${pyglove} ${unit}; ` +
    `target ≥ 100×). n = ${n} calls per repeat, median ${medianSeconds.toFixed(3)} s. The machine is shared ` +
    `(1-minute load average ${load.toFixed(1)} on ${cpus().length} cores): this process got ` +
    `${Math.round((100 * cpuSeconds) / wallSeconds)}% of a core; per CPU-second (GC threads included) it did ` +
    `${Math.round(opsPerCpuSecond).toLocaleString('en-US')} ops = ${(opsPerCpuSecond / pyglove).toFixed(0)}× the reference.`;
  return {
    primary: 'opsPerSec',
    unit,
    metrics: { opsPerSec, n, medianSeconds, ratio, loadAverage: load, opsPerCpuSecond, cpuShare: cpuSeconds / wallSeconds },
    reference: { value: pyglove, label: PYGLOVE },
    markdown: `${markdown} ${note}`.trim(),
  };
}

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`bench self-check failed: ${what}`);
}

/** The W8 space: three independent 10-way choices (1,000 points). */
function gridSpace(): Record<string, number> {
  const digits = Array.from({ length: 10 }, (_, i) => i);
  return { a: oneOf(digits), b: oneOf(digits), c: oneOf(digits) };
}

export const workloads: Workload[] = [
  {
    id: 'W5',
    title: 'DNASpec of the W5 space (64 decision points), built uncached',
    run() {
      const space = buildSpace();
      const spec: DNASpec = buildSpec(space, '');
      check(spec.elements.length === 64 && spec.spaceSize === Infinity, 'W5 has 64 points, infinite size');
      check(spec.elements[4]!.id === 'stages[1].blocks[0].kernel', 'W5 ids are symbolic paths');
      return result(
        () => buildSpec(space, ''),
        6.0,
        "Each op calls the uncached builder `buildSpace(space, '')` of `src/dna/build.ts` on one " +
          'prebuilt space (`dnaSpec` caches the spec per symbolic root until a tree changes, so calling ' +
          'it would time a cache hit). Constructing the space is not timed.',
      );
    },
  },
  {
    id: 'W6',
    title: 'one random DNA of the W5 space + materialize (seeded generator shared across calls)',
    run() {
      const space = buildSpace();
      const spec = dnaSpec(space);
      const random = makeRandom(6);
      const child = materialize(space, randomDNA(spec, { random }), spec);
      check(child instanceof Net && child.stages[5]!.blocks[3] instanceof Block, 'W6 materializes a Net');
      check([3, 5, 7].includes(child.stages[5]!.blocks[3]!.kernel), 'W6 decides the kernel');
      return result(
        () => materialize(space, randomDNA(spec, { random }), spec),
        6.7,
        'Each op draws one DNA from a seeded generator shared across calls and materializes a new, ' +
          'validated Net (16 Block + 7 Stage + 1 Net constructions); the spec is built once.',
      );
    },
  },
  {
    id: 'W8',
    title: 'grid: enumerate all 1,000 values of {a, b, c: oneOf(0..9)}',
    run() {
      const space = gridSpace();
      const all = [...iterate(space)];
      check(all.length === 1000 && all[999]!.a === 9 && all[1]!.c === 1 && all[10]!.b === 1, 'W8 enumerates in grid order');
      const enumerate = (): number => {
        let n = 0;
        for (const _ of iterate(space)) n++;
        return n;
      };
      return result(
        enumerate,
        164,
        'Each op is one full `iterate(space)` over a plain-object space, setup included (plain objects ' +
          'have no change tracking, so the space is walked on every call). Flat spaces (one-ofs over ' +
          'primitives in plain objects/arrays) take the index-odometer path of `src/dna/grid.ts`, compiled ' +
          'from the space without building a DNASpec; the values are fresh plain objects.',
        'enumerations/s',
      );
    },
  },
  {
    id: 'W9',
    title: 'DNA numbers: toNumbers() of a random W5 DNA (64 numbers) and DNA.fromNumbers back',
    run() {
      const space = buildSpace();
      const spec = dnaSpec(space);
      const dna = randomDNA(spec, { seed: 9 });
      const numbers = dna.toNumbers();
      check(numbers.length === 64 && DNA.fromNumbers(numbers, spec).equals(dna), 'W9 round-trips');
      return result(
        () => DNA.fromNumbers(dna.toNumbers(), spec),
        16,
        'Each op flattens a fixed random DNA of the W5 space to its 64 numbers and parses them back ' +
          '(with validation of every index and float range).',
      );
    },
  },
];
