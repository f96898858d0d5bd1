/**
 * Early stopping: each trial "trains" for up to 20 epochs, reporting a validation accuracy per epoch
 * with `feedback.addMeasurement`, and asks `feedback.shouldStop()` after each. The policy is ASHA
 * (rungs at epochs 1, 3, 9) or'ed with a stop-by-value gate (below 0.5 at epoch 5); stopped trials
 * report their last measurement. The epochs saved are printed.
 *
 *   npx tsx --conditions=source examples/search-early-stopping.ts
 */
import { floatValue, oneOf } from '@tsglove/symbolic';
import { regularizedEvolution, sample, stopByValue, successiveHalving } from '@tsglove/search';

const space = { lr: floatValue(1e-4, 1, { scale: 'log' }), width: oneOf([16, 32, 64, 128]) };
const EPOCHS = 20;

/** A learning curve: approaches a ceiling set by lr and width. */
function accuracy(hp: { lr: number; width: number }, epoch: number): number {
  const ceiling = 0.95 - 0.08 * Math.abs(Math.log10(hp.lr) + 2) - 8 / hp.width;
  return ceiling * (1 - Math.exp(-epoch / 4));
}

const policy = successiveHalving({ minStep: 1, reductionFactor: 3 }).or(stopByValue([{ step: 5, minReward: 0.5 }]));
let epochs = 0;
let stopped = 0;
let best = { reward: -Infinity, hp: '' };
for await (const [hp, feedback] of sample(space, regularizedEvolution({ populationSize: 10, tournamentSize: 3 }), {
  numExamples: 60,
  seed: 3,
  earlyStopping: policy,
})) {
  for (let epoch = 1; epoch <= EPOCHS; epoch++) {
    epochs++;
    await feedback.addMeasurement({ step: epoch, reward: accuracy(hp, epoch) });
    if (epoch < EPOCHS && (await feedback.shouldStop())) {
      stopped++;
      break;
    }
  }
  const record = await feedback.report(); // the last measurement's reward
  if ((record.reward as number) > best.reward)
    best = { reward: record.reward as number, hp: `lr=${hp.lr.toExponential(2)} width=${hp.width}` };
}
console.log(`policy: ${policy.name}`);
console.log(
  `60 trials: ${stopped} stopped early; ${epochs} of ${60 * EPOCHS} epochs trained (${((1 - epochs / (60 * EPOCHS)) * 100).toFixed(0)}% saved)`,
);
console.log(`best: ${best.reward.toFixed(4)} (${best.hp})`);
