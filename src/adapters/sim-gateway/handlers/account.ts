import { accountValues, moneyText } from "../account/values.ts";
import type { FieldCursor } from "../fields.ts";
import { accountDownloadEnd, accountSummary, accountSummaryEnd, accountUpdateMulti, accountUpdateMultiEnd, position, positionEnd } from "../out/account.ts";
import type { HandlerContext } from "../world.ts";

/** reqPositions(61): every position (closed ones with 0), then positionEnd; later fills stream on. */
export function reqPositions({ session, world }: HandlerContext): void {
  for (const p of world.account.positions.values()) session.send(position(world.accountId, p));
  session.send(positionEnd());
  world.accountFeed.positionSubscribers.add(session);
}

export function cancelPositions({ session, world }: HandlerContext): void {
  world.accountFeed.positionSubscribers.delete(session);
}

const SUMMARY_TAGS = ["AccountType", "NetLiquidation", "TotalCashValue", "SettledCash", "AccruedCash", "BuyingPower", "EquityWithLoanValue", "GrossPositionValue", "InitMarginReq", "MaintMarginReq", "AvailableFunds", "ExcessLiquidity", "Cushion"];
const LEDGER_TAGS = ["CashBalance", "TotalCashBalance", "StockMarketValue", "NetLiquidationByCurrency", "UnrealizedPnL", "RealizedPnL"];

/** reqAccountSummary(62): [62, 1, reqId, group, tags]; the requested tags, then accountSummaryEnd. */
export function reqAccountSummary({ session, world }: HandlerContext, c: FieldCursor): void {
  c.int("version");
  const reqId = c.int("reqId");
  c.str("group");
  const tags = c.str("tags").split(",").map((t) => t.trim()).filter(Boolean);
  const values = accountValues(world.account, world.accountFeed.priceOf);
  for (const tag of tags) {
    if (tag.startsWith("$LEDGER")) {
      for (const t of LEDGER_TAGS) {
        const v = t === "NetLiquidationByCurrency" ? values.NetLiquidation : values[t];
        if (v !== undefined) session.send(accountSummary(reqId, world.accountId, t, moneyText(v), "USD"));
      }
      continue;
    }
    if (!SUMMARY_TAGS.includes(tag)) continue;
    const v = values[tag];
    if (v === undefined) continue;
    const ccy = tag === "AccountType" || tag === "Cushion" ? "" : "USD";
    session.send(accountSummary(reqId, world.accountId, tag, moneyText(v), ccy));
  }
  session.send(accountSummaryEnd(reqId));
}

export function cancelAccountSummary({ session }: HandlerContext, c: FieldCursor): void {
  c.int("version");
  session.untrack(`summary:${c.int("reqId")}`);
}

/** reqAccountUpdates(6): [6, 2, subscribe, account]; values, portfolio, time, accountDownloadEnd. */
export function reqAccountUpdates({ session, world }: HandlerContext, c: FieldCursor): void {
  c.int("version");
  const subscribe = c.bool("subscribe");
  const account = c.str("account").trim();
  if (!subscribe) {
    world.accountFeed.updateSubscribers.delete(session);
    return;
  }
  if (account !== "" && account !== world.accountId) {
    session.error(-1, 321, `Error validating request: account ${account} is not managed by this gateway`);
    return;
  }
  world.accountFeed.sendAccountUpdate(session);
  session.send(accountDownloadEnd(world.accountId));
  world.accountFeed.updateSubscribers.add(session);
}

/** reqAccountUpdatesMulti(76): [76, 1, reqId, account, modelCode, ledgerAndNLV]. */
export function reqAccountUpdatesMulti({ session, world }: HandlerContext, c: FieldCursor): void {
  c.int("version");
  const reqId = c.int("reqId");
  c.str("account");
  const modelCode = c.str("modelCode");
  const values = accountValues(world.account, world.accountFeed.priceOf);
  for (const [key, v] of Object.entries(values)) {
    const ccy = key === "AccountType" || key === "Cushion" ? "" : "USD";
    session.send(accountUpdateMulti(reqId, world.accountId, modelCode, key, moneyText(v), ccy));
  }
  session.send(accountUpdateMultiEnd(reqId));
}
