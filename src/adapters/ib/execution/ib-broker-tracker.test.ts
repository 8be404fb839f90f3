import { describe, expect, test } from "bun:test";
import type { BrokerEvent } from "../../../core/events.ts";
import { money } from "../../../core/money.ts";
import { OrderTracker } from "./ib-broker-tracker.ts";

function tracker() {
  const events: string[] = [];
  const t = new OrderTracker((e: BrokerEvent) => events.push(e.kind === "fill" ? `fill ${e.fill.execId} ${e.fill.qty}` : `${e.state} ${e.filledQty}`));
  t.add({ key: "k", symbol: "AAPL", side: "buy", qty: 100, orderId: 1, sentSession: 1, sentAt: undefined, state: "submitted", updateFilled: 0, fillQty: 0, pending: undefined });
  const fill = (execId: string, qty: number) => t.fill({ orderKey: "k", execId, symbol: "AAPL", side: "buy", qty, price: money(10), commission: money(1), time: 0 });
  return { t, events, fill };
}

describe("OrderTracker", () => {
  test("IB's 'Filled' before the executions is held until the fills it counts have gone out", () => {
    const { t, events, fill } = tracker();
    t.status("k", "acknowledged", 0, 100, 0);
    t.status("k", "filled", 100, 0, 0);
    fill("e1", 60);
    fill("e2", 40);
    expect(events).toEqual(["acknowledged 0", "fill e1 60", "fill e2 40", "filled 100"]);
  });

  test("repeated statuses, backward states, a repeated exec id and anything after a final state are dropped", () => {
    const { t, events, fill } = tracker();
    t.status("k", "acknowledged", 0, 100, 0);
    t.status("k", "acknowledged", 0, 100, 0);
    fill("e1", 30);
    fill("e1", 30);
    t.status("k", "partially-filled", 30, 70, 0);
    t.status("k", "acknowledged", 30, 70, 0);
    t.status("k", "cancelled", 30, 70, 0);
    t.status("k", "filled", 30, 0, 0);
    expect(events).toEqual(["acknowledged 0", "fill e1 30", "partially-filled 30", "cancelled 30"]);
  });

  test("the same exec id with other content is another execution (a restarted gateway reusing ids): told, not dropped", () => {
    const { t, events, fill } = tracker();
    t.status("k", "acknowledged", 0, 100, 0);
    fill("e1", 30);
    fill("e1", 70);
    fill("e1", 70);
    t.known({ orderKey: "k", execId: "e2", symbol: "AAPL", side: "buy", qty: 5, price: money(10), commission: money(1), time: 0 });
    fill("e2", 5);
    expect(events).toEqual(["acknowledged 0", "fill e1 30", "fill e1 70"]);
  });
});
