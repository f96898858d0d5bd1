/** Re-exports for the evolution tests, plus `lambdaOf` (a plain function as an operator). */
import { toOperator, type OperatorFn } from '../src/index.js';
export * from '../src/index.js';
/** A plain function as an operator. */
export const lambdaOf = (fn: OperatorFn) => toOperator(fn);
