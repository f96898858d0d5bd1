/**
 * A space module for `tsglove search` (the contract: export `space` and `evaluate(example)`): the
 * MBConv space of the TuNAS experiment (`mbconvSpace()`), each child trained from scratch on
 * Fashion-MNIST for a short proxy budget and rewarded with TuNAS's absolute reward
 * `accuracy − 0.07·|latency/target − 1|`, latency from the simulated Edge TPU.
 *
 *   npm run tsglove -- search examples/tunas-space.ts --algo evolution --trials 20 --storage sqlite:./tunas.db
 *
 * Environment: TUNAS_DATA (Fashion-MNIST IDX folder, default Debian's), TUNAS_TRAIN (training
 * images, default 2000), TUNAS_PROXY_STEPS (default 30), TUNAS_TARGET_MS (default 0.0675).
 */
import { tunasReward } from '@tsglove/search';
import { FASHION_MNIST_DIR, initBackend, loadFashionMnist } from '@tsglove/train';
import { ChildCosts, mbconvSpace, trainAndScore, type MBConvNet } from '@tsglove/nas';

const env = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);
const dir = process.env['TUNAS_DATA'] ?? FASHION_MNIST_DIR;
const target = env('TUNAS_TARGET_MS', 0.0675);

/** The search space: a symbolic MBConvNet holding `oneOf` choices. */
export const space = mbconvSpace({ inputShape: [28, 28, 1] });

const costs = new ChildCosts();
let data: { train: ReturnType<typeof loadFashionMnist>; valid: ReturnType<typeof loadFashionMnist> } | undefined;
let trials = 0;

/** Trains the child for the proxy budget; reward = accuracy − 0.07·|latency/target − 1|. */
export async function evaluate(net: MBConvNet): Promise<{ reward: number; metrics: Record<string, number> }> {
  if (!data) {
    await initBackend('wasm');
    data = {
      train: loadFashionMnist({ dir, split: 'train', limit: env('TUNAS_TRAIN', 2000) }),
      valid: loadFashionMnist({ dir, split: 'test', limit: 500 }),
    };
  }
  const accuracy = trainAndScore(net, data.train, data.valid, env('TUNAS_PROXY_STEPS', 30), trials++);
  const cost = costs.of(net);
  return {
    reward: tunasReward(accuracy, cost.latencyMs, { target }),
    metrics: { accuracy, latencyMs: cost.latencyMs, energyUJ: cost.energyUJ, params: cost.params },
  };
}
