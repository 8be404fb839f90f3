/** Fixed-size ring of the last `size` numbers; no allocation after construction. */
export class Ring {
  readonly #buf: Float64Array;
  #next = 0;
  #count = 0;

  constructor(size: number) {
    this.#buf = new Float64Array(Math.max(1, size));
  }

  get size(): number {
    return this.#buf.length;
  }

  /** Values pushed since the last reset (not capped at size). */
  get count(): number {
    return this.#count;
  }

  push(x: number): void {
    this.#buf[this.#next] = x;
    this.#next = this.#next + 1 === this.#buf.length ? 0 : this.#next + 1;
    this.#count++;
  }

  /** The value pushed `back` pushes ago: 0 = latest; size-1 = oldest kept. */
  get(back: number): number {
    let i = this.#next - 1 - back;
    if (i < 0) i += this.#buf.length;
    return this.#buf[i]!;
  }

  reset(): void {
    this.#buf.fill(0);
    this.#next = 0;
    this.#count = 0;
  }
}
