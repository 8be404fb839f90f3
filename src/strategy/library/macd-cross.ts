import { defineStrategy, v } from "../api/index.ts";
import { bars, goLong, goShortOrFlat } from "./_orders.ts";

const MACD = 0;
const SIGNAL = 1;

/** Long when the MACD line crosses above its signal line on a close; out (or short) on the cross below. */
export const macdCross = defineStrategy({
  name: "macd-cross",
  description: "MACD signal cross: long when MACD crosses above its signal line, out (or short) when it crosses below",
  params: v.pipe(
    v.object({
      fast: bars(12, "Fast EMA period (bars)", 2),
      slow: bars(26, "Slow EMA period (bars)", 2),
      signal: bars(9, "Signal EMA period (bars)", 1),
    }),
    v.forward(v.check((p) => p.fast < p.slow, "fast must be less than slow"), ["fast"]),
  ),
  create(p, setup) {
    const macd = setup.indicator(`macd_${p.fast}_${p.slow}_${p.signal}`);
    let prevMacd = NaN;
    let prevSignal = NaN;
    return {
      onBar(ctx) {
        const m = macd.value(MACD);
        const s = macd.value(SIGNAL);
        if (m > s && prevMacd <= prevSignal) goLong(ctx);
        else if (m < s && prevMacd >= prevSignal) goShortOrFlat(ctx);
        prevMacd = m;
        prevSignal = s;
      },
    };
  },
});
