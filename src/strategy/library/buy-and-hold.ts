import { defineStrategy, v } from "../api/index.ts";

/** Buys on the first bar (filled at the next open) and holds to the end. */
export const buyAndHold = defineStrategy({
  name: "buy-and-hold",
  description: "Buy at the second bar's open with the configured size and hold to the end",
  params: v.object({}),
  create() {
    let done = false;
    return {
      onBar(ctx) {
        if (done || ctx.position() !== 0 || ctx.openOrders().length > 0) return;
        const qty = ctx.entryQty();
        if (qty > 0) done = ctx.submit({ symbol: ctx.symbol, side: "buy", qty, type: "market", tif: "day" }).kind === "accepted";
      },
    };
  },
});
