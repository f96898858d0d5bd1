/** The NAS-Bench-Macro search space: 8 × `oneOf([0, 1, 2])` (3^8 = 6,561 networks). */
import { oneOf } from '@tsglove/symbolic';
import { NasBenchMacro } from '../nas-bench-macro/model.js';

/**
 * The NAS-Bench-Macro space as a symbolic {@link NasBenchMacro} holding one `oneOf([0, 1, 2])` per
 * searchable layer. `materialize(space, dna)` gives a concrete `NasBenchMacro` whose `key` indexes
 * `nasBenchMacroTable()`.
 */
export function nasBenchMacroSpace(options: { numClasses?: number; inputSize?: number } = {}): NasBenchMacro {
  return new NasBenchMacro({ ops: Array.from({ length: 8 }, (_, i) => oneOf([0, 1, 2], { name: `layer${i}` })), ...options });
}
