import type { Bar } from "../../../core/bar.ts";
import { FieldCursor, RequestError } from "../fields.ts";
import { easternDate, easternText, parseIbDateTime } from "../market/eastern-time.ts";
import { SESSION_SECONDS } from "../market/intraday.ts";
import { parseBarSize, parseDuration, windowStart, type BarSpec } from "../market/durations.ts";
import type { MarketReplay, SymbolSeries } from "../market/replay.ts";
import { WHAT_TO_SHOW, barDate, toWireBar, type WhatToShow } from "../market/wire-bars.ts";
import { historicalData, historicalDataUpdate } from "../out/market.ts";
import { PACING_VIOLATION_TEXT } from "../pacing.ts";
import type { HandlerContext } from "../world.ts";
import { resolveContract } from "./resolve.ts";

const HMDS = "Historical Market Data Service error message:";
/** More bars than this in one answer is refused, as IB refuses durations too long for a bar size. */
const MAX_BARS = 100_000;
export const FARM_DOWN_TEXT = `${HMDS}Historical data farm is not connected`;

/** Bars of the spec in [from, asOf]; weekly/monthly are built from daily bars. */
export function barsFor(replay: MarketReplay, s: SymbolSeries, spec: BarSpec, from: number, asOf: number): Bar[] {
  if (spec.kind === "intraday") return replay.intradayBars(s, spec.seconds, from, asOf);
  const daily = replay.dailyBars(s, from, asOf);
  if (spec.kind === "daily") return daily;
  const keyOf = (t: number) => {
    const d = new Date(t);
    if (spec.kind === "monthly") return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    return t - ((d.getUTCDay() + 6) % 7) * 86_400_000; // Monday of its week
  };
  const out: Bar[] = [];
  for (const b of daily) {
    const last = out[out.length - 1];
    if (last && keyOf(last.time) === keyOf(b.time)) {
      out[out.length - 1] = { time: last.time, open: last.open, high: Math.max(last.high, b.high), low: Math.min(last.low, b.low), close: b.close, volume: last.volume + b.volume };
    } else out.push(b);
  }
  return out;
}

/** reqHistoricalData(20) at >=124: [20, reqId, C12, includeExpired, end, barSize, duration, useRTH, whatToShow, formatDate, keepUpToDate, chartOptions]. */
export function reqHistoricalData({ session, world }: HandlerContext, c: FieldCursor): void {
  const reqId = c.int("reqId");
  const contract = c.contract();
  c.str("includeExpired");
  const endText = c.str("endDateTime");
  const barSizeText = c.str("barSizeSetting");
  const durationText = c.str("durationStr");
  c.str("useRTH");
  const whatText = c.str("whatToShow").trim().toUpperCase();
  const formatDate = c.int("formatDate", 1);
  if (contract.secType.toUpperCase() === "BAG") throw new RequestError("Historical data for combos (BAG) is not supported by the simulator", 321, reqId);
  const keepUpToDate = c.bool("keepUpToDate");
  c.str("chartOptions");

  const spec = parseBarSize(barSizeText);
  if (!spec) throw new RequestError(`${HMDS}Invalid bar size '${barSizeText}'; expected e.g. "5 secs", "1 min", "5 mins", "1 hour", "1 day"`, 162, reqId);
  const duration = parseDuration(durationText);
  if (!duration) throw new RequestError(`${HMDS}Invalid duration '${durationText}'; expected "<n> S|D|W|M|Y", e.g. "30 D"`, 162, reqId);
  if (!(WHAT_TO_SHOW as readonly string[]).includes(whatText)) throw new RequestError(`${HMDS}Invalid whatToShow '${whatText}'; expected one of ${WHAT_TO_SHOW.join(", ")}`, 162, reqId);
  const what = whatText as WhatToShow;
  if (keepUpToDate && endText.trim() !== "") throw new RequestError("Error validating request.-'bP' : cause - End date not supported with live updates", 321, reqId);
  const { info, series } = resolveContract(world, contract, reqId);

  if (world.faults.get("farm-down")) throw new RequestError(FARM_DOWN_TEXT, 162, reqId);
  const barSeconds = spec.kind === "intraday" ? spec.seconds : 86_400;
  const verdict = world.historicalPacing.admit({
    contract: `${info.symbol}/${contract.secType}/${contract.exchange}`,
    whatToShow: what,
    barSeconds,
    identity: [info.symbol, contract.exchange, endText, barSizeText, durationText, what].join("|"),
  });
  if (!verdict.ok) {
    world.log.info(`sim-gateway: historical pacing violation (${verdict.rule}) for request ${reqId}`);
    throw new RequestError(PACING_VIOLATION_TEXT, 162, reqId);
  }

  const now = world.replay.now();
  let end = now;
  if (endText.trim() !== "") {
    const parsed = parseIbDateTime(endText);
    if (parsed === undefined) throw new RequestError(`${HMDS}Invalid endDateTime '${endText}'; expected "yyyymmdd hh:mm:ss US/Eastern" or "yyyymmdd-hh:mm:ss" (UTC)`, 162, reqId);
    end = Math.min(parsed, now);
  }
  const from = windowStart(duration, end, easternDate(end), world.replay.calendar);
  const daily = spec.kind !== "intraday";
  if (spec.kind === "intraday") {
    const sessions = world.replay.calendar.filter((d) => d >= easternDate(from) && d <= easternDate(end)).length;
    if (sessions * Math.ceil(SESSION_SECONDS / spec.seconds) > MAX_BARS) throw new RequestError(`${HMDS}Time length exceed max.`, 162, reqId);
  }
  const bars = barsFor(world.replay, series, spec, from, end).map((b) => toWireBar(b, what, barDate(b, daily, formatDate)));
  if (bars.length === 0) throw new RequestError(`${HMDS}HMDS query returned no data: ${info.symbol}@SMART ${what}`, 162, reqId);
  session.send(historicalData(reqId, `${easternText(from)} US/Eastern`, `${easternText(end)} US/Eastern`, bars));

  if (!keepUpToDate) return;
  world.historicalPacing.opened();
  let lastSent = "";
  const stop = world.ticker.subscribe((t) => {
    if (world.dataPaused()) return;
    const current = barsFor(world.replay, series, spec, t - barSeconds * 1000 - 86_400_000, t).at(-1);
    if (!current) return;
    const wire = toWireBar(current, what, barDate(current, daily, formatDate));
    const key = `${wire.date}|${wire.close}|${wire.volume}`;
    if (key === lastSent) return;
    lastSent = key;
    session.send(historicalDataUpdate(reqId, wire));
  });
  session.trackStream(`hist:${reqId}`, { kind: "keep-up-to-date", symbol: info.symbol, reqId }, () => {
    stop();
    world.historicalPacing.closed();
  });
}

/** cancelHistoricalData(25): [25, 1, reqId]. */
export function cancelHistoricalData({ session }: HandlerContext, c: FieldCursor): void {
  c.int("version");
  const reqId = c.int("reqId");
  session.untrack(`hist:${reqId}`);
}
