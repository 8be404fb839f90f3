import { alertsAfter, lastAlertId, type AlertRow } from "../../adapters/sqlite/alerts-repo.ts";
import type { Db } from "../../adapters/sqlite/db.ts";
import type { NotifyEvent, NotifyKind } from "../../adapters/webhook/event.ts";
import type { ConnectionEvents } from "../../adapters/ib/connection/connection.ts";
import type { Emitter } from "../../adapters/ib/emitter.ts";
import { toNewYork } from "../../core/calendar/index.ts";
import type { Portfolio } from "../../core/portfolio.ts";
import type { Logger } from "../../log/logger.ts";
import type { Notifier } from "./notifier.ts";
import { writeNotifyState } from "./notify-state.ts";

export interface RunnerNotifyOptions {
  readonly db: Db;
  readonly notifier: Notifier;
  readonly log: Logger;
  readonly conn: { readonly events: Emitter<ConnectionEvents> };
  /** The risk gate's circuit breaker, read each tick. */
  readonly circuit: () => { readonly status: string; readonly lastFailure?: string | undefined };
  /** Market time: the daily summary goes once the market's day has closed (16:00 New York). */
  readonly now: () => number;
  readonly portfolio: Portfolio;
  /** Fills today (for the daily summary). */
  readonly fillsOn: (nyDate: string) => number;
  readonly intervalMs?: number;
}

/** Alert kinds (any process may write them) and what they become. */
const FROM_ALERT: Readonly<Record<string, NotifyKind>> = {
  "kill-switch": "kill-switch",
  reconciliation: "reconciliation",
  "fill-conflict": "fill-conflict",
  "fill-correction": "fill-conflict",
  "manual-control": "manual-control",
};

const CLOSE_MINUTES = 16 * 60;

/**
 * The runner's notification sources besides fills and refusals (the session tells those):
 * the alerts log tailed every second (kill switch from any process, reconciliation problems
 * with orders in doubt, fill conflicts, manual control), the circuit breaker's transitions,
 * the connection's drops and recoveries, and one daily summary after the close. It also
 * publishes the delivery counts for `status` and the page.
 */
export function watchForNotifications(o: RunnerNotifyOptions): { tick(): void; stop(): void } {
  const { notifier } = o;
  let lastId = lastAlertId(o.db);
  let circuit = o.circuit().status;
  let summarized: string | undefined = (() => {
    const t = toNewYork(o.now());
    return t.minutes >= CLOSE_MINUTES ? t.date : undefined; // started after the close: that day is not ours
  })();
  let dayStart = { date: toNewYork(o.now()).date, realized: o.portfolio.realized, equity: o.portfolio.equity() };
  let published = "";
  const send = (kind: NotifyKind, level: NotifyEvent["level"], title: string, text = "", data?: Record<string, unknown>) =>
    notifier.notify({ kind, level, title, text, time: Date.now(), ...(data ? { data } : {}) });

  function fromAlert(a: AlertRow): void {
    const kind = FROM_ALERT[a.kind];
    if (!kind) return;
    const problem = (a.detail as { kind?: unknown } | null)?.kind;
    const precise = kind === "reconciliation" && problem === "order-in-doubt" ? "order-in-doubt" : kind;
    send(precise, a.level, `${precise}: ${a.message.split("\n")[0]}`, a.message.split("\n").slice(1).join("\n"), { alertId: a.id, detail: a.detail });
  }

  function tick(): void {
    try {
      for (const a of alertsAfter(o.db, lastId)) {
        lastId = a.id;
        fromAlert(a);
      }
      const c = o.circuit();
      if (c.status !== circuit) {
        if (c.status === "open") send("circuit-breaker", "error", "circuit breaker OPEN: new orders stopped", c.lastFailure ?? "", { status: c.status });
        else if (circuit === "open" || c.status === "closed") send("circuit-breaker", "info", `circuit breaker ${c.status}`, "", { status: c.status });
        circuit = c.status;
      }
      daily();
      const stats = JSON.stringify(notifier.stats());
      if (stats !== published) {
        published = stats;
        writeNotifyState(o.db, notifier.stats(), Date.now());
      }
    } catch (error) {
      o.log.warn(`notifications: ${(error as Error).message}`);
    }
  }

  function daily(): void {
    const t = toNewYork(o.now());
    if (t.date !== dayStart.date && summarized !== dayStart.date) summary(dayStart.date); // the close passed unseen (overnight gap)
    if (t.date !== dayStart.date) dayStart = { date: t.date, realized: o.portfolio.realized, equity: o.portfolio.equity() };
    if (t.minutes >= CLOSE_MINUTES && summarized !== t.date) summary(t.date);
  }

  function summary(date: string): void {
    summarized = date;
    const p = o.portfolio;
    const realized = p.realized.minus(dayStart.realized);
    const positions = p.positions().filter((x) => x.qty !== 0);
    const held = positions.length === 0 ? "flat" : positions.map((x) => `${x.symbol} ${x.qty} @ ${x.avgCost.toFixed(2)}`).join(", ");
    const fills = o.fillsOn(date);
    send("daily-summary", "info", `daily summary ${date}: ${fills} fill(s), realized P&L ${realized.toFixed(2)} USD`,
      `equity ${p.equity().toFixed(2)} USD (day start ${dayStart.equity.toFixed(2)})\npositions: ${held}`,
      { date, fills, realized: realized.toFixed(2), equity: p.equity().toFixed(2), positions: positions.map((x) => ({ symbol: x.symbol, qty: x.qty, avgCost: x.avgCost.toString() })) });
  }

  const offs = [
    o.conn.events.on("lost", () => send("disconnect", "warn", "IB 1100: TWS lost its connection to IB; trading paused")),
    o.conn.events.on("restored", ({ dataLost }) => send("reconnect", "info", `IB ${dataLost ? "1101" : "1102"}: connection to IB restored${dataLost ? " (data lost: resubscribing)" : ""}`)),
    o.conn.events.on("state", (next, previous) => {
      if (previous === "connected" && (next === "waiting" || next === "connecting" || next === "disconnected")) send("disconnect", "warn", "connection to the gateway dropped; reconnecting");
    }),
    o.conn.events.on("session", (_s, { reconnect }) => {
      if (reconnect) send("reconnect", "info", "reconnected to the gateway; reconciling");
    }),
  ];
  const timer = setInterval(tick, o.intervalMs ?? 1_000);
  timer.unref?.();
  return {
    tick,
    stop() {
      clearInterval(timer);
      for (const off of offs) off();
      tick();
    },
  };
}
