/**
 * The space-module contract of `tsglove search <module>`: a TypeScript or JavaScript ES module that
 * exports
 * - `space`: what `sample()` searches — a symbolic tree holding hyper values (`oneOf`, `manyOf`,
 *   `floatValue`, ...) or a define-by-run function;
 * - `evaluate(example)`: the reward of one materialized example — a number, a tuple of numbers
 *   (multi-objective; pair it with `--algo nsga2`), or `{ reward, metrics }`; may be async;
 * - optionally `objectives`: names of a tuple reward's entries (dashboard axes).
 * A `default` export holding these works too. Larger reward is better.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { dnaSpec } from '@tsglove/symbolic';
import type { TrialResult } from '@tsglove/search';
import { CliError, usageError } from './errors.js';

/** A loaded space module. */
export interface SpaceModule {
  space: unknown;
  evaluate(example: unknown): TrialResult | Promise<TrialResult>;
  objectives?: string[];
  path: string;
}

/** Imports and checks a space module (errors name the file and the missing export). */
export async function loadSpaceModule(file: string, cwd: string): Promise<SpaceModule> {
  const path = resolve(cwd, file);
  if (!existsSync(path)) throw usageError(`space module ${file}: no such file`);
  let mod: Record<string, unknown>;
  try {
    mod = await importModule(path, file);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`space module ${file}: failed to load: ${(error as Error).message}`);
  }
  const source = mod.space === undefined && mod.default && typeof mod.default === 'object' ? (mod.default as Record<string, unknown>) : mod;
  if (source.space === undefined)
    throw usageError(
      `space module ${file}: exports no \`space\` (export the search space, e.g. \`export const space = nasBenchMacroSpace()\`)`,
    );
  if (typeof source.evaluate !== 'function') throw usageError(`space module ${file}: exports no \`evaluate(example)\` function`);
  if (typeof source.space !== 'function' && dnaSpec(source.space).decisionPoints.length === 0) {
    throw usageError(
      `space module ${file}: \`space\` (${describe(source.space)}) holds no decision to search: ` +
        'export a tree holding hyper values (oneOf, manyOf, floatValue, ...) or a define-by-run function',
    );
  }
  const objectives = Array.isArray(source.objectives) ? source.objectives.map(String) : undefined;
  return { space: source.space, evaluate: source.evaluate as SpaceModule['evaluate'], objectives, path };
}

function describe(value: unknown): string {
  const text =
    typeof value === 'object' && value !== null ? `a ${value.constructor?.name ?? 'object'}` : (JSON.stringify(value) ?? String(value));
  return text.length > 60 ? text.slice(0, 57) + '...' : text;
}

/**
 * Imports a module file. A TypeScript module that Node cannot load by itself (Node 20 has no type
 * stripping) is loaded through tsx's public API when the user's project has tsx installed.
 */
async function importModule(path: string, file: string): Promise<Record<string, unknown>> {
  const url = pathToFileURL(path).href;
  try {
    return (await import(url)) as Record<string, unknown>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_UNKNOWN_FILE_EXTENSION' || !/\.[cm]?ts$/.test(path)) throw error;
  }
  let tsx: { register(): unknown };
  try {
    tsx = (await import('tsx/esm/api' as string)) as typeof tsx;
  } catch {
    throw new CliError(
      `space module ${file} is TypeScript: install tsx in your project (npm install -D tsx) or write the module as JavaScript (.mjs)`,
    );
  }
  // Registered for the whole process (not tsImport's private module scope), so the module shares
  // this CLI's instances of @tsglove/symbolic and its other imports. A fresh URL: the failed load is cached.
  tsx.register();
  return (await import(`${url}?tsx`)) as Record<string, unknown>;
}
