/**
 * Annualized realized volatility of log returns over the last `lookback` returns, O(1) per
 * update (running sums over a ring buffer). Sample standard deviation; NaN until full.
 */
export class RollingVolatility {
  readonly #ring: Float64Array;
  readonly #annualize: number;
  #count = 0;
  #head = 0;
  #sum = 0;
  #sumSq = 0;
  #prev = NaN;

  constructor(lookback: number, periodsPerYear: number) {
    this.#ring = new Float64Array(lookback);
    this.#annualize = Math.sqrt(periodsPerYear);
  }

  update(close: number): void {
    const prev = this.#prev;
    this.#prev = close;
    if (!(prev > 0) || !(close > 0)) return;
    const r = Math.log(close / prev);
    const n = this.#ring.length;
    if (this.#count === n) {
      const old = this.#ring[this.#head]!;
      this.#sum -= old;
      this.#sumSq -= old * old;
    } else {
      this.#count++;
    }
    this.#ring[this.#head] = r;
    this.#head = (this.#head + 1) % n;
    this.#sum += r;
    this.#sumSq += r * r;
  }

  value(): number {
    const n = this.#count;
    if (n < this.#ring.length || n < 2) return NaN;
    const mean = this.#sum / n;
    const variance = Math.max(0, (this.#sumSq - n * mean * mean) / (n - 1));
    return Math.sqrt(variance) * this.#annualize;
  }
}
