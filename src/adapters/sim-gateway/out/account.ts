import type { SimPosition } from "../account/account.ts";
import type { Fields } from "./basic.ts";
import { OUT } from "./ids.ts";

/** position(61): exactly 16 fields, no primaryExchange. */
export function position(account: string, p: SimPosition): Fields {
  return [OUT.POSITION, 3, account, p.conId, p.symbol, p.secType, "", 0, "", "", p.primaryExchange === "CBOE" ? "CBOE" : "SMART", "USD", p.symbol, p.symbol, p.quantity.toString(), p.avgCost.toString()];
}

export const positionEnd = (): Fields => [OUT.POSITION_END, 1];

export const accountSummary = (reqId: number, account: string, tag: string, value: string, currency: string): Fields => [OUT.ACCOUNT_SUMMARY, 1, reqId, account, tag, value, currency];
export const accountSummaryEnd = (reqId: number): Fields => [OUT.ACCOUNT_SUMMARY_END, 1, reqId];

export const accountValue = (key: string, value: string, currency: string, account: string): Fields => [OUT.ACCT_VALUE, 2, key, value, currency, account];

/** updatePortfolio(7) version 8: 20 fields. */
export function portfolioValue(account: string, p: SimPosition, marketPrice: string, marketValue: string, unrealized: string): Fields {
  return [OUT.PORTFOLIO_VALUE, 8, p.conId, p.symbol, p.secType, "", 0, "", "", p.primaryExchange, "USD", p.symbol, p.symbol, p.quantity.toString(), marketPrice, marketValue, p.avgCost.toString(), unrealized, p.realizedPnl.toString(), account];
}

export const accountTime = (hhmm: string): Fields => [OUT.ACCT_UPDATE_TIME, 1, hhmm];
export const accountDownloadEnd = (account: string): Fields => [OUT.ACCT_DOWNLOAD_END, 1, account];

export const accountUpdateMulti = (reqId: number, account: string, modelCode: string, key: string, value: string, currency: string): Fields => [OUT.ACCOUNT_UPDATE_MULTI, 1, reqId, account, modelCode, key, value, currency];
export const accountUpdateMultiEnd = (reqId: number): Fields => [OUT.ACCOUNT_UPDATE_MULTI_END, 1, reqId];
