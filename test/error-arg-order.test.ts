/**
 * Error constructors take `(message, path)` across the project (CONTRIBUTING.md, "Code"). Both are
 * strings, so the compiler cannot catch a swapped pair; this test reads every source file and
 * flags a `new XError(a, b)` whose first argument reads like a path (a literal without spaces)
 * while the second reads like a sentence.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const ERRORS = /Error$/;

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sourceFiles(path, out);
    else if (/\.ts$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** The literal text of a string or template argument, or undefined for anything else. */
function literalText(node: ts.Expression): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join('');
  return undefined;
}

function swappedCalls(file: string, text = readFileSync(file, 'utf8')): string[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && ERRORS.test(node.expression.text)) {
      const [a, b] = node.arguments ?? [];
      const first = a && literalText(a);
      const second = b && literalText(b);
      if (first !== undefined && second !== undefined && !/\s/.test(first) && /\s/.test(second)) {
        const { line } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
        found.push(`${relative(ROOT, file)}:${line + 1}: ${node.getText(sf).slice(0, 100)}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

describe('error constructors', () => {
  it('take (message, path) everywhere', () => {
    const files = ['packages', 'bench', 'examples', 'test'].flatMap((d) => sourceFiles(join(ROOT, d)));
    expect(files.length).toBeGreaterThan(100);
    expect(files.flatMap((f) => swappedCalls(f))).toEqual([]);
  });

  it('flags a swapped pair and passes the right order (self-check)', () => {
    const file = join(ROOT, 'sample.ts');
    expect(swappedCalls(file, "throw new ModelsError('blocks', `no output block at level ${l}`);")).toHaveLength(1);
    expect(swappedCalls(file, "throw new ModelsError(`no output block at level ${l}`, 'blocks');")).toEqual([]);
    expect(swappedCalls(file, 'throw new ModelsError(message, path);')).toEqual([]);
  });
});
