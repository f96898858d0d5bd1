/**
 * Grid search: proposes every DNA of a finite space once, in `iterate` order (PyGlove's grid order:
 * the last decision advances first), then throws `SearchExhaustedError`. Rewards are ignored.
 */
import type { DNA, DNASpec } from '@tsglove/symbolic';
import { SearchError, SearchExhaustedError } from '../errors.js';
import { GeneratorBase } from '../generator.js';

/** Grid search (see the module comment). */
export class GridSearch extends GeneratorBase {
  readonly name = 'grid';
  override readonly multiObjective = true;
  private cursor: DNA | null = null;
  private cursorIndex = -1;

  protected onSetup(spec: DNASpec): void {
    if (!Number.isFinite(spec.spaceSize)) {
      throw new SearchError('grid: the space is infinite (it has float or custom decisions); grid search needs a finite space');
    }
    this.cursor = null;
    this.cursorIndex = -1;
  }

  protected onPropose(): DNA {
    const spec = this.spec;
    const target = this.numProposals;
    if (this.cursorIndex < 0 || this.cursorIndex > target) {
      this.cursor = spec.firstDNA();
      this.cursorIndex = 0;
    }
    while (this.cursor && this.cursorIndex < target) {
      this.cursor = spec.nextDNA(this.cursor);
      this.cursorIndex++;
    }
    if (!this.cursor) throw new SearchExhaustedError(`grid: all ${spec.spaceSize} points of the space were proposed`);
    return this.cursor.clone();
  }

  protected onFeedback(): void {}
}

/** Grid search (see the module comment). */
export function grid(): GridSearch {
  return new GridSearch();
}
