/**
 * The global state as operators (PyGlove's `GlobalStateGetter`/`GlobalStateSetter`): operators of
 * one algorithm share `context.globalState`; these read a key as their output or store their input.
 */
import { t, type DNA } from '@tsglove/symbolic';
import { SearchError } from '../errors.js';
import { Operator, type OperatorContext } from './operator.js';
import { subclass } from './subclass.js';

/** Reads `globalState[key]` as the output (or `fallback` when absent). */
export class GlobalStateGetter extends subclass(Operator, 'tsglove.search.evolution.GlobalStateGetter', {
  key: t.str(),
  fallback: t.any().optional(),
}) {
  call(_population: readonly DNA[], context: OperatorContext): DNA[] {
    const key = this.key as string;
    if (!(key in context.globalState)) {
      if (this.fallback === undefined) throw new SearchError(`globalState has no key ${JSON.stringify(key)}`, key);
      return [...(this.fallback as DNA[])];
    }
    return context.globalState[key] as DNA[];
  }
}

/** Stores its input (or a fixed `value`) at `globalState[key]`; outputs nothing. */
export class GlobalStateSetter extends subclass(Operator, 'tsglove.search.evolution.GlobalStateSetter', {
  key: t.str(),
  value: t.any().optional(),
}) {
  call(population: readonly DNA[], context: OperatorContext): DNA[] {
    context.globalState[this.key as string] = this.value === undefined ? [...population] : this.value;
    return [];
  }
}

/** The value at `globalState[key]` as an operator's output. */
export function globalState(key: string, fallback?: unknown[]): Operator {
  return new GlobalStateGetter({ key, fallback });
}
/** Stores the input (or `value`) at `globalState[key]`; outputs nothing. */
export function setGlobalState(key: string, value?: unknown): Operator {
  return new GlobalStateSetter({ key, value });
}
