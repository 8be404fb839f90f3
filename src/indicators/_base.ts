import type { BarInput, StreamingIndicator } from "./types.ts";

/** Which bar field a single-input indicator reads. */
export type Source = "open" | "high" | "low" | "close" | "volume";

/**
 * A one-number-in, one-number-out streaming computation: the building block that composite
 * indicators chain (DEMA is an EMA of an EMA, STOCHRSI is a stochastic of an RSI).
 * `push` returns NaN until `lookback` values have gone in before the current one.
 */
export interface Scalar {
  readonly lookback: number;
  push(x: number): number;
  reset(): void;
}

/** Shared output storage and `value`/`reset` for indicator classes. */
export abstract class IndicatorBase implements StreamingIndicator {
  readonly id: string;
  readonly outputs: readonly string[];
  readonly lookback: number;
  protected readonly out: Float64Array;

  constructor(id: string, outputs: readonly string[], lookback: number) {
    this.id = id;
    this.outputs = outputs;
    this.lookback = lookback;
    this.out = new Float64Array(outputs.length).fill(NaN);
  }

  abstract update(bar: BarInput): number;

  value(k = 0): number {
    return this.out[k] ?? NaN;
  }

  reset(): void {
    this.out.fill(NaN);
    this.clear();
  }

  /** Forget all state (called by reset). */
  protected abstract clear(): void;
}

/** A Scalar applied to one bar field: SMA, EMA, RSI, ... on close. */
export class ScalarIndicator extends IndicatorBase {
  readonly #core: Scalar;
  readonly #source: Source;
  /** The usual source, read as a plain property (a keyed read costs more per bar). */
  readonly #onClose: boolean;

  constructor(id: string, core: Scalar, source: Source = "close") {
    super(id, ["value"], core.lookback);
    this.#core = core;
    this.#source = source;
    this.#onClose = source === "close";
  }

  /** The output, kept in the object itself: strategies read it every bar. */
  #value = NaN;

  update(bar: BarInput): number {
    const v = this.#core.push(this.#onClose ? bar.close : bar[this.#source]);
    this.#value = v;
    return v;
  }

  override value(k?: number): number {
    return k === undefined || k === 0 ? this.#value : NaN;
  }

  protected clear(): void {
    this.#value = NaN;
    this.#core.reset();
  }
}
