import { describe, expect, test } from "bun:test";
import { money } from "../../core/money.ts";
import { intentKey, type OrderIntent } from "../../core/order.ts";
import { openDatabase } from "./db.ts";
import { insertFill, listFills } from "./fills-repo.ts";
import { getOrder, listOrders, orderEvents, updateOrder, upsertIntent } from "./orders-repo.ts";
import { getPosition, getPositions, setPosition } from "./positions-repo.ts";

const intent: OrderIntent = {
  key: intentKey("sma-cross", "AAPL", "buy", 1_700_000_000_000),
  strategy: "sma-cross", symbol: "AAPL", side: "buy", qty: 10, type: "limit", limitPrice: 187.1, tif: "day", signalTime: 1_700_000_000_000,
};

describe("orders, fills and positions repositories", () => {
  test("an intent is written once per key; a second upsert returns the stored order untouched", () => {
    const db = openDatabase(":memory:");
    const first = upsertIntent(db, intent, { account: "DU123", mode: "paper", time: 1 });
    expect(first.created).toBe(true);
    expect(first.order).toMatchObject({ orderRef: intent.key, state: "intent", qty: 10, filledQty: 0, account: "DU123", createdAt: 1 });
    expect(first.order.limitPrice?.toString()).toBe("187.1");
    updateOrder(db, intent.key, { state: "submitted", brokerOrderId: 7, time: 2 });
    const again = upsertIntent(db, { ...intent, qty: 999 }, { time: 3 });
    expect(again.created).toBe(false);
    expect(again.order).toMatchObject({ state: "submitted", qty: 10, brokerOrderId: 7 });
    expect(listOrders(db).length).toBe(1);
  });

  test("every state change is kept as an order event; unspecified fields keep their values", () => {
    const db = openDatabase(":memory:");
    upsertIntent(db, intent, { time: 1 });
    updateOrder(db, intent.key, { state: "submitted", brokerOrderId: 7, time: 2 });
    updateOrder(db, intent.key, { state: "acknowledged", permId: 99, time: 3, detail: { status: "Submitted" } });
    const done = updateOrder(db, intent.key, { state: "filled", filledQty: 10, avgFillPrice: money("187.05"), time: 4 });
    expect(done).toMatchObject({ state: "filled", brokerOrderId: 7, permId: 99, filledQty: 10, updatedAt: 4 });
    expect(done.avgFillPrice?.toString()).toBe("187.05");
    expect(orderEvents(db, intent.key).map((e) => [e.state, e.time, e.detail])).toEqual([
      ["intent", 1, null], ["submitted", 2, null], ["acknowledged", 3, { status: "Submitted" }], ["filled", 4, null],
    ]);
    expect(listOrders(db, { states: ["intent", "submitted"] })).toEqual([]);
    expect(listOrders(db, { states: ["filled"], symbol: "AAPL" }).length).toBe(1);
    expect(() => updateOrder(db, "rt:nope", { state: "cancelled" })).toThrow("no order with order_ref 'rt:nope'");
  });

  test("a fill is recorded once per execution id, with exact money", () => {
    const db = openDatabase(":memory:");
    const fill = { orderKey: intent.key, execId: "0001.01", symbol: "AAPL", side: "buy" as const, qty: 10, price: money("187.05"), commission: money("1.0003"), time: 5 };
    expect(insertFill(db, fill, { account: "DU123" })).toBe(true);
    expect(insertFill(db, { ...fill, qty: 5 })).toBe(false);
    const fills = listFills(db, { orderRef: intent.key });
    expect(fills.length).toBe(1);
    expect(fills[0]).toMatchObject({ execId: "0001.01", qty: 10, account: "DU123", realizedPnl: null });
    expect(fills[0]!.commission.toString()).toBe("1.0003");
    expect(listFills(db, { since: 6 })).toEqual([]);
  });

  test("positions are stored per account; flat removes the row", () => {
    const db = openDatabase(":memory:");
    setPosition(db, "DU1", { symbol: "AAPL", qty: 10, avgCost: money("187.05") }, 1);
    setPosition(db, "DU1", { symbol: "TSLA", qty: -3, avgCost: money("250") }, 1);
    setPosition(db, "DU2", { symbol: "AAPL", qty: 1, avgCost: money("1") }, 1);
    setPosition(db, "DU1", { symbol: "AAPL", qty: 15, avgCost: money("188.1") }, 2);
    expect(getPositions(db, "DU1").map((p) => [p.symbol, p.qty, p.avgCost.toString(), p.updatedAt])).toEqual([
      ["AAPL", 15, "188.1", 2], ["TSLA", -3, "250", 1],
    ]);
    setPosition(db, "DU1", { symbol: "TSLA", qty: 0, avgCost: money("0") }, 3);
    expect(getPosition(db, "DU1", "TSLA")).toBeUndefined();
    expect(getPositions(db, "DU2").length).toBe(1);
  });

  test("the intent row exists before the caller goes on (written in its own committed transaction)", () => {
    const db = openDatabase(":memory:");
    upsertIntent(db, intent);
    expect(db.inTransaction).toBe(false);
    expect(getOrder(db, intent.key)?.state).toBe("intent");
  });
});
