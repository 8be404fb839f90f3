import type { Fields } from "./basic.ts";
import { OUT } from "./ids.ts";

export interface StockDetails {
  readonly symbol: string;
  readonly secType: string;
  readonly exchange: string;
  readonly primaryExchange: string;
  readonly currency: string;
  readonly conId: number;
  readonly longName: string;
  readonly tradingHours: string;
  readonly liquidHours: string;
  readonly validExchanges: string;
  readonly orderTypes: string;
}

/**
 * contractDetails(10) at >=164 (no version): the stock/index layout. v182 added
 * lastTradeDate after lastTradeDateOrContractMonth; v186 a trailing ineligibility list.
 */
export function contractDetails(version: number, reqId: number, d: StockDetails): Fields {
  const out: (string | number)[] = [OUT.CONTRACT_DATA, reqId, d.symbol, d.secType, ""];
  if (version >= 182) out.push(""); // lastTradeDate
  out.push(
    "", // strike (unset: read as 0)
    "", // right
    d.exchange,
    d.currency,
    d.symbol, // localSymbol
    d.symbol, // marketName
    d.symbol, // tradingClass
    d.conId,
    0.01, // minTick
    "", // multiplier
    d.orderTypes,
    d.validExchanges,
    1, // priceMagnifier
    0, // underConId
    d.longName,
    d.primaryExchange,
    "", // contractMonth
    d.secType === "IND" ? "Indices" : "Simulated",
    "", // category
    "", // subcategory
    "US/Eastern",
    d.tradingHours,
    d.liquidHours,
    "", // evRule
    "", // evMultiplier
    0, // no secIds
    1, // aggGroup
    "", // underSymbol
    "", // underSecType
    "26", // marketRuleIds (IB's rule for US stocks: 0.01 tick)
    "", // realExpirationDate
    d.secType === "IND" ? "" : "COMMON",
    1, // minSize
    1, // sizeIncrement
    100, // suggestedSizeIncrement
  );
  if (version >= 186) out.push(0); // no ineligibility reasons
  return out;
}

export const contractDetailsEnd = (reqId: number): Fields => [OUT.CONTRACT_DATA_END, 1, reqId];
