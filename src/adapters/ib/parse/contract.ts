import { SecType, type Contract } from "@stoqey/ib";

/** A US stock routed SMART in USD; enough for the symbols robotrader trades. */
export function stockContract(symbol: string): Contract {
  return { symbol, secType: SecType.STK, exchange: "SMART", currency: "USD" };
}
