import { EquityReader } from "../../adapters/sqlite/page/equity.ts";
import { maskDeep } from "../../adapters/http/read/mask-deep.ts";
import { readMetricSeries } from "../../adapters/http/read/metrics.ts";
import { readOrders } from "../../adapters/sqlite/page/orders.ts";
import { readRuns } from "../../adapters/sqlite/page/runs.ts";
import { SignalsReader } from "../../adapters/sqlite/page/signals.ts";
import { readTrades } from "../../adapters/sqlite/page/trades.ts";
import { PerformanceReader } from "../../adapters/sqlite/page/performance.ts";
import { RegimeReader } from "../../adapters/sqlite/page/regime.ts";
import { CandlesReader } from "../../adapters/sqlite/page/candles.ts";
import type { Topic } from "../../adapters/http/ws-protocol.ts";
import type { Db } from "../../adapters/sqlite/db.ts";
import { MARKED_TOPICS, readMarkers } from "../../adapters/sqlite/page/markers.ts";
import { money } from "../../core/money.ts";
import { dashboardStatus } from "./status.ts";
import { buildStatus, type Status } from "../runner/status.ts";

/** Topics that read whole tables: reloaded only when their table's marker moves. */
export { MARKED_TOPICS, readMarkers };
type MarkedTopic = (typeof MARKED_TOPICS)[number];
// Every marked topic is a page topic.
MARKED_TOPICS satisfies readonly Topic[];

export const RECENT_TRADES = 50;
export const TODAY_SHOWN = 200;
export const ALERTS_SHOWN = 100;

/** The readers that keep big tables' views incrementally; one set per server, shared by the API and the watcher. */
export interface TopicReaders {
  readonly equity: EquityReader;
  readonly signals: SignalsReader;
  readonly regime: RegimeReader;
  readonly performance: PerformanceReader;
  readonly candles: CandlesReader;
}

export const topicReaders = (): TopicReaders => ({ equity: new EquityReader(), signals: new SignalsReader(), regime: new RegimeReader(), performance: new PerformanceReader(), candles: new CandlesReader() });

export interface TopicContext {
  readonly path: string;
  readonly now: number;
  readonly readers: TopicReaders;
}

export function loadStatus(db: Db, now: number): Status {
  return buildStatus(db, { now, alertLimit: ALERTS_SHOWN });
}

/** One topic's snapshot from the store, account ids masked in every string; `status` is the builder's output for this tick. */
export function loadTopic(db: Db, topic: Topic, status: Status, context: TopicContext): unknown {
  return maskDeep(topicData(db, topic, status, context));
}

function topicData(db: Db, topic: Topic, status: Status, context: TopicContext): unknown {
  switch (topic) {
    case "status":
      return dashboardStatus(status, context, context.now);
    case "positions":
      return status.positions.map((p) => ({
        ...p,
        marketValue: p.lastPrice === null ? null : money(p.lastPrice).times(p.qty).round(2).toString(),
      }));
    case "orders":
      return readOrders(db);
    case "trades": {
      const withoutPnl = status.pnl.fillsWithoutPnl;
      return {
        day: status.pnl.day,
        // Newest first and bounded: a busy day must not resend thousands of fills on every fill.
        today: status.trades.slice(-TODAY_SHOWN).reverse(),
        todayCount: status.trades.length,
        recent: readTrades(db, { limit: RECENT_TRADES }).trades,
        // Today's realized P&L is unknown when every fill today lacks it; with no fills it is 0.
        realizedToday: status.trades.length > 0 && withoutPnl === status.trades.length ? null : status.pnl.realized,
        commissionsToday: status.pnl.commissions,
        unrealized: status.pnl.unrealized,
      };
    }
    case "equity":
      return context.readers.equity.read(db);
    case "metrics":
      return { latest: status.metrics.time === null ? null : status.metrics, ...readMetricSeries(db, status.metrics) };
    case "signals":
      return context.readers.signals.read(db);
    case "alerts":
      return status.alerts;
    case "runs":
      return readRuns(db);
    case "regime":
      return context.readers.regime.read(db, context.now);
    case "performance":
      return context.readers.performance.read(db, context.now);
    case "candles":
      return context.readers.candles.read(db);
  }
}
