import { Ring } from "./_ring.ts";

/**
 * Running Σx and Σx² over the last n values, recomputed exactly every n pushes so that
 * subtracting old values cannot drift. Sample variance (n−1); O(1) amortized.
 */
export class RollingMoments {
  readonly #n: number;
  readonly #window: Ring;
  #sum = 0;
  #sumSq = 0;
  #sinceExact = 0;

  constructor(period: number) {
    this.#n = period;
    this.#window = new Ring(period);
  }

  get full(): boolean {
    return this.#window.count >= this.#n;
  }

  push(x: number): void {
    const w = this.#window;
    const old = w.count >= this.#n ? w.get(this.#n - 1) : 0;
    w.push(x);
    if (++this.#sinceExact >= this.#n) {
      let s = 0;
      let q = 0;
      for (let i = 0; i < this.#n && i < w.count; i++) {
        const v = w.get(i);
        s += v;
        q += v * v;
      }
      this.#sum = s;
      this.#sumSq = q;
      this.#sinceExact = 0;
    } else {
      this.#sum += x - old;
      this.#sumSq += x * x - old * old;
    }
  }

  mean(): number {
    return this.#sum / this.#n;
  }

  /** Sample variance of the window (n ≥ 2), never negative. */
  variance(): number {
    const n = this.#n;
    const v = (this.#sumSq - (this.#sum * this.#sum) / n) / (n - 1);
    return v > 0 ? v : 0;
  }

  reset(): void {
    this.#window.reset();
    this.#sum = 0;
    this.#sumSq = 0;
    this.#sinceExact = 0;
  }
}
