/**
 * The package README's `ts run` snippets, run as written: each block becomes a module under
 * test-artifacts/ (git-ignored) and is imported; a failed `assert` or a throw fails its test. If
 * this fails, the README is out of date.
 */
import { describe, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');
const dir = fileURLToPath(new URL('../test-artifacts/readme/', import.meta.url));

/** Each ```ts run block with the heading above it. */
function snippets(): Array<{ title: string; code: string }> {
  const out: Array<{ title: string; code: string }> = [];
  let title = '';
  const lines = readme.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('#')) title = line.replace(/^#+\s*/, '');
    if (line.trim() === '```ts run') {
      const start = i + 1;
      while (i < lines.length && lines[i + 1]?.trim() !== '```') i++;
      out.push({ title, code: lines.slice(start, i + 1).join('\n') });
      i++;
    }
  }
  return out;
}

describe('packages/symbolic/README.md snippets', () => {
  const blocks = snippets();
  it('has runnable snippets', () => {
    if (blocks.length < 8) throw new Error(`expected at least 8 \`ts run\` blocks, found ${blocks.length}`);
  });
  mkdirSync(dir, { recursive: true });
  blocks.forEach(({ title, code }, i) => {
    it(`${i + 1}: ${title}`, async () => {
      const file = `${dir}snippet-${i + 1}.ts`;
      writeFileSync(file, `${code}\nexport {};\n`);
      await import(pathToFileURL(file).href);
    });
  });
});
