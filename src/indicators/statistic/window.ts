import { Ring } from "../_ring.ts";
import { ScalarIndicator, type Scalar } from "../_base.ts";
import { periodParam, type IndicatorDef } from "../_def.ts";
import { WindowExtreme } from "../_extreme.ts";

/** Highest or lowest of the last n values. */
export class ExtremeCore implements Scalar {
  readonly lookback: number;
  readonly #w: WindowExtreme;
  #count = 0;

  constructor(period: number, kind: "max" | "min") {
    this.lookback = period - 1;
    this.#w = new WindowExtreme(period, kind);
  }

  push(x: number): number {
    const v = this.#w.push(x);
    return ++this.#count > this.lookback ? v : NaN;
  }

  reset(): void {
    this.#w.reset();
    this.#count = 0;
  }
}

/** Sum of the last n values (TA-Lib's running-total arithmetic). */
export class SumCore implements Scalar {
  readonly lookback: number;
  readonly #n: number;
  readonly #window: Ring;
  #total = 0;

  constructor(period: number) {
    this.#n = period;
    this.lookback = period - 1;
    this.#window = new Ring(period);
  }

  push(x: number): number {
    this.#window.push(x);
    this.#total += x;
    if (this.#window.count < this.#n) return NaN;
    const sum = this.#total;
    this.#total -= this.#window.get(this.#n - 1);
    return sum;
  }

  reset(): void {
    this.#window.reset();
    this.#total = 0;
  }
}

export const maxDef: IndicatorDef = {
  name: "max",
  title: "Highest value over period",
  params: [periodParam(30, 2)],
  outputs: ["value"],
  create: (id, [n]) => new ScalarIndicator(id, new ExtremeCore(n!, "max")),
};

export const minDef: IndicatorDef = {
  name: "min",
  title: "Lowest value over period",
  params: [periodParam(30, 2)],
  outputs: ["value"],
  create: (id, [n]) => new ScalarIndicator(id, new ExtremeCore(n!, "min")),
};

export const sumDef: IndicatorDef = {
  name: "sum",
  title: "Summation over period",
  params: [periodParam(30, 2)],
  outputs: ["value"],
  create: (id, [n]) => new ScalarIndicator(id, new SumCore(n!)),
};
