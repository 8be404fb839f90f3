import type { SimExecution } from "../account/execution.ts";
import { remaining, type SimOrder } from "../account/order.ts";
import { easternText } from "../market/eastern-time.ts";
import type { Fields } from "./basic.ts";
import { OUT, UNSET_DOUBLE } from "./ids.ts";

const num = (x: number | undefined) => (x === undefined ? "" : x);

function contractFields(o: SimOrder): (string | number)[] {
  // conId, symbol, secType, lastTrade, strike, right, multiplier, exchange, currency, localSymbol, tradingClass
  return [o.conId, o.symbol, o.secType, "", 0, "", "", o.exchange, o.currency, o.symbol, o.symbol];
}

/** The 10 what-if/commission fields after the status (9 margins, commission x3, currency, warning). */
function orderStateTail(o: SimOrder, whatIfCommission?: string): (string | number)[] {
  const unset = Array.from({ length: 9 }, () => UNSET_DOUBLE);
  const commission = whatIfCommission ?? (o.commission.gt(0) ? o.commission.toString() : UNSET_DOUBLE);
  return [...unset, commission, UNSET_DOUBLE, UNSET_DOUBLE, "USD", ""];
}

/**
 * openOrder(5) for a plain (non-combo, no algo/conditions) order, at >=145 (no version).
 * Layout per @stoqey decoder.js decodeMsg_OPEN_ORDER / ib_async decoder.openOrder; the fields
 * added after 178 are present only when the connection's version has them.
 */
export function openOrder(version: number, o: SimOrder, opts: { whatIf?: boolean; status?: string; whatIfCommission?: string } = {}): Fields {
  const f: (string | number)[] = [OUT.OPEN_ORDER, o.orderId, ...contractFields(o)];
  f.push(o.action, o.totalQuantity.toString(), o.orderType, num(o.lmtPrice), num(o.auxPrice), o.tif, "", o.account, "", 0, o.orderRef, o.clientId, o.permId);
  f.push(o.outsideRth ? 1 : 0, 0, 0, o.goodAfterTime, ""); // outsideRth, hidden, discretionaryAmt, goodAfterTime, sharesAllocation
  f.push("", "", ""); // faGroup, faMethod, faPercentage
  if (version < 177) f.push(""); // faProfile
  f.push("", o.goodTillDate, "", "", ""); // modelCode, goodTillDate, rule80A, percentOffset, settlingFirm
  f.push(0, "", -1, 0); // shortSaleSlot, designatedLocation, exemptCode, auctionStrategy
  f.push("", "", "", "", ""); // startingPrice, stockRefPrice, delta, stockRangeLower, stockRangeUpper
  f.push("", 0, 0, 0, "", 3, 0, 0, ""); // displaySize, blockOrder, sweepToFill, allOrNone, minQty, ocaType, eTradeOnly, firmQuoteOnly, nbboPriceCap
  f.push(o.parentId, 0); // parentId, triggerMethod
  f.push("", 0, "", "", 0, 0); // volatility, volatilityType, deltaNeutralOrderType, deltaNeutralAuxPrice, continuousUpdate, referencePriceType
  f.push("", "", "", ""); // trailStopPrice, trailingPercent, basisPoints, basisPointsType
  f.push("", 0, 0, 0); // comboLegsDescrip, nComboLegs, nOrderComboLegs, nSmartComboParams
  f.push("", "", ""); // scaleInitLevelSize, scaleSubsLevelSize, scalePriceIncrement
  f.push("", 0, "", "", 0, 0, "", 0); // hedgeType, optOutSmartRouting, clearingAccount, clearingIntent, notHeld, dncFlag, algoStrategy, solicited
  f.push(opts.whatIf ? 1 : 0, opts.status ?? o.status, ...orderStateTail(o, opts.whatIfCommission));
  f.push(0, 0, 0); // randomizeSize, randomizePrice, nConditions
  f.push("", "", "", "", "", "", "", 0); // adjustedOrderType, triggerPrice, trailStopPrice, lmtPriceOffset, adjustedStopPrice, adjustedStopLimitPrice, adjustedTrailingAmount, adjustableTrailingUnit
  f.push("", "", "", num(o.cashQty)); // softDollarTier name/value/displayName, cashQty
  f.push(0, 0, 0, ""); // dontUseAutoPriceForHedge, isOmsContainer, discretionaryUpToLimitPrice, usePriceMgmtAlgo
  f.push("", "", 0); // duration, postToAts, autoCancelParent
  f.push("", "", "", "", ""); // minTradeQty, minCompeteSize, competeAgainstBestOffset, midOffsetAtWhole, midOffsetAtHalf
  if (version >= 183) f.push(""); // customerAccount
  if (version >= 184) f.push(0); // professionalCustomer
  if (version >= 185) f.push(""); // bondAccruedInterest
  if (version >= 189) f.push(0); // includeOvernight
  if (version >= 193) f.push("", ""); // extOperator, manualOrderIndicator
  return f;
}

/** orderStatus(3) at >=131 (no version): 12 fields. */
export function orderStatus(o: SimOrder, status: string = o.status): Fields {
  return [OUT.ORDER_STATUS, o.orderId, status, o.filled.toString(), remaining(o).toString(), o.avgFillPrice.toString(), o.permId, o.parentId, o.lastFillPrice.toString(), o.clientId, "", ""];
}

export const openOrderEnd = (): Fields => [OUT.OPEN_ORDER_END, 1];

/** execDetails(11) at >=136 (no version); pendingPriceRevision only at >=178. */
export function execDetails(version: number, reqId: number, e: SimExecution, account: string): Fields {
  const f: (string | number)[] = [OUT.EXECUTION_DATA, reqId, e.orderId, e.conId, e.symbol, e.secType, "", 0, "", "", e.exchange, e.currency, e.symbol, e.symbol];
  f.push(e.execId, `${easternText(e.time)} US/Eastern`, account, e.exchange, e.side, e.shares.toString(), e.price.toString(), e.permId, e.clientId, 0);
  f.push(e.cumQty.toString(), e.avgPrice.toString(), e.orderRef, "", "", "", 0); // cumQty, avgPrice, orderRef, evRule, evMultiplier, modelCode, lastLiquidity
  if (version >= 178) f.push(0); // pendingPriceRevision
  return f;
}

export const execDetailsEnd = (reqId: number): Fields => [OUT.EXECUTION_DATA_END, 1, reqId];

/** commissionReport(59): exactly 8 fields; unset realized P&L / yield as IB's max double. */
export function commissionReport(e: SimExecution): Fields {
  return [OUT.COMMISSION_REPORT, 1, e.execId, e.commission.toString(), "USD", e.realizedPnl === undefined ? UNSET_DOUBLE : e.realizedPnl.toString(), UNSET_DOUBLE, ""];
}

/** completedOrder(101): its own layout (no orderId/clientId), per @stoqey decodeMsg_COMPLETED_ORDER. */
export function completedOrder(version: number, o: SimOrder): Fields {
  const f: (string | number)[] = [OUT.COMPLETED_ORDER, ...contractFields(o)];
  f.push(o.action, o.totalQuantity.toString(), o.orderType, num(o.lmtPrice), num(o.auxPrice), o.tif, "", o.account, "", 0, o.orderRef, o.permId);
  f.push(o.outsideRth ? 1 : 0, 0, 0, o.goodAfterTime); // outsideRth, hidden, discretionaryAmt, goodAfterTime
  f.push("", "", ""); // faGroup, faMethod, faPercentage
  if (version < 177) f.push("");
  f.push("", o.goodTillDate, "", "", ""); // modelCode, goodTillDate, rule80A, percentOffset, settlingFirm
  f.push(0, "", -1); // shortSaleSlot, designatedLocation, exemptCode
  f.push("", "", "", "", ""); // startingPrice, stockRefPrice, delta, stockRangeLower, stockRangeUpper
  f.push("", 0, 0, "", 3, 0); // displaySize, sweepToFill, allOrNone, minQty, ocaType, triggerMethod
  f.push("", 0, "", "", 0, 0); // volatility, volatilityType, dnOrderType, dnAuxPrice, continuousUpdate, referencePriceType
  f.push("", ""); // trailStopPrice, trailingPercent
  f.push("", 0, 0, 0); // comboLegsDescrip, nComboLegs, nOrderComboLegs, nSmartComboParams
  f.push("", "", ""); // scale
  f.push("", "", "", 0, 0, "", 0); // hedgeType, clearingAccount, clearingIntent, notHeld, dncFlag, algoStrategy, solicited
  f.push(o.status, 0, 0, 0); // status, randomizeSize, randomizePrice, nConditions
  f.push("", ""); // trailStopPrice, lmtPriceOffset
  f.push(num(o.cashQty), 0, 0); // cashQty, dontUseAutoPriceForHedge, isOmsContainer
  f.push("", o.filled.toString(), 0, 0); // autoCancelDate, filledQuantity, refFuturesConId, autoCancelParent
  f.push("", 0, 0, 0); // shareholder, imbalanceOnly, routeMarketableToBbo, parentPermId
  f.push(o.completedAt === undefined ? "" : `${easternText(o.completedAt)} US/Eastern`, o.status === "Filled" ? "Filled" : "Cancelled by Trader");
  f.push("", "", "", "", ""); // minTradeQty, minCompeteSize, competeAgainstBestOffset, midOffsetAtWhole, midOffsetAtHalf
  if (version >= 183) f.push("");
  if (version >= 184) f.push(0);
  return f;
}

/** completedOrdersEnd(102): the id alone, no version. */
export const completedOrdersEnd = (): Fields => [OUT.COMPLETED_ORDERS_END];
