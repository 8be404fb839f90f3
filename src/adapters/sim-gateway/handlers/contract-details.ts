import type { FieldCursor } from "../fields.ts";
import { easternDate } from "../market/eastern-time.ts";
import { hoursString } from "../market/trading-hours.ts";
import { contractDetails, contractDetailsEnd } from "../out/contract.ts";
import type { HandlerContext } from "../world.ts";
import { resolveContract } from "./resolve.ts";

const ORDER_TYPES = "LMT,MKT,STP,STPLMT,MOC,LOC,GTC,DAY,IOC,OPG";

let calendarSet: { source: readonly number[]; set: Set<number> } | undefined;

/** reqContractDetails(9): [9, 8, reqId, C12, includeExpired, secIdType, secId, issuerId(>=176)]. */
export function reqContractDetails({ session, world }: HandlerContext, c: FieldCursor): void {
  c.int("version");
  const reqId = c.int("reqId");
  const contract = c.contract();
  const { info } = resolveContract(world, contract, reqId);
  const calendar = world.replay.calendar;
  if (calendarSet?.source !== calendar) calendarSet = { source: calendar, set: new Set(calendar) };
  const today = easternDate(world.replay.now());
  const exchange = contract.exchange.trim().toUpperCase() || "SMART";
  session.send(
    contractDetails(session.serverVersion, reqId, {
      symbol: info.symbol,
      secType: info.secType,
      exchange: info.secType === "IND" ? "CBOE" : exchange,
      primaryExchange: info.primaryExchange,
      currency: "USD",
      conId: info.conId,
      longName: info.longName,
      tradingHours: hoursString(today, calendarSet.set, "0400", "2000"),
      liquidHours: hoursString(today, calendarSet.set, "0930", "1600"),
      validExchanges: info.secType === "IND" ? "CBOE" : `SMART,${info.primaryExchange},ARCA,BATS,IEX`,
      orderTypes: ORDER_TYPES,
    }),
  );
  session.send(contractDetailsEnd(reqId));
}
