/**
 * Nyström vs softmax attention: forward time and working memory as the sequence grows, and the
 * attention kind as a search choice of a small transformer (`attention: oneOf(ATTENTION_KINDS)`).
 *
 *   npx tsx --conditions=source examples/method-nystrom.ts
 */
import { oneOf, iterate, format } from '@tsglove/symbolic';
import { initBackend } from '@tsglove/train';
import { SequenceModel, ATTENTION_KINDS } from '@tsglove/methods';
import { attentionCost, recurrenceSplits, trainSequenceModel } from '../bench/methods/nystrom.js';

await initBackend('wasm');
console.log('n      softmax ms  Nyström ms  softmax MiB  Nyström MiB   (d = 32, m = 32)');
for (const n of [256, 1024, 4096]) {
  const s = attentionCost('softmax', n, 32, 32);
  const y = attentionCost('nystrom', n, 32, 32);
  const mib = (b: number): string => (b / 2 ** 20).toFixed(2).padStart(11);
  console.log(
    `${String(n).padEnd(6)} ${(s.seconds * 1e3).toFixed(1).padStart(10)} ${(y.seconds * 1e3).toFixed(1).padStart(11)} ${mib(s.bytes)}  ${mib(y.bytes)}`,
  );
}

const space = new SequenceModel({ vocab: 16, length: 16, attention: oneOf([...ATTENTION_KINDS]), landmarks: 8, pooling: 'first' });
const { train, test } = recurrenceSplits(2048, 500, 16, 16, 1);
for (const child of iterate(space)) {
  const r = trainSequenceModel({
    attention: child.attention,
    landmarks: child.landmarks,
    train,
    test,
    steps: Number(process.env['STEPS'] ?? 200),
  });
  console.log(`${format(child, { compact: true })}: test accuracy ${(100 * r.accuracy).toFixed(1)}% (${r.seconds.toFixed(0)} s)`);
}
