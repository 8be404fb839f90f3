import { money } from "../money.ts";
import type { OrderRequest, TimeInForce } from "../order.ts";
import type { Position } from "../position.ts";

export interface ExitOptions {
  /** Exit when the price moves this many percent against the average cost; 0 or absent: off. */
  readonly stopLossPct?: number | undefined;
  /** Exit when the price moves this many percent in favour; 0 or absent: off. */
  readonly takeProfitPct?: number | undefined;
  readonly tif?: TimeInForce;
}

export interface ExitOrder {
  readonly reason: "stop-loss" | "take-profit";
  readonly request: OrderRequest;
  readonly lastPrice: number;
  /** The threshold price that was crossed, as an exact decimal string. */
  readonly trigger: string;
}

export interface ExitScan {
  readonly exits: readonly ExitOrder[];
  /** Held symbols with no last price: nothing can be decided for them (never guessed). */
  readonly unpriced: readonly string[];
}

/**
 * Stop-loss and take-profit as a pure scan: for each open position and its last price,
 * a market order that closes it when a threshold is crossed (at or beyond). Longs stop
 * below cost and take profit above; shorts the other way round. The orders still go
 * through the risk rules (the duplicate window keeps a repeated scan from doubling them).
 */
export function protectiveExits(positions: readonly Position[], prices: ReadonlyMap<string, number>, options: ExitOptions): ExitScan {
  const sl = options.stopLossPct ?? 0;
  const tp = options.takeProfitPct ?? 0;
  for (const [name, v] of [["stopLossPct", sl], ["takeProfitPct", tp]] as const) {
    if (!Number.isFinite(v) || v < 0) throw new RangeError(`protective exits: ${name} must be >= 0, got ${v}`);
  }
  const exits: ExitOrder[] = [];
  const unpriced: string[] = [];
  for (const p of positions) {
    if (p.qty === 0) continue;
    const last = prices.get(p.symbol);
    if (last === undefined || !Number.isFinite(last)) {
      unpriced.push(p.symbol);
      continue;
    }
    const long = p.qty > 0;
    const price = money(last);
    const request: OrderRequest = { symbol: p.symbol, side: long ? "sell" : "buy", qty: Math.abs(p.qty), type: "market", tif: options.tif ?? "day" };
    const stop = p.avgCost.times(money(100).plus(long ? -sl : sl)).div(100);
    const take = p.avgCost.times(money(100).plus(long ? tp : -tp)).div(100);
    if (sl > 0 && (long ? price.lte(stop) : price.gte(stop))) {
      exits.push({ reason: "stop-loss", request, lastPrice: last, trigger: stop.toString() });
    } else if (tp > 0 && (long ? price.gte(take) : price.lte(take))) {
      exits.push({ reason: "take-profit", request, lastPrice: last, trigger: take.toString() });
    }
  }
  return { exits, unpriced };
}
