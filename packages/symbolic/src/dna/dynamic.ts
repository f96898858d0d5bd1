/**
 * Dynamic evaluation (define-by-run): run ordinary code that calls `oneOf`, `manyOf`, `floatValue`
 * or `custom` inside a context. `collect(fn)` runs `fn` once, recording each call as a decision
 * point (calls return their first candidate / min); `apply(dna, fn)` runs `fn` again with each call
 * returning the DNA's decision. The program's own control flow is the space.
 *
 * A choice among functions (`oneOf([() => convBlock(), () => poolBlock()])`) is conditional: the
 * decisions made inside a function candidate exist only when it is chosen (they live in that
 * candidate's sub-space, so their ids read `decision_0[=0/2].decision_1`).
 *
 * Decisions are matched by name: give `{ name }` to share one decision between calls or to keep
 * names stable; unnamed calls are named `decision_0`, `decision_1`, ... in call order, with one
 * counter for the whole program as PyGlove numbers them: a choice takes its number, then the
 * decisions inside its function candidates (candidate by candidate), then the calls after it.
 * Named calls take no number. Under `apply` only the chosen candidates run, so the counter skips
 * to where `collect` numbered each chosen candidate, and past all of them after the choice.
 * `apply` is cheap (one decode of the DNA, then a lookup per call), so weight-sharing NAS can run it
 * per training step.
 *
 * **Spaces that grow with earlier choices** (Optuna's `for i in range(n_layers)`): a decision made
 * only for some earlier choices (`w2` exists only when `n >= 3`) is not seen by `collect`, which
 * takes the first candidates. `explore(fn, { random })` runs `fn` again under random decisions of
 * the space known so far and adds each *named* decision it meets, until a run of `patience` tries
 * adds nothing; the space is then the union over the choices (a trial with `n = 1` simply does not
 * use `w1`, `w2`). Such decisions need names: unnamed ones are numbered in call order, which shifts
 * when a loop's length does.
 */
import { SymbolicError } from '../errors.js';
import { eq } from '../eq.js';
import { OneOf } from '../hyper/one-of.js';
import { ManyOf } from '../hyper/many-of.js';
import { FloatValue, type FloatScale } from '../hyper/float-value.js';
import { CustomHyper } from '../hyper/custom.js';
import { withHandler, type DynamicHandler, type DynamicRequest } from '../hyper/dynamic-hook.js';
import type { Random } from '../random.js';
import { DNA } from './dna.js';
import type { DNASpec } from './dna-spec.js';
import { buildSpace } from './build.js';
import { materialize } from './materialize.js';

/** Key marking a branch record: the sub-decisions of a function candidate of a choice. */
const BRANCH = '$branch';

type Decided = Record<string, unknown>;

function isBranch(value: unknown): value is Decided {
  return typeof value === 'object' && value !== null && BRANCH in value;
}

/** A dynamic-evaluation context (see the module comment). */
export class DynamicEvaluationContext {
  private readonly hypers: Record<string, unknown> = {};
  private spec: DNASpec | null = null;
  /** The counter of unnamed decisions (shared by every collect on this context). */
  private readonly counter = { n: 0 };
  /** For each choice among functions: the counter where each candidate's decisions start, and after the choice. */
  private readonly numbering = new Map<string, { starts: number[]; end: number }>();

  /**
   * Runs `fn`, recording its decision points; returns what `fn` returns (with default decisions).
   * A choice whose candidates are functions is conditional: each function candidate runs once here
   * (its own decisions become that candidate's sub-space); under `apply` only the chosen one runs.
   */
  collect<R>(fn: () => R): R {
    const before = Object.keys(this.hypers).length;
    const result = withHandler(this.collector(this.hypers), fn);
    if (Object.keys(this.hypers).length !== before) this.spec = null;
    return result;
  }

  private collector(scope: Record<string, unknown>): DynamicHandler {
    const counter = this.counter;
    return (kind, request) => {
      const name = request.name ?? `decision_${counter.n++}`;
      let candidates = request.candidates;
      const results: unknown[] = [];
      if (candidates?.some((c) => typeof c === 'function')) {
        const starts: number[] = [];
        candidates = candidates.map((c, i) => {
          starts[i] = counter.n;
          if (typeof c !== 'function') return c;
          const sub: Record<string, unknown> = {};
          results[i] = withHandler(this.collector(sub), c as () => unknown);
          return { [BRANCH]: i, ...sub };
        });
        if (!this.numbering.has(name)) this.numbering.set(name, { starts, end: counter.n });
      }
      const hyper = makeHyper(kind, { ...request, candidates }, name);
      const existing = scope[name];
      if (existing === undefined) scope[name] = hyper;
      else if (!(existing instanceof CustomHyper ? existing === hyper : eq(existing, hyper))) {
        throw new SymbolicError(`dynamic evaluation: decision "${name}" was defined twice differently`);
      }
      const resolve = (i: number): unknown => (i in results ? results[i] : request.candidates![i]);
      if (kind === 'oneOf') return resolve(0);
      if (kind === 'manyOf') return Array.from({ length: request.k! }, (_, i) => resolve(i));
      return defaultValue(hyper);
    };
  }

  /**
   * Grows the collected space (see the module comment): runs `fn` under random decisions of the
   * space known so far, adding the named decisions it had not seen, until `patience` runs in a row
   * add nothing or `runs` runs were made (a run where `fn` throws keeps what it met). Returns the
   * names added.
   */
  explore(fn: () => unknown, options: { random: Random; runs?: number; patience?: number }): string[] {
    const added: string[] = [];
    const runs = options.runs ?? 128;
    const patience = options.patience ?? 16;
    for (let run = 0, quiet = 0; run < runs && quiet < patience; run++) {
      const decided = this.decide(this.dnaSpec.randomDNA(options.random));
      const found: string[] = [];
      try {
        withHandler(this.explorer(decided, found), fn);
      } catch (error) {
        // The program may refuse some choices (it throws); what it met before counts. Only a
        // decision that cannot be explored (unnamed) stops the exploration.
        if (error instanceof SymbolicError && error.message.startsWith('dynamic evaluation: an unnamed decision')) throw error;
      }
      if (found.length > 0) {
        this.spec = null;
        added.push(...found);
        quiet = 0;
      } else {
        quiet++;
      }
    }
    return added;
  }

  /** `apply`'s handler, except that a named decision not seen yet is collected (with its default value). */
  private explorer(decided: Decided, found: string[]): DynamicHandler {
    const counter = { n: 0 };
    const apply = this.applier(decided, counter);
    const collect = this.collector(this.hypers);
    return (kind, request) => {
      const name = request.name ?? `decision_${counter.n}`;
      if (name in decided) return apply(kind, request);
      if (found.includes(name)) return collect(kind, request); // met again in this run: same default
      if (request.name === undefined) {
        throw new SymbolicError(
          `dynamic evaluation: an unnamed decision (${name}) appears only for some earlier choices; ` +
            'give decisions made inside loops or branches that depend on earlier choices a name, e.g. oneOf(widths, { name: `width${i}` })',
        );
      }
      found.push(name);
      return collect(kind, request);
    };
  }

  /** The DNASpec of the collected decision points (ids are their names). */
  get dnaSpec(): DNASpec {
    if (!this.spec) this.spec = buildSpace(this.hypers, '');
    return this.spec;
  }

  /** The collected decision points, by name. */
  get decisions(): Readonly<Record<string, unknown>> {
    return this.hypers;
  }

  /** The decided value of each decision for a DNA (or flat numbers), by name. */
  decide(dna: DNA | readonly number[]): Record<string, unknown> {
    return materialize(this.hypers, dna, this.dnaSpec) as Record<string, unknown>;
  }

  /**
   * Runs `fn` with every decision taken from `dna` (or pre-decided values from {@link decide}).
   * `used`, if given, receives the names of the decisions this run made (a space that grows with
   * earlier choices uses only some of them).
   */
  apply<R>(dna: DNA | readonly number[] | Record<string, unknown>, fn: () => R, used?: Set<string>): R {
    const decided = dna instanceof DNA || Array.isArray(dna) ? this.decide(dna as DNA) : (dna as Decided);
    const counter = { n: 0 };
    return withHandler(this.applier(decided, counter, used), fn);
  }

  private applier(decided: Decided, counter: { n: number }, used?: Set<string>): DynamicHandler {
    return (_kind, request) => {
      const name = request.name ?? `decision_${counter.n++}`;
      used?.add(name);
      if (!(name in decided)) {
        throw new SymbolicError(
          `dynamic evaluation: decision "${name}" was not seen when the space was traced (collect/explore); ` +
            'it appears only for choices the trace did not make: name it and let the space be explored (sample() and Study do), or call explore() with more runs',
        );
      }
      const value = decided[name];
      const numbering = this.numbering.get(name);
      const run = (v: unknown): unknown => {
        if (!isBranch(v)) return v;
        const i = v[BRANCH] as number;
        if (numbering) counter.n = numbering.starts[i]!;
        return withHandler(this.applier(v, counter, used), request.candidates![i] as () => unknown);
      };
      const result = Array.isArray(value) && request.k !== undefined ? value.map(run) : run(value);
      if (numbering) counter.n = numbering.end;
      return result;
    };
  }
}

function makeHyper(kind: string, r: DynamicRequest, name: string): unknown {
  switch (kind) {
    case 'oneOf':
      return new OneOf({ candidates: r.candidates!, name, hints: r.hints });
    case 'manyOf':
      return new ManyOf({ k: r.k!, candidates: r.candidates!, distinct: r.distinct, sorted: r.sorted, name, hints: r.hints });
    case 'floatValue':
      return new FloatValue({ min: r.min!, max: r.max!, scale: r.scale as FloatScale | undefined, name, hints: r.hints });
    case 'custom':
      return r.hyper;
    default:
      throw new SymbolicError(`dynamic evaluation: unknown hyper primitive ${kind}`);
  }
}

function defaultValue(hyper: unknown): unknown {
  if (hyper instanceof OneOf) return hyper.candidates[0];
  if (hyper instanceof ManyOf) return hyper.candidates.slice(0, hyper.k);
  if (hyper instanceof FloatValue) return hyper.min;
  if (hyper instanceof CustomHyper) return hyper.decode(hyper.random(() => 0));
  return undefined;
}

/** Runs `fn` once under a new context and returns the context (PyGlove's `pg.hyper.trace`). */
export function trace(fn: () => unknown): DynamicEvaluationContext {
  const context = new DynamicEvaluationContext();
  context.collect(fn);
  return context;
}
