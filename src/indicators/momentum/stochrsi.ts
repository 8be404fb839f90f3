import type { BarInput } from "../types.ts";
import { IndicatorBase } from "../_base.ts";
import { periodParam, type IndicatorDef } from "../_def.ts";
import { maCore, maTypeParam } from "../overlap/ma.ts";
import { WilderGainLossCore } from "./rsi.ts";
import { RawK, Stoch } from "./stoch.ts";

/** STOCHRSI: STOCHF of RSI; fastk is the unsmoothed stochastic of RSI, fastd = MA(fastk). */
export class StochRsi extends IndicatorBase {
  readonly #rsi: WilderGainLossCore;
  readonly #stoch: Stoch;

  constructor(id: string, period: number, fastk: number, fastd: number, matype: number) {
    const rsi = new WilderGainLossCore(period, false);
    const stoch = new Stoch(id, new RawK(fastk), undefined, maCore(fastd, matype), ["fastk", "fastd"]);
    super(id, ["fastk", "fastd"], rsi.lookback + stoch.lookback);
    this.#rsi = rsi;
    this.#stoch = stoch;
  }

  update(bar: BarInput): number {
    const r = this.#rsi.push(bar.close);
    if (r !== r) return NaN;
    const k = this.#stoch.feed(r, r, r);
    if (k !== k) return NaN;
    this.out[0] = k;
    this.out[1] = this.#stoch.value(1);
    return k;
  }

  protected clear(): void {
    this.#rsi.reset();
    this.#stoch.reset();
  }
}

export const stochrsiDef: IndicatorDef = {
  name: "stochrsi",
  title: "Stochastic Relative Strength Index",
  params: [periodParam(14, 2), periodParam(5, 1, "fastk"), periodParam(3, 1, "fastd"), maTypeParam("fastd_matype")],
  outputs: ["fastk", "fastd"],
  create: (id, [n, fk, fd, t]) => new StochRsi(id, n!, fk!, fd!, t!),
};
