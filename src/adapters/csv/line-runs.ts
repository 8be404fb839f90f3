/**
 * The line each bar came from, kept as runs of consecutive lines: one (index, line) pair where a
 * row's line is not the line after the previous row's (the header, a skipped or blank line, a
 * quoted field over several lines). A file of plain rows is one run, so the 4 MB a dense column
 * of line numbers costs per million bars (fresh memory, which is slow on a VM) is not spent; the
 * numbers are made only when asked for (errors, `data import`).
 */
export class LineRuns {
  #index: Uint32Array = new Uint32Array(16);
  #line: Uint32Array = new Uint32Array(16);
  #runs = 0;

  /** The rows from bar `index` on start at `line` (a no-op when that is where the last run is anyway). */
  mark(index: number, line: number): void {
    const k = this.#runs - 1;
    if (k >= 0) {
      const start = this.#index[k]!;
      if (this.#line[k]! + (index - start) === line) return;
      // No bar in the last run yet: it is replaced.
      if (start === index) {
        this.#line[k] = line;
        return;
      }
    }
    if (this.#runs === this.#index.length) {
      this.#index = grown(this.#index);
      this.#line = grown(this.#line);
    }
    this.#index[this.#runs] = index;
    this.#line[this.#runs] = line;
    this.#runs++;
  }

  /** The line of bar `i` (of those marked). */
  lineOf(i: number): number {
    let lo = 0;
    let hi = this.#runs - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.#index[mid]! <= i) lo = mid;
      else hi = mid - 1;
    }
    return this.#line[lo]! + (i - this.#index[lo]!);
  }

  /** Every line of bars [0, n), reversed when the bars were. */
  lines(n: number, reverse: boolean): Uint32Array {
    const out = new Uint32Array(n);
    for (let k = 0; k < this.#runs; k++) {
      const start = this.#index[k]!;
      const end = Math.min(n, k + 1 < this.#runs ? this.#index[k + 1]! : n);
      for (let i = start, line = this.#line[k]!; i < end; i++, line++) out[i] = line;
    }
    return reverse ? out.reverse() : out;
  }
}

function grown(a: Uint32Array): Uint32Array {
  const b = new Uint32Array(a.length * 2);
  b.set(a);
  return b;
}
