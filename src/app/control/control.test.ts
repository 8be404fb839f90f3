import { afterEach, describe, expect, test } from "bun:test";
import { openDatabase, type Db } from "../../adapters/sqlite/db.ts";
import { money } from "../../core/money.ts";
import type { OrderIntent } from "../../core/order.ts";
import { Portfolio } from "../../core/portfolio.ts";
import type { Engine } from "../../engine/engine.ts";
import { createLogger } from "../../log/logger.ts";
import { pauseCheck, readPause, setPause } from "./pause.ts";
import { listControlRequests, readControlRequest, submitControlRequest, writeControlRequest } from "./requests.ts";
import { startRunnerControl } from "./runner-control.ts";

const dbs: Db[] = [];
afterEach(() => dbs.splice(0).forEach((db) => db.close()));
const memory = () => {
  const db = openDatabase(":memory:");
  dbs.push(db);
  return db;
};
const quiet = createLogger({ quiet: true, format: "json", stream: { write: () => true } });

describe("manual control", () => {
  test("a request the last runner took but never finished is 'unknown', one asked before this runner is 'expired': neither is carried out", () => {
    const db = memory();
    const taken = submitControlRequest(db, { action: { kind: "close", symbol: "AAPL" }, by: "cli:a@b", now: 1_000 }).request;
    writeControlRequest(db, { ...taken, state: "working", signalTime: 5 }, 1_001);
    const stale = submitControlRequest(db, { action: { kind: "stop" }, by: "cli:a@b", now: 2_000 }).request;
    const control = startRunnerControl({ db, engine: {} as Engine, log: quiet, now: () => 0, stop: () => { throw new Error("must not stop"); }, startedAt: 3_000 });
    control.stop();
    expect(readControlRequest(db, taken.id)).toMatchObject({ state: "unknown", message: expect.stringContaining("look at the orders") });
    expect(readControlRequest(db, stale.id)).toMatchObject({ state: "expired" });
    // A finished request no longer blocks the same action from being asked again.
    expect(submitControlRequest(db, { action: { kind: "stop" }, by: "cli:a@b", now: 4_000 }).created).toBe(true);
    expect(listControlRequests(db)).toHaveLength(3);
  });

  test("while paused, only orders that reduce a position and manual orders pass", () => {
    const db = memory();
    const check = pauseCheck(() => readPause(db));
    const books = new Portfolio(money(10_000));
    books.applyFill({ orderKey: "", execId: "x", symbol: "AAPL", side: "buy", qty: 10, price: money(100), commission: money(0), time: 0 });
    const intent = (side: "buy" | "sell", qty: number, strategy = "sma-cross"): OrderIntent => ({ key: "k", strategy, signalTime: 0, symbol: "AAPL", side, qty, type: "market", tif: "day" });
    expect(check.check(intent("buy", 1), books)).toBeUndefined();
    setPause(db, { paused: true, by: "cli:a@b", now: 1, reason: "earnings" });
    expect(check.check(intent("buy", 1), books)).toMatchObject({ kind: "refused", rule: "paused", reason: expect.stringContaining("by cli:a@b: earnings") });
    expect(check.check(intent("sell", 11), books)).toMatchObject({ rule: "paused" }); // would turn short
    expect(check.check(intent("sell", 10), books)).toBeUndefined();
    expect(check.check(intent("buy", 5, "manual"), books)).toBeUndefined();
    setPause(db, { paused: false, by: "page:127.0.0.1", now: 2 });
    expect(check.check(intent("buy", 1), books)).toBeUndefined();
  });
});
