export {
  NasBenchMacro,
  nasBenchMacro,
  buildNasBenchMacro,
  parseNasBenchMacroKey,
  NAS_BENCH_MACRO_CHOICES,
  NAS_BENCH_MACRO_STAGES,
} from './model.js';
export { nasBenchMacroTable, type NasBenchMacroEntry, type NasBenchMacroTable } from './table.js';
