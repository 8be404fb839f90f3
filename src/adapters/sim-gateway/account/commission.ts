import type Big from "big.js";
import { ibFixed } from "../../../core/commission/ib-fixed.ts";

/**
 * IB Pro "fixed" commission for US stocks, the same model the backtest uses
 * (src/core/commission/ib-fixed.ts): USD 0.005 per share, at least USD 1.00, at most 1% of
 * the trade value.
 */
export function fixedCommission(shares: Big, price: Big): Big {
  const qty = Number(shares.abs().toString());
  return ibFixed.commission({ side: "buy", qty, price, value: shares.abs().times(price), monthShares: 0 });
}
