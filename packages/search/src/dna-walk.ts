/**
 * Walking a DNA together with its spec: the active decision points ("sites") of a DNA — those of
 * the chosen branches only — each with the path of child indices that leads to its node, and
 * rebuilding a DNA with one node replaced (DNA is immutable: the nodes along the path are new).
 */
import { Choice, DNA, type DecisionPoint, type DNASpec } from '@tsglove/symbolic';

/** An active decision point of a DNA. */
export interface Site {
  point: DecisionPoint;
  /** The point's DNA node (for a k-of-n choice, the node holding the k sub-choices). */
  node: DNA;
  /** Child indices from the root to `node`. */
  path: readonly number[];
}

/** The active decision points of `dna` (a DNA of `spec`), depth first. */
export function sites(spec: DNASpec, dna: DNA): Site[] {
  const out: Site[] = [];
  const walk = (space: DNASpec, children: readonly DNA[], prefix: readonly number[]): void => {
    space.elements.forEach((point, i) => {
      const node = children[i]!;
      const path = [...prefix, i];
      out.push({ point, node, path });
      if (point instanceof Choice) {
        if (point.numChoices === 1) walk(point.candidates[node.value as number]!, node.children, path);
        else node.children.forEach((sub, j) => walk(point.candidates[sub.value as number]!, sub.children, [...path, j]));
      }
    });
  };
  walk(spec, dna.children, []);
  return out;
}

/** A copy of `root` with the node at `path` replaced by `node` (spec and metadata kept on the root). */
export function replaceAt(root: DNA, path: readonly number[], node: DNA): DNA {
  const rebuild = (current: DNA, depth: number): DNA => {
    if (depth === path.length) return node;
    const children = current.children.slice();
    children[path[depth]!] = rebuild(current.children[path[depth]!]!, depth + 1);
    return new DNA(current.value, children);
  };
  const out = rebuild(root, 0);
  out.spec = root.spec;
  return out;
}

/** A root DNA of `spec` with these children. */
export function rootDNA(spec: DNASpec, children: readonly DNA[]): DNA {
  const dna = new DNA(null, children);
  dna.spec = spec;
  return dna;
}
