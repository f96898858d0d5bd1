/**
 * The readable form of a DNASpec, used by `format(spec)` and `String(spec)`: one line per decision
 * point (id, name, kind, range), each choice's candidates below it, and the decision points inside
 * a candidate below that candidate.
 *
 * ```
 * DNASpec(size 18, 4 decision points,
 *   a (width): oneOf of 3
 *     [0] 1
 *     [1] 2
 *     [2] {e: OneOf(candidates=[4, 5])}
 *       a[=2/3].e: oneOf of 2
 *         [0] 4
 *         [1] 5
 *   lr: float in [0.1, 1] (log)
 * )
 * ```
 */
import { format } from '../format.js';
import type { Choice, CustomPoint, DecisionPoint, DNASpec, FloatPoint } from './dna-spec.js';

const MAX_LITERAL = 60;

function literal(value: unknown): string {
  const text = format(value, { compact: true });
  return text.length > MAX_LITERAL ? `${text.slice(0, MAX_LITERAL - 3)}...` : text;
}

function describe(point: DecisionPoint): string {
  const label = point.name !== undefined ? `${point.id || '<root>'} (${point.name})` : point.id || '<root>';
  switch (point.kind) {
    case 'choice': {
      const c = point as Choice;
      if (c.numChoices === 1) return `${label}: oneOf of ${c.candidates.length}`;
      const flags = [c.distinct ? 'distinct' : 'repeats allowed', c.sorted ? 'sorted' : ''].filter(Boolean).join(', ');
      return `${label}: manyOf ${c.numChoices} of ${c.candidates.length} (${flags})`;
    }
    case 'float': {
      const f = point as FloatPoint;
      return `${label}: float in [${f.min}, ${f.max}]${f.scale === 'linear' ? '' : ` (${f.scale})`}`;
    }
    default: {
      const c = point as CustomPoint;
      const size = Number.isFinite(c.spaceSize) ? `, ${c.spaceSize} values` : '';
      return `${label}: custom ${c.hyper.constructor.name}${size}`;
    }
  }
}

/** The readable tree of a DNASpec (see the module comment). */
export function formatDNASpec(spec: DNASpec, indent = 2): string {
  const lines: string[] = [];
  const walk = (space: DNASpec, depth: number): void => {
    const pad = ' '.repeat(depth * indent);
    for (const point of space.elements) {
      lines.push(pad + describe(point));
      if (point.kind !== 'choice') continue;
      const c = point as Choice;
      c.candidates.forEach((sub, i) => {
        lines.push(`${pad}${' '.repeat(indent)}[${i}] ${literal(c.literals[i])}`);
        walk(sub, depth + 2);
      });
    }
  };
  walk(spec, 1);
  const size = Number.isFinite(spec.spaceSize) ? `size ${spec.spaceSize}` : 'infinite size';
  const count = spec.decisionPoints.length;
  if (count === 0) return 'DNASpec(size 1, no decision points)';
  return `DNASpec(${size}, ${count} decision point${count === 1 ? '' : 's'},\n${lines.join('\n')}\n)`;
}
