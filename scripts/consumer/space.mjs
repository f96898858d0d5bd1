// Consumer check (c): a JavaScript space module for `npx tsglove search`.
import { oneOf } from '@tsglove/symbolic';

export const space = { lr: oneOf([0.001, 0.01, 0.1]), layers: oneOf([1, 2, 3]) };
export function evaluate(x) {
  return -Math.abs(Math.log10(x.lr) + 2) + x.layers / 10;
}
