#!/usr/bin/env node
// The `tsglove` command: runs the compiled CLI (dist/main.js). Inside the repository before
// `npm run build`, it runs the TypeScript sources under tsx (a development dependency there),
// forwarding arguments, stdio, signals and the exit code.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const compiled = new URL('../dist/main.js', import.meta.url);
if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  const { spawn } = await import('node:child_process');
  const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
  let tsx;
  try {
    tsx = import.meta.resolve('tsx');
  } catch {
    console.error('tsglove: the CLI is not built (no dist/main.js); run `npm run build` in the repository');
    process.exit(1);
  }
  const child = spawn(process.execPath, ['--import', tsx, '--conditions=source', main, ...process.argv.slice(2)], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal === 'SIGINT' ? 130 : 1)));
}
