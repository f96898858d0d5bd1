/**
 * SCALE-Sim v2's double-buffered read scratchpad (ifmap or filter SRAM) as it behaves when the DRAM
 * interface bandwidth is computed (`InterfaceBandwidth: CALC`, its `ReadBufferEstimateBw`), reduced
 * to what decides the DRAM read count.
 *
 * The SRAM of `S` words is split into an active half and a prefetch half (`active_buf_frac` 0.5) and
 * bookkept in 100 sets of `floor(S / 100)` words: 50 sets form the active buffer, 50 the prefetch
 * buffer. Demanded addresses arrive in the array's demand order. An address already in one of the
 * sets filled since the last buffer swap (or in the set being filled) is a hit; any other address
 * is a miss and joins the set being filled. When 50 sets have been filled since the last swap the
 * buffers swap: those sets' words are what DRAM delivered (prefetched), they are dropped from the
 * hit check, and filling starts afresh. At the end the partly filled window is fetched too.
 *
 * So each word is fetched once per "window" of `50 · floor(S / 100)` distinct words of the demand
 * stream, and the DRAM read count is the number of misses: every distinct word once if the operand
 * fits in a window, and again for words whose reuse straddles a window boundary otherwise.
 *
 * Hit checks are O(1): a stamp per address records the window that last fetched it.
 */

/** Counts DRAM reads of one read buffer over a stream of demanded word addresses. */
export class WindowedReadBuffer {
  /** DRAM reads (words fetched) so far. */
  misses = 0;
  private stamp: Int32Array;
  private window = 1;
  private filled = 0;
  /** Words per window: 50 sets of ⌊S / 100⌋ words (0 for tiny SRAMs: the window never closes). */
  readonly windowWords: number;

  /**
   * @param sramWords capacity of the SRAM in words
   * @param addressSpace addresses demanded lie in `[0, addressSpace)`
   */
  constructor(sramWords: number, addressSpace: number) {
    this.windowWords = 50 * Math.floor(sramWords / 100);
    this.stamp = new Int32Array(Math.max(1, addressSpace));
  }

  /** One demanded word. Addresses < 0 are padding (no request). */
  access(addr: number): void {
    if (addr < 0) return;
    const st = this.stamp;
    if (st[addr] === this.window) return;
    st[addr] = this.window;
    this.misses++;
    if (++this.filled === this.windowWords) {
      this.filled = 0;
      this.window++;
    }
  }

  /** Forgets all state for a new stream of the same address space (misses are kept). */
  restart(): void {
    this.stamp.fill(0);
    this.window = 1;
    this.filled = 0;
  }
}
