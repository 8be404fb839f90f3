import { defineStrategy, v } from "../api/index.ts";
import { bars } from "./_orders.ts";

/** Highest high or lowest low of the last `n` bars, kept in a ring. */
function window(n: number, pick: (a: number, b: number) => number) {
  const ring = new Float64Array(n);
  let count = 0;
  return {
    push(x: number): void {
      ring[count++ % n] = x;
    },
    /** NaN until n bars were pushed. */
    value(): number {
      if (count < n) return NaN;
      let out = ring[0]!;
      for (let i = 1; i < n; i++) out = pick(out, ring[i]!);
      return out;
    },
  };
}

/**
 * Donchian channel breakout with stop orders: while flat, a buy stop rests at the highest
 * high of the last `entry` bars (filled when the next bar trades through it, at the stop or
 * the gap open); while long, a sell stop rests at the lowest low of the last `exit` bars. The
 * stops are day orders, replaced after every bar.
 */
export const donchianBreakout = defineStrategy({
  name: "donchian-breakout",
  description: "Donchian breakout: buy stop at the highest high of entry bars, sell stop at the lowest low of exit bars",
  params: v.object({
    entry: bars(20, "Entry channel (bars)", 1),
    exit: bars(10, "Exit channel (bars)", 1),
  }),
  create(p) {
    const highs = window(p.entry, Math.max);
    const lows = window(p.exit, Math.min);
    return {
      onBar(ctx) {
        highs.push(ctx.bar.high);
        lows.push(ctx.bar.low);
        for (const o of ctx.openOrders()) ctx.cancel(o.key);
        const held = ctx.position();
        if (held === 0) {
          const stop = highs.value();
          const qty = ctx.entryQty();
          if (qty > 0 && !Number.isNaN(stop)) ctx.submit({ symbol: ctx.symbol, side: "buy", qty, type: "stop", stopPrice: stop, tif: "day" });
        } else if (held > 0) {
          const stop = lows.value();
          if (!Number.isNaN(stop)) ctx.submit({ symbol: ctx.symbol, side: "sell", qty: held, type: "stop", stopPrice: stop, tif: "day" });
        }
      },
    };
  },
});
