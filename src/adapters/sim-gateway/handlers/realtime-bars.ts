import { FieldCursor, RequestError } from "../fields.ts";
import { easternDate } from "../market/eastern-time.ts";
import { STEPS, aggregate } from "../market/intraday.ts";
import { sessionOpen } from "../market/session-times.ts";
import { WHAT_TO_SHOW, toWireBar, type WhatToShow } from "../market/wire-bars.ts";
import { realtimeBar } from "../out/market.ts";
import type { HandlerContext } from "../world.ts";
import { resolveContract } from "./resolve.ts";

const MAX_BARS_PER_TICK = 120;

/** reqRealTimeBars(50): [50, 3, reqId, C12, barSize(5), whatToShow, useRTH, options]; a 5-second bar per replay step. */
export function reqRealTimeBars({ session, world }: HandlerContext, c: FieldCursor): void {
  c.int("version");
  const reqId = c.int("reqId");
  const contract = c.contract();
  const barSize = c.int("barSize", 5);
  const what = c.str("whatToShow").trim().toUpperCase();
  c.str("useRTH");
  c.str("realTimeBarsOptions");
  if (barSize !== 5) throw new RequestError(`Invalid real-time bar size ${barSize}; only 5 seconds is supported`, 420, reqId);
  if (!["TRADES", "MIDPOINT", "BID", "ASK"].includes(what) || !(WHAT_TO_SHOW as readonly string[]).includes(what)) {
    throw new RequestError(`Invalid real-time query: whatToShow '${what}'; expected TRADES, MIDPOINT, BID or ASK`, 420, reqId);
  }
  const { info, series } = resolveContract(world, contract, reqId);
  if (session.has(`rtb:${reqId}`)) throw new RequestError(`Duplicate ticker id ${reqId}`, 322, reqId);

  // The last 5-second bar already sent, as [day index, step].
  let sentDay = -1;
  let sentStep = -1;
  const now0 = world.replay.now();
  const i0 = series.indexOf(easternDate(now0));
  if (i0 !== undefined) {
    sentDay = i0;
    sentStep = Math.floor((now0 - sessionOpen(series.days[i0]!.time)) / 5000) - 1;
  }
  const publish = (t: number) => {
    if (world.dataPaused()) return;
    const i = series.indexOf(easternDate(t));
    if (i === undefined) return;
    const open = sessionOpen(series.days[i]!.time);
    const done = Math.min(STEPS, Math.floor((t - open) / 5000)); // steps fully elapsed
    let from = i === sentDay ? sentStep + 1 : 0;
    from = Math.max(from, done - MAX_BARS_PER_TICK);
    const path = series.path(i);
    for (let k = from; k < done; k++) {
      const bar = { time: open + k * 5000, ...aggregate(path, k, k + 1) };
      const wire = toWireBar(bar, what as WhatToShow, "");
      session.send(realtimeBar(reqId, Math.floor(bar.time / 1000), wire, wire.wap, wire.count));
    }
    if (done > from || i !== sentDay) {
      sentDay = i;
      sentStep = done - 1;
    }
  };
  session.trackStream(`rtb:${reqId}`, { kind: "realtime-bars", symbol: info.symbol, reqId }, world.ticker.subscribe(publish));
}

/** cancelRealTimeBars(51): [51, 1, reqId]. */
export function cancelRealTimeBars({ session }: HandlerContext, c: FieldCursor): void {
  c.int("version");
  session.untrack(`rtb:${c.int("reqId")}`);
}
