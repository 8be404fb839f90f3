import type { Bar } from "../core/bar.ts";
import type { OrderRequest } from "../core/order.ts";

/** Where an order would fill on a bar, before slippage; `slips` says whether slippage applies. */
export interface FillPoint {
  readonly price: number;
  /** Market and triggered stop orders take slippage; limits fill at their price or better. */
  readonly slips: boolean;
}

const NO_FILL = undefined;

/**
 * The fill rule for one order on one bar it may trade on (a bar after the signal bar):
 * - market: the bar's open.
 * - limit buy at L: the open when it gapped to <= L, else L when low <= L (sells mirrored).
 * - stop buy at S: the open when it gapped to >= S, else S when high >= S (sells mirrored).
 * `openOnly` (IOC) looks at the open alone: filled there or not at all.
 */
export function matchOrder(order: OrderRequest, bar: Bar, openOnly: boolean): FillPoint | undefined {
  const { open, high, low } = bar;
  const buy = order.side === "buy";
  switch (order.type) {
    case "market":
      return { price: open, slips: true };
    case "limit": {
      const limit = order.limitPrice!;
      if (buy ? open <= limit : open >= limit) return { price: open, slips: false };
      if (openOnly) return NO_FILL;
      if (buy ? low <= limit : high >= limit) return { price: limit, slips: false };
      return NO_FILL;
    }
    case "stop": {
      const stop = order.stopPrice!;
      if (buy ? open >= stop : open <= stop) return { price: open, slips: true };
      if (openOnly) return NO_FILL;
      if (buy ? high >= stop : low <= stop) return { price: stop, slips: true };
      return NO_FILL;
    }
  }
}
