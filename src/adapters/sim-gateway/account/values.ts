import Big from "big.js";
import type { SimAccount, SimPosition } from "./account.ts";

export interface PositionValue {
  readonly position: SimPosition;
  readonly marketPrice: Big;
  readonly marketValue: Big;
  readonly unrealizedPnl: Big;
}

export function positionValue(p: SimPosition, price: number | undefined): PositionValue {
  const marketPrice = price === undefined ? p.avgCost : new Big(price);
  const marketValue = p.quantity.times(marketPrice);
  return { position: p, marketPrice, marketValue, unrealizedPnl: marketValue.minus(p.quantity.times(p.avgCost)) };
}

/**
 * The account's key values, exact. Margin follows a SIMULATED Reg T model: 25% of gross
 * position value for initial and maintenance margin, buying power 4x available funds.
 */
export function accountValues(account: SimAccount, priceOf: (symbol: string) => number | undefined): Record<string, Big | string> {
  let stock = new Big(0);
  let gross = new Big(0);
  let unrealized = new Big(0);
  let realized = new Big(0);
  for (const p of account.positions.values()) {
    const v = positionValue(p, priceOf(p.symbol));
    stock = stock.plus(v.marketValue);
    gross = gross.plus(v.marketValue.abs());
    unrealized = unrealized.plus(v.unrealizedPnl);
    realized = realized.plus(p.realizedPnl);
  }
  const netLiq = account.cash.plus(stock);
  const margin = gross.times("0.25");
  const available = netLiq.minus(margin);
  return {
    AccountType: "INDIVIDUAL",
    NetLiquidation: netLiq,
    TotalCashValue: account.cash,
    SettledCash: account.cash,
    AccruedCash: new Big(0),
    BuyingPower: available.times(4),
    EquityWithLoanValue: netLiq,
    GrossPositionValue: gross,
    InitMarginReq: margin,
    MaintMarginReq: margin,
    AvailableFunds: available,
    ExcessLiquidity: available,
    Cushion: netLiq.eq(0) ? new Big(0) : available.div(netLiq).round(6),
    StockMarketValue: stock,
    UnrealizedPnL: unrealized,
    RealizedPnL: realized,
    CashBalance: account.cash,
    TotalCashBalance: account.cash,
  };
}

export const moneyText = (v: Big | string): string => (typeof v === "string" ? v : v.toFixed(2));
