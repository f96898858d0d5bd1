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
  walkSites(spec, dna.children, [], out);
  return out;
}

/** Appends the sites of `space` (whose nodes are `children`, reached by `prefix`) to `out`. */
function walkSites(space: DNASpec, children: readonly DNA[], prefix: readonly number[], out: Site[]): void {
  const elements = space.elements;
  for (let i = 0; i < elements.length; i++) {
    const point = elements[i]!;
    const node = children[i]!;
    const path = prefix.length === 0 ? [i] : [...prefix, i];
    out.push({ point, node, path });
    if (point instanceof Choice) {
      if (point.numChoices === 1) walkSites(point.candidates[node.value as number]!, node.children, path, out);
      else {
        const subs = node.children;
        for (let j = 0; j < subs.length; j++) {
          const sub = subs[j]!;
          walkSites(point.candidates[sub.value as number]!, sub.children, [...path, j], out);
        }
      }
    }
  }
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
