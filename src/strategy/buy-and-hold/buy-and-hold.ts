import type { Strategy, StrategyContext, StrategyDefinition } from "../types.ts";

/** Buys on the first bar (filled at the next open) and holds to the end. */
class BuyAndHold implements Strategy {
  #done = false;

  onBar(ctx: StrategyContext): void {
    if (this.#done) return;
    if (ctx.position() !== 0 || ctx.openOrders().length > 0) return;
    const qty = ctx.entryQty();
    if (qty <= 0) return;
    this.#done = ctx.submit({ symbol: ctx.symbol, side: "buy", qty, type: "market", tif: "day" }).kind === "accepted";
  }
}

export const buyAndHold: StrategyDefinition<Record<string, never>> = {
  name: "buy-and-hold",
  description: "Buy at the second bar's open with the configured size and hold to the end",
  params: [],
  parseParams: () => ({}),
  create: () => new BuyAndHold(),
};
