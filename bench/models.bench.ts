/**
 * Model-IR workloads: how fast the builders and analyses of `@tsglove/models` run (search loops
 * build and count thousands of child networks).
 * - M1: build + count params/FLOPs of all 6,561 NAS-Bench-Macro networks (networks/s).
 * - M2: build EfficientNet-B7 (≈ 1,000 layers) and count its parameters (models/s).
 * - M3: build EfficientDet-D7 and produce its hwsim op list (models/s).
 */
import { opsPerSecond, type Workload } from './harness.js';
import { buildNasBenchMacro, countFlops, countParams, efficientDet, efficientNet, nasBenchMacroTable, ops } from '@tsglove/models';

export const workloads: Workload[] = [
  {
    id: 'M1',
    title: 'NAS-Bench-Macro: build + params + FLOPs of all 6,561 networks',
    run() {
      const keys = nasBenchMacroTable().entries.map((e) => [...e.key].map(Number));
      let exact = 0;
      const r = opsPerSecond(
        () => {
          exact = 0;
          const table = nasBenchMacroTable();
          for (const k of keys) {
            const g = buildNasBenchMacro(k);
            const e = table.get(k.join(''));
            if (countParams(g).trainable === e.params && countFlops(g) === e.flops) exact++;
          }
        },
        { repeats: 3 },
      );
      return {
        primary: 'networksPerSec',
        unit: 'networks/s',
        metrics: { networksPerSec: r.opsPerSec * keys.length, sweepSeconds: r.medianSeconds / r.n, exact },
        markdown: `${exact} of ${keys.length} networks match the benchmark's params and flops exactly; one sweep takes ${((r.medianSeconds / r.n) * 1000).toFixed(0)} ms.`,
      };
    },
  },
  {
    id: 'M2',
    title: 'EfficientNet-B7: build the IR graph and count parameters',
    run() {
      const r = opsPerSecond(() => countParams(efficientNet('b7').build()));
      return {
        primary: 'modelsPerSec',
        unit: 'models/s',
        metrics: { modelsPerSec: r.opsPerSec, layers: efficientNet('b7').build().layers.length },
      };
    },
  },
  {
    id: 'M3',
    title: 'EfficientDet-D7: build the IR graph and emit hwsim ops',
    run() {
      const r = opsPerSecond(() => ops(efficientDet('d7').build()));
      return { primary: 'modelsPerSec', unit: 'models/s', metrics: { modelsPerSec: r.opsPerSec, ops: ops(efficientDet('d7')).length } };
    },
  },
];
