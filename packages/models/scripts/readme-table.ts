/**
 * Regenerates the preset table in packages/models/README.md (between the table markers) from the
 * builders: parameters and multiply-adds as computed, with the published figures beside them.
 * Run: npx tsx --conditions=source packages/models/scripts/readme-table.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import {
  buildNasBenchMacro,
  countFlops,
  countParams,
  efficientDet,
  efficientNet,
  efficientNetX,
  efficientNetLite,
  mobileNetV2,
  mobileSpineNet,
  nasBenchMacroTable,
  resNet50,
  retinaNet,
  spineNet,
  type ModelLike,
} from '../src/index.js';

interface Row {
  name: string;
  model: ModelLike;
  /** Published params (M) and multiply-adds (B), with where they come from. */
  published?: { params?: string; flops?: string; source: string };
}

const TAN19 = 'Tan & Le 2019, Table 2';
const EFFNET: Record<string, [string, string]> = {
  b0: ['5.3M', '0.39B'],
  b1: ['7.8M', '0.70B'],
  b2: ['9.2M', '1.0B'],
  b3: ['12M', '1.8B'],
  b4: ['19M', '4.2B'],
  b5: ['30M', '9.9B'],
  b6: ['43M', '19B'],
  b7: ['66M', '37B'],
};
const EFFDET: Record<string, [string, string]> = {
  d0: ['3.9M', '2.5B'],
  d1: ['6.6M', '6.1B'],
  d2: ['8.1M', '11B'],
  d3: ['12.0M', '25B'],
  d4: ['20.7M', '55B'],
  d5: ['33.7M', '135B'],
  d6: ['51.9M', '226B'],
  d7: ['51.9M', '325B'],
};
const SPINE: [string, string, string][] = [
  ['49S', '12.0M', '33.8B'],
  ['49', '28.5M', '85.4B'],
  ['96', '43.0M', '265.4B'],
  ['143', '66.9M', '524.4B'],
  ['190', '163.6M', '1885B'],
];

const rows: Row[] = [
  ...Object.entries(EFFNET).map(([p, [params, flops]]) => ({
    name: `efficientNet('${p}')`,
    model: efficientNet(p as 'b0'),
    published: {
      params: p === 'b0' ? '5,330,571 (Keras)' : p === 'b7' ? '66,658,687 (Keras)' : params,
      flops,
      source: p === 'b0' || p === 'b7' ? `Keras; ${TAN19}` : TAN19,
    },
  })),
  ...['b0', 'b1', 'b2', 'b3', 'b4', 'b5', 'b6', 'b7'].map((p) => ({
    name: `efficientNetX('${p}')`,
    model: efficientNetX(p as 'b0'),
    published: p === 'b0' ? { params: '7.6M', flops: '0.91B', source: 'Li et al. 2021' } : undefined,
  })),
  ...['b0', 'b1', 'b2', 'b3', 'b4', 'b5', 'b6', 'b7'].map((p) => ({
    name: `efficientNetX('${p}', { scaling: 'tpu' })`,
    model: efficientNetX(p as 'b0', { scaling: 'tpu' }),
  })),
  ...(
    [
      ['lite0', '4.7M', '407M'],
      ['lite1', '5.4M', '631M'],
      ['lite2', '6.1M', '899M'],
      ['lite3', '8.2M', '1.44B'],
      ['lite4', '13.0M', '2.64B'],
    ] as const
  ).map(([p, params, flops]) => ({
    name: `efficientNetLite('${p}')`,
    model: efficientNetLite(p),
    published: { params, flops, source: 'tensorflow/tpu EfficientNet-Lite README' },
  })),
  {
    name: 'mobileNetV2()',
    model: mobileNetV2(),
    published: { params: '3,538,984 (Keras)', flops: '0.30B', source: 'Keras; Sandler et al. 2018' },
  },
  { name: 'resNet50()', model: resNet50(), published: { params: '25,636,712 (Keras)', flops: '3.8B', source: 'Keras; He et al. 2016' } },
  ...Object.entries(EFFDET).map(([p, [params, flops]]) => ({
    name: `efficientDet('${p}')`,
    model: efficientDet(p as 'd0'),
    published: { params: p === 'd0' ? '3,880,067 trainable' : params, flops, source: 'Tan et al. 2020, Table 2' },
  })),
  ...SPINE.map(([p, params, flops]) => ({
    name: `retinaNet({ backbone: spineNet('${p}')${p === '190' ? ', headConvs: 7' : ''} })`,
    model: retinaNet({ backbone: spineNet(p as '49'), headConvs: p === '190' ? 7 : 4 }),
    published: { params, flops, source: 'Du et al. 2020, RetinaNet' },
  })),
  {
    name: `retinaNet({ backbone: spineNet('49S', { endpointFilters: 256 }), headFilters: 128 })`,
    model: retinaNet({ backbone: spineNet('49S', { endpointFilters: 256 }), headFilters: 128 }),
    published: { params: '12.0M', flops: '33.8B', source: 'Du et al. 2020, RetinaNet (endpoint width inferred)' },
  },
  {
    name: `retinaNet({ backbone: resNet50 at 640 })`,
    model: retinaNet({ backbone: resNet50({ resolution: 640, includeTop: false }) }),
    published: { params: '34.0M', flops: '96.8B', source: 'Du et al. 2020, R50-FPN' },
  },
  ...(['49', '49S', '49XS'] as const).map((p) => ({
    name: `retinaNet({ backbone: mobileSpineNet('${p}') })`,
    model: retinaNet({ backbone: mobileSpineNet(p) }),
    published: p === '49' ? { params: '~2.3M', flops: '1.0B', source: 'Du et al. 2020 (mobile)' } : undefined,
  })),
];

const fmt = (n: number): string => n.toLocaleString('en-US');
const lines = [
  '| preset | input | trainable params | non-trainable | multiply-adds | published params | published FLOPs | source |',
  '|---|---|---:|---:|---:|---:|---:|---|',
];
for (const r of rows) {
  const g = 'build' in r.model ? r.model.build() : r.model;
  const p = countParams(g);
  const macs = countFlops(g);
  const s = g.inputShape;
  lines.push(
    `| \`${r.name}\` | ${s[0]}×${s[1]} | ${fmt(p.trainable)} | ${fmt(p.nonTrainable)} | ${(macs / 1e9).toFixed(3)}B | ${r.published?.params ?? '—'} | ${r.published?.flops ?? '—'} | ${r.published?.source ?? ''} |`,
  );
}
const table = nasBenchMacroTable();
let exact = 0;
for (const e of table.entries) {
  const g = buildNasBenchMacro([...e.key].map(Number));
  if (countParams(g).trainable === e.params && countFlops(g) === e.flops) exact++;
}
lines.push(
  '',
  `NAS-Bench-Macro: ${fmt(exact)} of ${fmt(table.entries.length)} networks match the benchmark's \`params\` and \`flops\` exactly.`,
);

const path = new URL('../README.md', import.meta.url);
const readme = readFileSync(path, 'utf8');
const start = '<!-- table:start -->';
const end = '<!-- table:end -->';
const i = readme.indexOf(start);
const j = readme.indexOf(end);
if (i < 0 || j < 0) throw new Error('README.md lacks the table markers');
writeFileSync(path, `${readme.slice(0, i + start.length)}\n${lines.join('\n')}\n${readme.slice(j)}`);
console.log(lines.join('\n'));
