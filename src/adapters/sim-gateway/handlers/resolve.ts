import { RequestError, type ContractRequest } from "../fields.ts";
import { SIMULATED_SYMBOLS, symbolInfo, type SymbolInfo } from "../market/universe.ts";
import type { SymbolSeries } from "../market/replay.ts";
import type { SimWorld } from "../world.ts";

export interface Resolved {
  readonly info: SymbolInfo;
  readonly series: SymbolSeries;
}

export const NO_SECURITY = "No security definition has been found for the request";

/** Finds the simulated instrument a request names (by symbol, or by conId alone); else error 200. */
export function resolveContract(world: SimWorld, c: ContractRequest, reqId: number): Resolved {
  let symbol = c.symbol.trim().toUpperCase() || c.localSymbol.trim().toUpperCase();
  if (!symbol && c.conId > 0) {
    symbol = ["SPX", ...SIMULATED_SYMBOLS, ...world.knownSymbols()].find((s) => symbolInfo(s).conId === c.conId) ?? "";
  }
  const secType = c.secType.trim().toUpperCase();
  // SPX is the S&P 500 index: IB has no SPX stock, so STK SPX is error 200 there too.
  const supported = secType === "IND" ? symbol === "SPX" : (secType === "" || secType === "STK") && symbol !== "SPX";
  const series = symbol && supported ? world.replay.series(symbol) : undefined;
  if (!series) throw new RequestError(NO_SECURITY, 200, reqId);
  const info = symbolInfo(symbol);
  if (c.conId > 0 && c.conId !== info.conId) throw new RequestError(NO_SECURITY, 200, reqId);
  const currency = c.currency.trim().toUpperCase();
  if (currency !== "" && currency !== "USD") throw new RequestError(NO_SECURITY, 200, reqId);
  return { info, series };
}
