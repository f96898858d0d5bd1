/**
 * Mutators: operators that change one decision of each input individual, respecting the space's
 * structure — only active decisions (those of chosen branches) are mutated, and a changed choice
 * gets a fresh random sub-space for its new candidate, so children are always valid DNA.
 *
 * A decision point's `hints` may carry `{ mutationWeight: number }` (default 1; 0 never mutates it).
 */
import { Choice, CustomPoint, DNA, FloatPoint, t, type DecisionPoint, type DNASpec, type Random } from '@tsglove/symbolic';
import { replaceAt, sites, type Site } from '../dna-walk.js';
import { SearchError } from '../errors.js';
import { Operator, type OperatorContext } from './operator.js';
import { subclass } from './subclass.js';

/** A filter on decision points (PyGlove's `where`): which ones an operator may change. */
export type Where = (point: DecisionPoint) => boolean;

/**
 * Base of the mutators: `mutate` maps one individual to one child (or several); each child's
 * `metadata.parentIds` lists its parent's `proposalId` (lineage).
 */
export abstract class Mutator extends Operator {
  /** One individual's child (or children). */
  abstract mutate(dna: DNA, context: OperatorContext): DNA | DNA[];
  call(population: readonly DNA[], context: OperatorContext): DNA[] {
    return population.flatMap((parent) => {
      const out = this.mutate(parent, context);
      const children = Array.isArray(out) ? out : [out];
      for (const child of children) if (child !== parent) child.metadata.parentIds = parentIds([parent]);
      return children;
    });
  }
}

/** The proposal ids of parents that have one. */
export function parentIds(parents: readonly DNA[]): number[] {
  return parents.map((p) => p.metadata.proposalId).filter((id): id is number => typeof id === 'number');
}

/** The mutation weight of a decision point from its hints (default 1). */
export function mutationWeight(hints: unknown): number {
  if (hints && typeof hints === 'object' && 'mutationWeight' in hints) {
    const w = (hints as { mutationWeight: unknown }).mutationWeight;
    if (typeof w !== 'number' || !(w >= 0))
      throw new SearchError(`hints.mutationWeight must be a number >= 0, got ${JSON.stringify(w)}`, 'hints.mutationWeight');
    return w;
  }
  return 1;
}

/** Whether a site can take another value. */
function mutable(site: Site): boolean {
  const p = site.point;
  if (p instanceof Choice) return p.candidates.length > 1 && p.numChoices > 0;
  if (p instanceof FloatPoint) return p.max > p.min;
  return true;
}

/** Picks a site with probability proportional to its weight (null if none can change). */
function pickSite(candidates: readonly Site[], random: Random): Site | null {
  const weights = candidates.map((s) => (mutable(s) ? mutationWeight(s.point.hints) : 0));
  const total = weights.reduce((a, b) => a + b, 0);
  if (total <= 0) return null;
  let r = random() * total;
  for (let i = 0; i < candidates.length; i++) {
    if (weights[i]! > 0 && r < weights[i]!) return candidates[i]!;
    r -= weights[i]!;
  }
  for (let i = candidates.length - 1; i >= 0; i--) if (weights[i]! > 0) return candidates[i]!;
  return null;
}

/** A new node for one sub-choice index with a fresh random sub-space. */
function fresh(point: Choice, index: number, random: Random): DNA {
  return new DNA(index, point.candidates[index]!.randomChildren(random));
}

/** A different value for one site (see the module comment). */
export function mutateSite(site: Site, random: Random): DNA {
  const p = site.point;
  const node = site.node;
  if (p instanceof Choice) {
    const n = p.candidates.length;
    if (p.numChoices === 1) {
      const current = node.value as number;
      const idx = (current + 1 + Math.floor(random() * (n - 1))) % n;
      return fresh(p, idx, random);
    }
    const subs = [...node.children];
    const j = Math.floor(random() * subs.length);
    const taken = new Set(subs.map((s, i) => (i === j ? -1 : (s.value as number))));
    const options: number[] = [];
    for (let i = 0; i < n; i++) if (i !== subs[j]!.value && !(p.distinct && taken.has(i))) options.push(i);
    if (options.length === 0) {
      // Every candidate is used (a permutation): swap two positions instead.
      if (p.sorted || subs.length < 2) return node;
      return swapped(subs, j, (j + 1 + Math.floor(random() * (subs.length - 1))) % subs.length);
    }
    subs[j] = fresh(p, options[Math.floor(random() * options.length)]!, random);
    if (p.sorted) subs.sort((a, b) => (a.value as number) - (b.value as number));
    return new DNA(null, subs);
  }
  if (p instanceof FloatPoint) return p.random(random);
  if (p instanceof CustomPoint) return new DNA(p.hyper.mutate(node.value as string | number, random));
  throw new SearchError(`mutate: unknown kind of decision point at ${p.id}`, p.id);
}

function swapped(subs: readonly DNA[], a: number, b: number): DNA {
  const out = [...subs];
  [out[a], out[b]] = [out[b]!, out[a]!];
  return new DNA(null, out);
}

/** Applies `change` to a DNA: a copy with one site replaced, or the DNA itself if nothing can change. */
function mutateOne(spec: DNASpec, dna: DNA, random: Random, choose: (all: Site[]) => Site | null, change: (s: Site) => DNA): DNA {
  const site = choose(sites(spec, dna));
  if (!site) return dna;
  const out = replaceAt(dna, site.path, change(site));
  out.spec = spec;
  return out;
}

/** Keeps the sites a `where` filter accepts. */
function filtered(all: Site[], where: unknown): Site[] {
  return typeof where === 'function' ? all.filter((s) => (where as Where)(s.point)) : all;
}

/**
 * Uniform mutation: for each input, one active decision point (chosen by weight, uniform by
 * default; only those `where` accepts) takes a different value — another candidate (with a fresh
 * sub-space), another float drawn from its range, or the custom point's own `mutate`.
 */
export class UniformMutator extends subclass(Mutator, 'tsglove.search.evolution.mutators.Uniform', { where: t.callable().optional() }) {
  mutate(dna: DNA, { spec, random }: OperatorContext): DNA {
    return mutateOne(
      spec,
      dna,
      random,
      (all) => pickSite(filtered(all, this.where), random),
      (s) => mutateSite(s, random),
    );
  }
}

/**
 * Swap mutation for orderings: for each input, one k-of-n choice that is not sorted (e.g. a
 * `permutate`) has two of its positions swapped. Individuals without such a choice fall back to
 * uniform mutation.
 */
export class SwapMutator extends subclass(Mutator, 'tsglove.search.evolution.mutators.Swap', { where: t.callable().optional() }) {
  mutate(dna: DNA, { spec, random }: OperatorContext): DNA {
    const all = filtered(sites(spec, dna), this.where);
    const swappable = all.filter((s) => s.point instanceof Choice && s.point.numChoices >= 2 && !s.point.sorted);
    if (swappable.length === 0)
      return mutateOne(
        spec,
        dna,
        random,
        () => pickSite(all, random),
        (s) => mutateSite(s, random),
      );
    const site = pickSite(swappable, random) ?? swappable[0]!;
    const subs = site.node.children;
    const a = Math.floor(random() * subs.length);
    const b = (a + 1 + Math.floor(random() * (subs.length - 1))) % subs.length;
    const out = replaceAt(dna, site.path, swapped(subs, a, b));
    out.spec = spec;
    return out;
  }
}

/** Uniform mutation (see {@link UniformMutator}); `where` limits the points it may change. */
export function uniformMutator(options: { where?: Where } = {}): Operator {
  return new UniformMutator(options);
}

/** Swap mutation for orderings (see {@link SwapMutator}). */
export function swapMutator(options: { where?: Where } = {}): Operator {
  return new SwapMutator(options);
}
