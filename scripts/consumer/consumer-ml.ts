// Consumer check (b), ML packages: their declarations resolve and type-check under nodenext. Checked
// with skipLibCheck (tsconfig.ml.json) because TensorFlow.js's own .d.ts files do not pass strict
// library checking; tsconfig.json checks the other packages' declarations fully.
import { initBackend, type TrialPool, type ModelSpec } from '@tsglove/train';
import type { runDarts } from '@tsglove/nas';
import type { lamb } from '@tsglove/methods';

export type MlApi = [TrialPool, ModelSpec, typeof runDarts, typeof lamb];
export const backend: Promise<string> = initBackend('cpu');
