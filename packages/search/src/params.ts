/**
 * Trial parameters by name: every trial stores, in `metadata.params`, the decisions its DNA takes,
 * keyed by decision name (`oneOf(..., { name })`; the decision's id — its path, such as
 * `stages[1].kernel` — when it has no name or its name is not unique) with the chosen values:
 * a literal candidate as itself (`3`, `'relu'`), a float as its number, a `manyOf` as an array, an
 * object candidate as its compact `format` text, and a define-by-run branch (a function candidate)
 * as its index. Decisions inside a candidate that was not chosen are absent. This is what
 * `study show`, the dashboard and `export` print, for studies made from code and from the CLI alike.
 */
import { Choice, CustomPoint, FloatPoint, format, type DNA, type DNASpec } from '@tsglove/symbolic';
import type { TrialRecord } from './storage/storage.js';

/** A parameter's value as stored (JSON). */
export type ParamValue = number | string | boolean | null | ParamValue[];

/** A trial's decisions by name (see the module comment). */
export type TrialParams = Record<string, ParamValue>;

const keyCache = new WeakMap<DNASpec, Map<string, string>>();

/** Decision id → the key its parameter is stored under (its name when unique, else its id). */
export function paramKeys(spec: DNASpec): Map<string, string> {
  let keys = keyCache.get(spec);
  if (!keys) {
    const points = spec.decisionPoints;
    const count = new Map<string, number>();
    for (const p of points) if (p.name !== undefined) count.set(p.name, (count.get(p.name) ?? 0) + 1);
    keys = new Map(points.map((p) => [p.id, p.name !== undefined && count.get(p.name) === 1 ? p.name : p.id]));
    keyCache.set(spec, keys);
  }
  return keys;
}

const BRANCH_TEXT = /^\{\$branch: (\d+)/;

/** A chosen value as `toDict`'s literal form writes it (an object as its compact `format` text). */
function literalOf(value: unknown): unknown {
  return value === null || typeof value !== 'object' ? value : format(value, { compact: true });
}

function asParam(value: unknown): ParamValue {
  if (Array.isArray(value)) return value.map(asParam);
  if (typeof value === 'string') {
    const branch = value.startsWith('{$branch: ') ? BRANCH_TEXT.exec(value) : null;
    return branch ? Number(branch[1]) : value;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return value;
  return String(value);
}

/**
 * What a trial's parameters need of one (sub-)space, made once per `DNASpec` (the parameters are
 * written for every trial): each element's parameter key, and for a choice its candidates as
 * parameter values (literal candidates are scalars or texts: an object or array is its `format` text).
 */
interface SpacePlan {
  /** The root spec's keys it was made with (a sub-space may also be searched as a root of its own). */
  from: Map<string, string>;
  keys: string[];
  values: Array<ParamValue[] | undefined>;
  /**
   * When no decision of this space is nested in a candidate (every trial has the same keys): an
   * object with those keys, in order, that each trial's parameters start as a copy of. JSON.parse
   * makes it in V8's fast form; an object grown key by key past a dozen keys is a slow dictionary.
   */
  template?: TrialParams;
}

const plans = new WeakMap<DNASpec, SpacePlan>();

function planOf(space: DNASpec, keys: Map<string, string>): SpacePlan {
  let plan = plans.get(space);
  if (!plan || plan.from !== keys) {
    plan = {
      from: keys,
      keys: space.elements.map((e) => keys.get(e.id) ?? e.id),
      values: space.elements.map((e) => (e instanceof Choice ? e.literals.map((l) => asParam(literalOf(l))) : undefined)),
    };
    const flat = space.elements.every((e) => !(e instanceof Choice) || e.candidates.every((c) => c.elements.length === 0));
    if (flat) plan.template = JSON.parse(JSON.stringify(Object.fromEntries(plan.keys.map((k) => [k, null])))) as TrialParams;
    plans.set(space, plan);
  }
  return plan;
}

/**
 * The parameters of `dna` in `spec` (see the module comment): the decisions of
 * `spec.toDict(dna, { key: 'id', value: 'literal', form: 'parent' })`, in its order, each under its
 * parameter key (`paramKeys`). Written as one walk because it runs for every trial.
 */
export function trialParams(spec: DNASpec, dna: DNA): TrialParams {
  const keys = paramKeys(spec);
  const template = planOf(spec, keys).template;
  const out: TrialParams = template ? { ...template } : {};
  const walk = (space: DNASpec, children: readonly DNA[]): void => {
    const plan = planOf(space, keys);
    const elements = space.elements;
    for (let i = 0; i < elements.length; i++) {
      const e = elements[i]!;
      const node = children[i]!;
      const key = plan.keys[i]!;
      if (e instanceof Choice) {
        const values = plan.values[i]!;
        if (e.numChoices === 1) {
          const index = node.value as number;
          out[key] = values[index]!;
          walk(e.candidates[index]!, node.children);
        } else {
          out[key] = node.children.map((s) => values[s.value as number]!);
          for (const s of node.children) walk(e.candidates[s.value as number]!, s.children);
        }
      } else if (e instanceof FloatPoint) {
        out[key] = node.value as number;
      } else if (e instanceof CustomPoint) {
        out[key] = asParam(literalOf(e.hyper.decode(node.value as string | number)));
      }
    }
  };
  walk(spec, dna.children);
  return out;
}

/** A stored trial's parameters (`metadata.params`), or undefined for trials stored without them. */
export function paramsOf(trial: Pick<TrialRecord, 'metadata'>): TrialParams | undefined {
  const params = trial.metadata?.params;
  return params !== null && typeof params === 'object' && !Array.isArray(params) ? (params as TrialParams) : undefined;
}
