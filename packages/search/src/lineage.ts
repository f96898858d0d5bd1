/**
 * What a study keeps of an algorithm beyond its name: the lineage an evolution writes on each
 * proposal's `dna.metadata` (stored as the trial's `metadata.lineage` and put back on the DNA when
 * a study resumes, so `recover` sees it), and the algorithm's symbolic configuration (stored as
 * the study's `metadata.algorithmConfig`; a resume with another configuration is an error that
 * lists the differences).
 */
import { diff, format, isSymObject, parsePath, toJSON, type DNA, type Edit, type JSONValue } from '@tsglove/symbolic';
import type { DNAGenerator } from './generator.js';

/** The `dna.metadata` keys kept as lineage. */
export const LINEAGE_KEYS = ['proposalId', 'generationId', 'initialPopulation', 'parentIds', 'batch', 'innerProposals'] as const;

/** The lineage fields of a proposal's metadata (undefined when it has none). */
export function lineageOf(dna: DNA): Record<string, unknown> | undefined {
  const m = dna.metadata;
  if (m.proposalId === undefined && m.innerProposals === undefined && m.parentIds === undefined) return undefined;
  // One literal of a fixed shape (this runs once per trial); absent fields stay undefined (dropped in JSON).
  return {
    proposalId: m.proposalId,
    generationId: m.generationId,
    initialPopulation: m.initialPopulation,
    parentIds: m.parentIds,
    batch: m.batch,
    innerProposals: m.innerProposals,
  };
}

/** Puts a stored trial's lineage back on its DNA; returns the DNA. */
export function restoreLineage(dna: DNA, trialMetadata: Record<string, unknown> | undefined): DNA {
  const lineage = trialMetadata?.lineage as Record<string, unknown> | undefined;
  if (lineage) for (const key of LINEAGE_KEYS) if (lineage[key] !== undefined) dna.metadata[key] = lineage[key];
  return dna;
}

/**
 * An algorithm's configuration as JSON (`algorithm.config`, a symbolic object), or undefined for
 * algorithms without one. Operators holding plain functions do not serialize: their configuration
 * is then stored as its printed form (`{ _format }`).
 */
export function algorithmConfig(algorithm: DNAGenerator): JSONValue | undefined {
  const config = (algorithm as { config?: unknown }).config;
  if (!isSymObject(config)) return undefined;
  try {
    return toJSON(config);
  } catch {
    return { _format: format(config) };
  }
}

/** The edits from a stored configuration to another, printed one per line (`path: a → b`). */
export function describeConfigDiff(stored: unknown, given: unknown): string {
  const edits: Edit[] = diff(stored, given);
  const show = (v: unknown) => (v === undefined ? '∅' : JSON.stringify(v));
  const before = (path: string): unknown => {
    let v: unknown = stored;
    for (const k of path ? parsePath(path) : [])
      v = v && typeof v === 'object' ? (v as Record<string | number, unknown>)[k as string] : undefined;
    return v;
  };
  return edits.map((e) => `  ${e.path || '<root>'}: ${show(before(e.path))} → ${e.op === 'remove' ? '∅' : show(e.value)}`).join('\n');
}
