import type { BarInput } from "../types.ts";
import { IndicatorBase, type Scalar } from "../_base.ts";
import { periodParam, type IndicatorDef } from "../_def.ts";
import { WindowExtreme } from "../_extreme.ts";
import { maCore, maTypeParam } from "../overlap/ma.ts";

/** Raw %K over n bars: (c − LL)/((HH − LL)/100), 0 when HH = LL (TA-Lib's arithmetic). */
export class RawK {
  readonly lookback: number;
  readonly #hh: WindowExtreme;
  readonly #ll: WindowExtreme;
  #count = 0;

  constructor(period: number) {
    this.lookback = period - 1;
    this.#hh = new WindowExtreme(period, "max");
    this.#ll = new WindowExtreme(period, "min");
  }

  push(high: number, low: number, close: number): number {
    const hh = this.#hh.push(high);
    const ll = this.#ll.push(low);
    if (this.#count++ < this.lookback) return NaN;
    const diff = (hh - ll) / 100.0;
    return diff !== 0.0 ? (close - ll) / diff : 0.0;
  }

  reset(): void {
    this.#hh.reset();
    this.#ll.reset();
    this.#count = 0;
  }
}

/**
 * Stochastic: STOCH gives slowk = MA(raw %K), slowd = MA(slowk); STOCHF gives fastk = raw %K,
 * fastd = MA(fastk). Both outputs start together at the full lookback. `fast` selects STOCHF.
 */
export class Stoch extends IndicatorBase {
  readonly #raw: RawK;
  readonly #k: Scalar | undefined;
  readonly #d: Scalar;

  constructor(id: string, raw: RawK, k: Scalar | undefined, d: Scalar, outputs: readonly string[]) {
    super(id, outputs, raw.lookback + (k?.lookback ?? 0) + d.lookback);
    this.#raw = raw;
    this.#k = k;
    this.#d = d;
  }

  update(bar: BarInput): number {
    return this.feed(bar.high, bar.low, bar.close);
  }

  /** One step on an arbitrary series (STOCHRSI feeds RSI as high, low and close). */
  feed(high: number, low: number, close: number): number {
    const raw = this.#raw.push(high, low, close);
    if (raw !== raw) return NaN;
    const k = this.#k ? this.#k.push(raw) : raw;
    if (k !== k) return NaN;
    const d = this.#d.push(k);
    if (d !== d) return NaN;
    this.out[0] = k;
    this.out[1] = d;
    return k;
  }

  protected clear(): void {
    this.#raw.reset();
    this.#k?.reset();
    this.#d.reset();
  }
}

export const stochDef: IndicatorDef = {
  name: "stoch",
  title: "Stochastic (slow); MA types follow the periods",
  inputs: "high, low, close",
  params: [periodParam(5, 1, "fastk"), periodParam(3, 1, "slowk"), periodParam(3, 1, "slowd"), maTypeParam("slowk_matype"), maTypeParam("slowd_matype")],
  outputs: ["slowk", "slowd"],
  create: (id, [fk, sk, sd, kt, dt]) => new Stoch(id, new RawK(fk!), maCore(sk!, kt!), maCore(sd!, dt!), ["slowk", "slowd"]),
};

export const stochfDef: IndicatorDef = {
  name: "stochf",
  title: "Stochastic Fast",
  inputs: "high, low, close",
  params: [periodParam(5, 1, "fastk"), periodParam(3, 1, "fastd"), maTypeParam("fastd_matype")],
  outputs: ["fastk", "fastd"],
  create: (id, [fk, fd, dt]) => new Stoch(id, new RawK(fk!), undefined, maCore(fd!, dt!), ["fastk", "fastd"]),
};
