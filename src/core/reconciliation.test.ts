import { describe, expect, test } from "bun:test";
import { money } from "./money.ts";
import { reconcileDiff, type BrokerExecutionView, type ReconcileInput, type StoredOrder } from "./reconciliation.ts";
import { positionAfterFill } from "./reconciliation-position.ts";

const NOW = 1_700_000_000_000;
const order = (o: Partial<StoredOrder> = {}): StoredOrder => ({ key: "k1", symbol: "AAPL", side: "buy", qty: 100, state: "submitted", filledQty: 0, brokerOrderId: 5, createdAt: NOW - 1000, ...o });
const exec = (x: Partial<BrokerExecutionView> = {}): BrokerExecutionView => ({ execId: "e1", orderKey: "k1", orderId: 5, symbol: "AAPL", side: "buy", qty: 100, price: money("10.5"), commission: money("1"), time: NOW - 500, ...x });
const input = (i: Partial<ReconcileInput>): ReconcileInput => ({
  orders: [], storedExecIds: new Set(), storedPositions: [], brokerOrders: [], executions: [], brokerPositions: [], now: NOW, maxResendAgeMs: 600_000, ...i,
});

describe("reconcileDiff", () => {
  test("agreement gives no differences", () => {
    expect(reconcileDiff(input({ storedPositions: [{ symbol: "AAPL", qty: 5 }], brokerPositions: [{ symbol: "AAPL", qty: 5 }, { symbol: "MSFT", qty: 0 }] }))).toEqual([]);
  });

  test("an execution of ours that the database lacks is a missing fill; the order advances to filled; positions then agree", () => {
    const d = reconcileDiff(input({ orders: [order()], executions: [exec()], brokerPositions: [{ symbol: "AAPL", qty: 100 }], brokerOrders: [{ key: "k1", orderId: 5, symbol: "AAPL", state: "filled", ibStatus: "Filled", open: false }] }));
    expect(d.map((x) => x.kind)).toEqual(["missing-fill", "order-behind"]);
    expect(d[0]).toMatchObject({ fill: { orderKey: "k1", execId: "e1", qty: 100, symbol: "AAPL", side: "buy" } });
    expect(d[1]).toMatchObject({ from: "submitted", to: "filled", filledQty: 100, remainingQty: 0 });
  });

  test("a stored exec id is not recovered twice", () => {
    const d = reconcileDiff(input({ orders: [order({ state: "filled", filledQty: 100 })], storedExecIds: new Set(["e1"]), executions: [exec()], storedPositions: [{ symbol: "AAPL", qty: 100 }], brokerPositions: [{ symbol: "AAPL", qty: 100 }] }));
    expect(d).toEqual([]);
  });

  test("an open order at the broker with some fills is partially filled", () => {
    const d = reconcileDiff(input({ orders: [order({ state: "acknowledged" })], executions: [exec({ qty: 40 })], brokerPositions: [{ symbol: "AAPL", qty: 40 }], brokerOrders: [{ key: "k1", orderId: 5, symbol: "AAPL", state: "acknowledged", ibStatus: "Submitted", open: true }] }));
    expect(d.map((x) => (x.kind === "order-behind" ? `${x.to} ${x.filledQty}/${x.remainingQty}` : x.kind))).toEqual(["missing-fill", "partially-filled 40/60"]);
  });

  test("no trace at the broker: a fresh unsent intent is re-sent, an old one fails, a sent one is in doubt (never re-sent), an acknowledged one is lost", () => {
    const d = reconcileDiff(input({
      orders: [
        order({ key: "fresh", state: "intent", brokerOrderId: null }),
        order({ key: "old", state: "intent", brokerOrderId: null, createdAt: NOW - 700_000 }),
        order({ key: "sent" }),
        order({ key: "sent-long-ago", createdAt: NOW - 700_000 }),
        order({ key: "acked", state: "acknowledged" }),
      ],
    }));
    expect(d.map((x) => `${x.kind} ${"key" in x ? x.key : ""}`)).toEqual(["resend fresh", "unsent-failed old", "order-in-doubt sent", "order-in-doubt sent-long-ago", "order-lost acked"]);
  });

  test("an order sent moments ago on the live connection is not missing yet", () => {
    expect(reconcileDiff(input({ orders: [order()], inFlight: new Set(["k1"]) }))).toEqual([]);
  });

  test("an unsent intent for a mismatched symbol is not sent; the mismatch is reported with both quantities", () => {
    const d = reconcileDiff(input({ orders: [order({ state: "intent", brokerOrderId: null })], storedPositions: [{ symbol: "AAPL", qty: 10 }] }));
    expect(d).toContainEqual({ kind: "position-mismatch", symbol: "AAPL", stored: 10, broker: 0 });
    expect(d.find((x) => x.kind === "unsent-failed")).toMatchObject({ key: "k1", reason: expect.stringContaining("blocked by a position mismatch") });
  });

  test("two broker orders under one key are a duplicate; a foreign execution is reported, not recorded as ours", () => {
    const d = reconcileDiff(input({
      orders: [order({ state: "acknowledged" })],
      brokerOrders: [{ key: "k1", orderId: 5, symbol: "AAPL", state: "acknowledged", ibStatus: "Submitted", open: true }, { key: "k1", orderId: 9, symbol: "AAPL", state: "acknowledged", ibStatus: "Submitted", open: true }],
      executions: [exec({ execId: "tws", orderKey: undefined, symbol: "MSFT", qty: 3 })],
      brokerPositions: [{ symbol: "MSFT", qty: 3 }],
    }));
    expect(d.map((x) => x.kind).sort()).toEqual(["duplicate-at-broker", "foreign-execution", "position-mismatch"]);
  });

  test("an execution whose commission has not arrived is held back", () => {
    const d = reconcileDiff(input({ orders: [order({ state: "acknowledged" })], executions: [exec({ commission: undefined })], brokerPositions: [{ symbol: "AAPL", qty: 100 }], brokerOrders: [{ key: "k1", orderId: 5, symbol: "AAPL", state: "acknowledged", ibStatus: "Submitted", open: true }] }));
    expect(d.map((x) => x.kind)).toEqual(["fill-without-commission", "position-mismatch"]);
  });

  test("final states never move", () => {
    const d = reconcileDiff(input({ orders: [order({ state: "cancelled" })], brokerOrders: [{ key: "k1", orderId: 5, symbol: "AAPL", state: "acknowledged", ibStatus: "Submitted", open: true }] }));
    expect(d).toEqual([]);
  });
});

describe("positionAfterFill", () => {
  const fill = (side: "buy" | "sell", qty: number, price: string) => ({ orderKey: "k", execId: "x", symbol: "AAPL", side, qty, price: money(price), commission: money("1"), time: 0 });
  test("adds at a weighted average, keeps it when reducing, resets on reversal, flat at zero; commissions excluded", () => {
    let p = positionAfterFill(undefined, fill("buy", 100, "10"));
    p = positionAfterFill(p, fill("buy", 100, "11"));
    expect(`${p.qty} ${p.avgCost}`).toBe("200 10.5");
    p = positionAfterFill(p, fill("sell", 50, "12"));
    expect(`${p.qty} ${p.avgCost}`).toBe("150 10.5");
    p = positionAfterFill(p, fill("sell", 200, "9"));
    expect(`${p.qty} ${p.avgCost}`).toBe("-50 9");
    p = positionAfterFill(p, fill("buy", 50, "8"));
    expect(`${p.qty} ${p.avgCost}`).toBe("0 0");
  });
});
