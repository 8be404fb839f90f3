import { afterEach, describe, expect, test } from "bun:test";
import { money } from "../../core/money.ts";
import type { OrderIntent } from "../../core/order.ts";
import { openDatabase, type Db } from "./db.ts";
import { SqliteStore } from "./engine-store.ts";
import { getPaperAccount, seedPaperAccount } from "./engine-store-account.ts";
import { listFills } from "./fills-repo.ts";
import { getOrder, orderEvents } from "./orders-repo.ts";

let db: Db | undefined;
afterEach(() => db?.close());

function store(): SqliteStore {
  db = openDatabase(":memory:");
  let t = 1000;
  return new SqliteStore(db, { account: "DU1", mode: "sim", now: () => t++ });
}

const intent: OrderIntent = { key: "rt:s:AAPL:buy:1", strategy: "s", signalTime: 1, symbol: "AAPL", side: "buy", qty: 100, type: "limit", limitPrice: 10.25, tif: "day" };
const fill = (execId: string, qty: number, price: string) => ({ orderKey: intent.key, execId, symbol: "AAPL", side: "buy" as const, qty, price: money(price), commission: money("0.5"), time: 5 });

describe("SqliteStore (the engine's Store and the broker's journal)", () => {
  test("an intent is stored once; the journal returns it with its broker id after submission", () => {
    const s = store();
    s.recordIntent(intent);
    s.recordIntent({ ...intent, qty: 999 });
    expect(s.lookup(intent.key)).toMatchObject({ state: "intent", qty: 100, brokerOrderId: null, intent: { limitPrice: 10.25 } });
    s.recordSubmission(intent.key, 42, 2000);
    expect(s.lookup(intent.key)).toMatchObject({ state: "submitted", brokerOrderId: 42 });
  });

  test("a fill is inserted once by exec id and moves position, filled qty and average price in the same transaction", () => {
    const s = store();
    s.recordIntent(intent);
    expect(s.recordFill(fill("e1", 40, "10"))).toBe(true);
    expect(s.recordFill(fill("e1", 40, "10"))).toBe(false);
    expect(s.recordFill(fill("e2", 60, "10.5"))).toBe(true);
    expect(listFills(db!).map((f) => `${f.execId} ${f.qty} ${f.commission}`)).toEqual(["e1 40 0.5", "e2 60 0.5"]);
    expect(s.positions().map((p) => `${p.symbol} ${p.qty} ${p.avgCost}`)).toEqual(["AAPL 100 10.3"]);
    expect(getOrder(db!, intent.key)?.avgFillPrice?.toString()).toBe("10.3");
    expect(s.filledQty(intent.key)).toBe(100);
  });

  test("rows get the store's (wall) clock, the fill's market time is kept apart, and a closing fill stores its exact realized P&L", () => {
    const s = store();
    s.recordIntent(intent);
    s.recordFill(fill("e1", 100, "10.01"));
    const sell: OrderIntent = { ...intent, key: "rt:s:AAPL:sell:2", side: "sell", qty: 60, signalTime: 2 };
    s.recordIntent(sell);
    s.recordOrderUpdate({ kind: "order", key: sell.key, state: "acknowledged", filledQty: 0, remainingQty: 60, time: 6 });
    s.recordFill({ ...fill("e2", 60, "10.37"), orderKey: sell.key, side: "sell", time: 7 });
    const [opening, closing] = listFills(db!);
    expect(opening).toMatchObject({ marketTime: 5 });
    expect(opening!.realizedPnl?.toString()).toBe("0"); // an opening fill realizes exactly 0: known, not NULL
    expect(opening!.time).toBeGreaterThanOrEqual(1000);
    expect(closing!.realizedPnl?.toString()).toBe("21.6"); // (10.37 - 10.01) x 60, commission apart
    expect(closing).toMatchObject({ marketTime: 7 });
    expect(closing!.time).toBeGreaterThan(opening!.time);
    const events = orderEvents(db!, sell.key);
    expect(events.map((e) => e.time).every((t) => t >= 1000)).toBe(true);
    expect(events.find((e) => e.state === "acknowledged")?.detail).toMatchObject({ marketTime: 6 });
    expect(getOrder(db!, sell.key)!.updatedAt).toBeGreaterThanOrEqual(1000);
  });

  test("a fill of an order robotrader does not know is recorded but moves no position", () => {
    const s = store();
    expect(s.recordFill({ ...fill("tws", 5, "10"), orderKey: "" })).toBe(true);
    expect(s.positions()).toEqual([]);
    expect(listFills(db!)[0]!.realizedPnl).toBeNull(); // no stored position tells: unknown
  });

  test("states only move forward; repeats and stale updates add no order_events row", () => {
    const s = store();
    s.recordIntent(intent);
    const up = (state: "submitted" | "acknowledged" | "partially-filled" | "filled", filledQty: number) => s.recordOrderUpdate({ kind: "order", key: intent.key, state, filledQty, remainingQty: 100 - filledQty, time: 7 });
    up("submitted", 0);
    up("acknowledged", 0);
    up("acknowledged", 0);
    up("partially-filled", 40);
    up("acknowledged", 40);
    up("partially-filled", 40);
    up("partially-filled", 70);
    up("filled", 100);
    up("acknowledged", 100);
    expect(orderEvents(db!, intent.key).map((e) => e.state)).toEqual(["intent", "submitted", "acknowledged", "partially-filled", "partially-filled", "filled"]);
    expect(getOrder(db!, intent.key)?.filledQty).toBe(100);
  });

  test("a refusal is stored as a rejected order, but never overwrites an order already stored under that key", () => {
    const s = store();
    const refusal = { kind: "refused" as const, rule: "max-order-value", reason: "too big" };
    s.recordRefusal({ ...intent, key: "other" }, refusal);
    expect(getOrder(db!, "other")).toMatchObject({ state: "rejected", lastError: "max-order-value: too big" });
    s.recordIntent(intent);
    s.recordSubmission(intent.key, 1, 3);
    s.recordRefusal(intent, refusal);
    expect(getOrder(db!, intent.key)?.state).toBe("submitted");
  });

  test("paper: each new fill moves the stored paper account exactly once (cash, realized P&L, commissions), in the fill's transaction", () => {
    db = openDatabase(":memory:");
    const s = new SqliteStore(db, { account: "", mode: "paper", now: () => 1000, paperAccount: true });
    seedPaperAccount(db, "", money("10000"), 1);
    s.recordIntent(intent);
    s.recordFill(fill("p1", 100, "10.01"));
    s.recordFill(fill("p1", 100, "10.01")); // replayed: booked once
    const sell: OrderIntent = { ...intent, key: "rt:s:AAPL:sell:2", side: "sell", qty: 60, signalTime: 2 };
    s.recordIntent(sell);
    s.recordFill({ ...fill("p2", 60, "10.37"), orderKey: sell.key, side: "sell" });
    const account = getPaperAccount(db, "")!;
    expect(account.cash.toString()).toBe("9620.2"); // 10000 - 1001 - 0.5 + 622.2 - 0.5
    expect(account.realizedPnl.toString()).toBe("21.6");
    expect(account.commissions.toString()).toBe("1");
    expect(account.startingCash.toString()).toBe("10000");
  });

  test("a refusal whose reason already starts with its rule (every core/risk rule's does) names the rule once", () => {
    const s = store();
    const reason = "max-open-positions: buy 12 NUAI refused: 10 positions open, limit 10";
    s.recordRefusal(intent, { kind: "refused", rule: "max-open-positions", reason });
    expect(getOrder(db!, intent.key)?.lastError).toBe(reason);
  });
});
