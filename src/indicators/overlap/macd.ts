import type { BarInput } from "../types.ts";
import { IndicatorBase } from "../_base.ts";
import { periodParam, type IndicatorDef } from "../_def.ts";
import { EmaCore } from "./ema.ts";
import { Delayed } from "./ma.ts";

/**
 * TA-Lib MACD: both EMAs are seeded at index slow−1 (the fast one by the mean of the fast
 * closes ending there), the signal is an EMA of the MACD line, and all three outputs start at
 * (slow−1)+(signal−1). `fixed` gives MACDFIX's k = 0.15 / 0.075 for 12/26.
 */
export class Macd extends IndicatorBase {
  readonly #fast: Delayed;
  readonly #slow: EmaCore;
  readonly #signal: EmaCore;

  constructor(id: string, fast: number, slow: number, signal: number, fixed = false) {
    if (slow < fast) [fast, slow] = [slow, fast];
    super(id, ["macd", "signal", "hist"], slow - 1 + (signal - 1));
    this.#fast = new Delayed(new EmaCore(fast, fixed ? 0.15 : 2 / (fast + 1)), slow - fast);
    this.#slow = new EmaCore(slow, fixed ? 0.075 : 2 / (slow + 1));
    this.#signal = new EmaCore(signal);
  }

  update(bar: BarInput): number {
    const f = this.#fast.push(bar.close);
    const s = this.#slow.push(bar.close);
    if (s !== s) return NaN;
    const line = f - s;
    const sig = this.#signal.push(line);
    if (sig !== sig) return NaN;
    this.out[0] = line;
    this.out[1] = sig;
    this.out[2] = line - sig;
    return line;
  }

  protected clear(): void {
    this.#fast.reset();
    this.#slow.reset();
    this.#signal.reset();
  }
}

export const macdDef: IndicatorDef = {
  name: "macd",
  title: "Moving Average Convergence/Divergence",
  params: [periodParam(12, 2, "fast"), periodParam(26, 2, "slow"), periodParam(9, 1, "signal")],
  outputs: ["macd", "signal", "hist"],
  create: (id, [f, s, g]) => new Macd(id, f!, s!, g!),
};

export const macdfixDef: IndicatorDef = {
  name: "macdfix",
  title: "MACD Fix 12/26 (k = 0.15 and 0.075)",
  params: [periodParam(9, 1, "signal")],
  outputs: ["macd", "signal", "hist"],
  create: (id, [g]) => new Macd(id, 12, 26, g!, true),
};
