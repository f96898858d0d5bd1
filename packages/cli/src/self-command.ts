/**
 * How to start this CLI again in a child process (`tsglove search --workers N` starts N workers).
 * From the built package that is `node dist/main.js`; inside the repository, on the TypeScript
 * sources, it is `node --import tsx --conditions=source src/main.ts` (tsx is a development
 * dependency of the repository only).
 */
import { fileURLToPath } from 'node:url';

/** The argv (after `process.execPath`) that runs this CLI's entry point. */
export function selfCommand(): string[] {
  const fromSources = import.meta.url.endsWith('.ts');
  const main = fileURLToPath(new URL(fromSources ? './main.ts' : './main.js', import.meta.url));
  return fromSources ? ['--import', import.meta.resolve('tsx'), '--conditions=source', main] : [main];
}
