/**
 * SCALE-Sim v2's double-buffered ofmap (write) scratchpad, reduced to what decides its DRAM write
 * count. Outputs written by the array are packed, in arrival order, into lines of `lineWords`
 * words (the DRAM interface width: the array's column count under `InterfaceBandwidth: CALC`).
 * The SRAM of `S` words is split into an active part of ⌈S/2⌉ and a drain part of ⌊S/2⌋ words.
 *
 * - When, with no drain in flight, an output arrives and more than ⌊S/2⌋ words are held, the
 *   line being filled is closed early (padded) and a drain starts: the next ⌈⌊S/2⌋ / lineWords⌉
 *   lines after the last drained one go to DRAM, one line per cycle (write latency 0), so the
 *   drain is in flight until `start + lines − 1`.
 * - A drain counts `lines · lineWords` words minus the padding of its last line only: a padded
 *   line elsewhere in the chunk is counted whole. That is where SCALE-Sim's ofmap DRAM writes
 *   exceed the outputs (e.g. +31 words on a 32-wide array): the counted words are also what is
 *   freed, so the bookkeeping drifts from the true occupancy the same way.
 * - If the SRAM fills up while a drain is in flight, the array waits for the drain to end.
 * - After the last output everything left is drained in chunks of the same size.
 */

/** Simulates the write buffer; feed it outputs per cycle with {@link write}, then {@link finish}. */
export class DrainWriteBuffer {
  /** DRAM writes (words) counted so far. */
  dramWrites = 0;
  /** Cycles the array waited for a full buffer to drain (0 in SCALE-Sim's CALC runs). */
  stallCycles = 0;
  private readonly W: number;
  private readonly total: number;
  private readonly activeSize: number;
  private readonly chunkLines: number;
  private free: number;
  private lineFill = 0;
  private lines = 0;
  private drained = 0;
  private drainEnd = 0;
  /** Fill of early-closed (padded) lines, by line index (few: one per drain at most). */
  private readonly partial = new Map<number, number>();

  /**
   * @param sramWords capacity of the ofmap SRAM in words
   * @param lineWords words per DRAM line (SCALE-Sim: array columns)
   */
  constructor(sramWords: number, lineWords: number) {
    this.W = Math.max(1, lineWords);
    this.total = sramWords;
    this.activeSize = Math.ceil(sramWords * 0.5);
    const drainSize = sramWords - this.activeSize;
    this.chunkLines = Math.max(1, Math.ceil(drainSize / this.W));
    this.free = sramWords;
  }

  /** `n` outputs written by the array in cycle `cycle` (cycles non-decreasing, stall-free time). */
  write(cycle: number, n: number): void {
    let cur = cycle + this.stallCycles;
    while (n > 0) {
      if (cur < this.drainEnd) {
        // Stores are free until the buffer is full; then the array waits for the drain.
        if (this.free - n > 0) {
          this.store(n);
          return;
        }
        const k = Math.max(1, this.free);
        this.store(k);
        n -= k;
        this.stallCycles += this.drainEnd - cur;
        cur = this.drainEnd;
      } else {
        // A drain starts on the first store that leaves fewer than `activeSize` words free.
        const k = Math.max(1, this.free - this.activeSize + 1);
        if (k > n) {
          this.store(n);
          return;
        }
        this.store(k);
        n -= k;
        this.closeLine();
        this.drainEnd = this.drain(cur);
      }
    }
  }

  /** Drains everything still held (end of the layer). Returns the DRAM writes. */
  finish(): number {
    this.closeLine();
    while (this.drained < this.lines) this.drain(0);
    return this.dramWrites;
  }

  private store(k: number): void {
    this.free -= k;
    const fill = this.lineFill + k;
    const full = Math.floor(fill / this.W);
    this.lines += full;
    this.lineFill = fill - full * this.W;
  }

  private closeLine(): void {
    if (this.lineFill === 0) return;
    this.partial.set(this.lines, this.lineFill);
    this.lines++;
    this.lineFill = 0;
  }

  /** Drains the next chunk of lines starting at `cycle`; returns the cycle its last line leaves. */
  private drain(cycle: number): number {
    const end = Math.min(this.drained + this.chunkLines, this.lines);
    const n = end - this.drained;
    if (n <= 0) return cycle;
    const lastFill = this.partial.get(end - 1);
    const words = n * this.W - (lastFill === undefined ? 0 : this.W - lastFill);
    this.dramWrites += words;
    this.free += words;
    this.drained = end;
    return cycle + n - 1;
  }
}
