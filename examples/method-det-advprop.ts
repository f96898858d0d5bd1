/**
 * Det-AdvProp on the generated shapes: pretrain a small RetinaNet-style detector on clean images,
 * fine-tune two copies (plain / Det-AdvProp) from the same weights, print mAP@0.5 clean and under
 * shifts. Budget by env: DET_TRAIN (256), DET_PRETRAIN_EPOCHS (4), DET_FINETUNE_EPOCHS (2).
 *
 *   npx tsx --conditions=source examples/method-det-advprop.ts     # ~1–2 min on 2 cores
 */
import { initBackend } from '@tsglove/train';
import { runDetAdvProp } from '../bench/methods/det-advprop.js';

await initBackend('wasm');
const rows = runDetAdvProp({
  trainCount: Number(process.env['DET_TRAIN'] ?? 256),
  testCount: 100,
  pretrainEpochs: Number(process.env['DET_PRETRAIN_EPOCHS'] ?? 4),
  finetuneEpochs: Number(process.env['DET_FINETUNE_EPOCHS'] ?? 2),
});
for (const r of rows) {
  const shifts = Object.entries(r.shifted)
    .map(([k, v]) => `${k} ${(100 * v).toFixed(1)}`)
    .join(', ');
  console.log(`${r.mode.padEnd(8)} mAP@0.5 clean ${(100 * r.clean).toFixed(1)} | ${shifts} | ${r.seconds.toFixed(0)} s fine-tuning`);
}
