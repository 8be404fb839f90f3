import { afterEach, describe, expect, test } from "bun:test";
import type { ConnectionEvents } from "../../adapters/ib/connection/connection.ts";
import { Emitter } from "../../adapters/ib/emitter.ts";
import { insertAlert } from "../../adapters/sqlite/alerts-repo.ts";
import { openDatabase, type Db } from "../../adapters/sqlite/db.ts";
import type { NotifyEvent } from "../../adapters/webhook/event.ts";
import { fromNewYork } from "../../core/calendar/index.ts";
import { money } from "../../core/money.ts";
import { Portfolio } from "../../core/portfolio.ts";
import { createLogger } from "../../log/logger.ts";
import { setKillSwitch } from "../runner/kill-switch.ts";
import type { Notifier } from "./notifier.ts";
import { readNotifyState } from "./notify-state.ts";
import { watchForNotifications } from "./runner-notify.ts";

const dbs: Db[] = [];
afterEach(() => dbs.splice(0).forEach((db) => db.close()));

function setup(startMarket: number, before: (db: Db) => void = () => {}) {
  const db = openDatabase(":memory:");
  dbs.push(db);
  before(db);
  const sent: NotifyEvent[] = [];
  const notifier = { notify: (e: NotifyEvent) => void sent.push(e), stats: () => [] } as unknown as Notifier;
  const events = new Emitter<ConnectionEvents>();
  const clock = { market: startMarket };
  const circuit = { status: "closed", lastFailure: undefined as string | undefined };
  const portfolio = new Portfolio(money(100_000));
  const watch = watchForNotifications({
    db, notifier, log: createLogger({ quiet: true, format: "json", stream: { write: () => true } }), conn: { events },
    circuit: () => circuit, now: () => clock.market, portfolio, fillsOn: () => 3, intervalMs: 3_600_000,
  });
  return { db, sent, events, clock, circuit, portfolio, watch, kinds: () => sent.map((e) => e.kind) };
}

describe("the runner's notifications", () => {
  test("alerts written by any process become notifications once, in order; older ones are not resent", () => {
    const t = setup(fromNewYork("2026-12-04", 10 * 60), (db) => void insertAlert(db, { time: 1, level: "warn", kind: "kill-switch", message: "before this runner" }));
    setKillSwitch(t.db, { on: true, by: "cli:a@b", now: Date.now() });
    insertAlert(t.db, { time: 2, level: "error", kind: "reconciliation", message: "MSFT order in doubt", detail: { kind: "order-in-doubt", symbol: "MSFT" } });
    insertAlert(t.db, { time: 3, level: "error", kind: "fill-conflict", message: "exec id again" });
    insertAlert(t.db, { time: 4, level: "info", kind: "strategy-error", message: "not for webhooks" });
    t.watch.tick();
    t.watch.tick();
    expect(t.kinds()).toEqual(["kill-switch", "order-in-doubt", "fill-conflict"]);
    expect(t.sent[0]!.title).toContain("by cli:a@b");
    expect(readNotifyState(t.db)).toMatchObject({ webhooks: [] });
    t.watch.stop();
  });

  test("the circuit breaker's opening and closing, and the connection's drops and recoveries", () => {
    const t = setup(fromNewYork("2026-12-04", 10 * 60));
    t.circuit.status = "open";
    t.circuit.lastFailure = "5 data failures";
    t.watch.tick();
    t.watch.tick();
    t.circuit.status = "closed";
    t.watch.tick();
    t.events.emit("lost");
    t.events.emit("restored", { dataLost: true });
    t.events.emit("state", "waiting", "connected");
    expect(t.kinds()).toEqual(["circuit-breaker", "circuit-breaker", "disconnect", "reconnect", "disconnect"]);
    expect(t.sent[0]).toMatchObject({ level: "error", text: "5 data failures" });
    t.watch.stop();
  });

  test("one daily summary after the close, by market time; none for a day the runner started after its close", () => {
    const t = setup(fromNewYork("2026-12-04", 17 * 60)); // started after Friday's close
    t.watch.tick();
    expect(t.kinds()).toEqual([]);
    t.clock.market = fromNewYork("2026-12-07", 9 * 60 + 30);
    t.watch.tick();
    t.clock.market = fromNewYork("2026-12-07", 15 * 60 + 59);
    t.watch.tick();
    expect(t.kinds()).toEqual([]);
    t.clock.market = fromNewYork("2026-12-07", 16 * 60);
    t.watch.tick();
    t.clock.market = fromNewYork("2026-12-07", 16 * 60 + 30);
    t.watch.tick();
    expect(t.kinds()).toEqual(["daily-summary"]);
    expect(t.sent[0]!.title).toBe("daily summary 2026-12-07: 3 fill(s), realized P&L 0.00 USD");
    expect(t.sent[0]!.text).toContain("positions: flat");
    t.watch.stop();
  });
});
