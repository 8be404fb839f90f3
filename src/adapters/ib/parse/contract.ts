import { SecType, type Contract } from "@stoqey/ib";

/**
 * US indices IB lists as IND on their own exchange. They are no stocks: asking for STK SPX on
 * SMART gets error 200 (no security definition), so SPX bars come from the CBOE index.
 */
const INDEX_EXCHANGE: Readonly<Record<string, string>> = { SPX: "CBOE", VIX: "CBOE", NDX: "NASDAQ" };

/** A US stock routed SMART in USD (or one of the indices above); enough for what robotrader trades and charts. */
export function stockContract(symbol: string): Contract {
  const index = INDEX_EXCHANGE[symbol.toUpperCase()];
  if (index) return { symbol, secType: SecType.IND, exchange: index, currency: "USD" };
  return { symbol, secType: SecType.STK, exchange: "SMART", currency: "USD" };
}
