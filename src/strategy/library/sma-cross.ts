import { defineStrategy, v } from "../api/index.ts";
import { bars, goLong, goShortOrFlat } from "./_orders.ts";

/**
 * Long when SMA(fast) crosses above SMA(slow) on a close (fast > slow now, fast <= slow on
 * the bar before), flat again on the opposite cross; long-short reverses to short instead.
 * Market orders, so they fill at the next bar's open.
 */
export const smaCross = defineStrategy({
  name: "sma-cross",
  description: "SMA crossover: long when SMA(fast) crosses above SMA(slow), out (or short) on the opposite cross",
  params: v.pipe(
    v.object({ fast: bars(10, "Fast SMA period (bars)", 2), slow: bars(30, "Slow SMA period (bars)", 2) }),
    v.forward(v.check((p) => p.fast < p.slow, "fast must be less than slow"), ["fast"]),
  ),
  create(p, setup) {
    const fast = setup.indicator(`sma_${p.fast}`);
    const slow = setup.indicator(`sma_${p.slow}`);
    let prevFast = NaN;
    let prevSlow = NaN;
    return {
      onBar(ctx) {
        const f = fast.value();
        const s = slow.value();
        // NaN on either bar makes both comparisons false: no signal during warm-up.
        if (f > s && prevFast <= prevSlow) goLong(ctx);
        else if (f < s && prevFast >= prevSlow) goShortOrFlat(ctx);
        prevFast = f;
        prevSlow = s;
      },
    };
  },
});
