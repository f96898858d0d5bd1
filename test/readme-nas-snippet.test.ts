/**
 * The weight-sharing NAS snippet of packages/nas/README.md runs as written (with fewer steps and
 * images): it chooses its backend with initBackend, so no "backend 'wasm' has not yet been
 * initialized" and no fallback to the slow cpu backend.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');

/** The first ```ts block after `heading` in a markdown file. */
function snippetAfter(file: string, heading: string): string {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const at = text.indexOf(heading);
  expect(at, `${file} has no ${heading}`).toBeGreaterThanOrEqual(0);
  const m = /```ts\n([\s\S]*?)```/.exec(text.slice(at));
  return m![1]!;
}

describe('packages/nas/README.md', () => {
  it('the weight-sharing NAS snippet runs as written', () => {
    let code = snippetAfter('packages/nas/README.md', '## Weight-sharing NAS');
    expect(code).toMatch(/await initBackend\('wasm'\)/);
    // Fewer steps and images, nothing else changed.
    code = code
      .replace('steps: 500', 'steps: 4')
      .replace('steps: 300', 'steps: 4')
      .replace(/limit: \d+/g, 'limit: 64')
      .replace('offset: 2000', 'offset: 64');
    code += `\nconsole.log('backend', tf.getBackend());\n`;
    const dir = join(ROOT, 'test-artifacts', 'snippets');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'nas-readme.ts');
    writeFileSync(file, code);
    const tsx = join(ROOT, 'node_modules/tsx/dist/cli.mjs');
    const run = spawnSync(process.execPath, [tsx, '--conditions=source', file], { cwd: ROOT, encoding: 'utf8', timeout: 240_000 });
    expect(run.stderr).not.toMatch(/has not yet been initialized/);
    expect(run.status, run.stderr.slice(-2000)).toBe(0);
    expect(run.stdout).toMatch(/backend wasm/);
  }, 300_000);
});
