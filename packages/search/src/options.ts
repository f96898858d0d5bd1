/**
 * Option checks shared by `sample()` and the algorithms: an unknown option name is an error that
 * suggests the nearest known one (`tpe: unknown option "gama" (did you mean "gamma"?)`), so a
 * misspelt option never silently falls back to its default.
 */
import { closest, distance } from 'fastest-levenshtein';
import { SearchError } from './errors.js';

/** The known name nearest to `name` by edit distance, when it is close enough to be a likely typo. */
export function nearestName(name: string, known: readonly string[]): string | undefined {
  if (known.length === 0) return undefined;
  const lower = name.toLowerCase();
  const prefixed = known.find((k) => k.toLowerCase().startsWith(lower) || lower.startsWith(k.toLowerCase()));
  if (prefixed && name.length >= 3) return prefixed;
  const best = closest(name, known as string[]);
  return distance(name.toLowerCase(), best.toLowerCase()) <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}

/**
 * Throws a {@link SearchError} (path: the option) for an option of `options` not in `known`, or for
 * options that are not an object. `owner` names the function in the message (`'tpe'`, `'sample'`).
 */
export function checkOptionNames(owner: string, options: unknown, known: readonly string[]): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new SearchError(`${owner}: options must be an object, got ${JSON.stringify(options)}`, 'options');
  }
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const near = nearestName(key, known);
    throw new SearchError(
      `${owner}: unknown option ${JSON.stringify(key)}${near ? ` (did you mean ${JSON.stringify(near)}?)` : ''}; ` +
        `known options: ${known.join(', ')}`,
      key,
    );
  }
}
