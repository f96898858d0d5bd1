#!/usr/bin/env node
// The `tsglove` command. An installed package runs its compiled CLI (dist/main.js). Inside the
// repository (marked by the package's tsconfig.json, which is not published) it runs the TypeScript
// sources under tsx, a development dependency there, so it never runs a stale build. Arguments,
// stdio, signals and the exit code are forwarded.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const sources = fileURLToPath(new URL('../src/main.ts', import.meta.url));
let tsx;
if (existsSync(new URL('../tsconfig.json', import.meta.url)) && existsSync(sources)) {
  try {
    tsx = import.meta.resolve('tsx');
  } catch {
    tsx = undefined; // sources without tsx: fall back to the build
  }
}
if (tsx === undefined) {
  const compiled = new URL('../dist/main.js', import.meta.url);
  if (!existsSync(compiled)) {
    console.error('tsglove: the CLI is not built (no dist/main.js); run `npm run build` in the repository');
    process.exit(1);
  }
  await import(compiled.href);
} else {
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, ['--import', tsx, '--conditions=source', sources, ...process.argv.slice(2)], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal === 'SIGINT' ? 130 : 1)));
}
