import { describe, expect, test } from "bun:test";
import type { Bar } from "../core/bar.ts";
import { ibFixed } from "../core/commission/ib-fixed.ts";
import { noCommission } from "../core/commission/none.ts";
import type { BrokerEvent, OrderUpdate } from "../core/events.ts";
import type { Fill } from "../core/fill.ts";
import { fromNewYork } from "../core/calendar/new-york-time.ts";
import { money, toCents } from "../core/money.ts";
import { intentKey, type OrderIntent, type OrderRequest } from "../core/order.ts";
import { SimulatedBroker, type SimulatedBrokerOptions } from "./simulated-broker.ts";

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 2);

function setup(options: Partial<SimulatedBrokerOptions> = {}) {
  const broker = new SimulatedBroker({ commission: noCommission, ...options });
  const events: BrokerEvent[] = [];
  broker.subscribe((e) => events.push(e));
  const submit = (req: Partial<OrderRequest>, day = 0): OrderIntent => {
    const side = req.side ?? "buy";
    const intent: OrderIntent = {
      symbol: "X", side, qty: 100, type: "market", tif: "gtc", ...req,
      key: intentKey("t", "X", side, T0 + day * DAY), strategy: "t", signalTime: T0 + day * DAY,
    };
    broker.submit(intent);
    return intent;
  };
  const bar = (day: number, open: number, high: number, low: number, close: number): void =>
    broker.onBar("X", { time: T0 + day * DAY, open, high, low, close, volume: 1e6 } satisfies Bar);
  const fills = () => events.flatMap((e) => (e.kind === "fill" ? [e.fill] : [])) as Fill[];
  const last = (key: string) => events.filter((e): e is OrderUpdate => e.kind === "order" && e.key === key).at(-1);
  return { broker, submit, bar, fills, last };
}

describe("SimulatedBroker fills", () => {
  test("a market order decided on bar t fills at bar t+1's open, never at t's close", () => {
    const { submit, bar, fills } = setup();
    submit({}, 0);
    bar(0, 10, 11, 9, 10.5); // the signal bar itself: no fill
    expect(fills()).toEqual([]);
    bar(1, 10.8, 11.2, 10.1, 11);
    expect(fills().map((f) => [f.price.toString(), f.time])).toEqual([["10.8", T0 + DAY]]);
  });

  test("buy limit fills at the limit when the low reaches it", () => {
    const { submit, bar, fills } = setup();
    submit({ type: "limit", limitPrice: 9.5 });
    bar(1, 10, 10.4, 9.6, 10); // low 9.6 > 9.5: no fill
    bar(2, 10, 10.2, 9.4, 9.8);
    expect(fills().map((f) => f.price.toString())).toEqual(["9.5"]);
  });

  test("buy limit gapped through fills at the (better) open", () => {
    const { submit, bar, fills } = setup();
    submit({ type: "limit", limitPrice: 9.5 });
    bar(1, 9.2, 9.6, 9.0, 9.3);
    expect(fills().map((f) => f.price.toString())).toEqual(["9.2"]);
  });

  test("sell limit fills at the limit when the high reaches it, at the open on a gap up", () => {
    const { submit, bar, fills } = setup();
    submit({ side: "sell", type: "limit", limitPrice: 11 });
    bar(1, 10, 11.3, 9.9, 11);
    submit({ side: "sell", type: "limit", limitPrice: 11 }, 1);
    bar(2, 11.6, 11.9, 11.4, 11.5);
    expect(fills().map((f) => f.price.toString())).toEqual(["11", "11.6"]);
  });

  test("buy stop triggers at the stop when the high reaches it, at the open on a gap; slippage applies", () => {
    const { submit, bar, fills } = setup({ slippageBps: 10 });
    submit({ type: "stop", stopPrice: 10.5 });
    bar(1, 10, 10.7, 9.9, 10.6);
    submit({ type: "stop", stopPrice: 10.5 }, 1);
    bar(2, 11, 11.2, 10.9, 11.1);
    // 10.5 x 1.001 and 11 x 1.001
    expect(fills().map((f) => f.price.toString())).toEqual(["10.5105", "11.011"]);
  });

  test("sell stop triggers when the low reaches it and gaps down fill at the open", () => {
    const { submit, bar, fills } = setup();
    submit({ side: "sell", type: "stop", stopPrice: 9.5 });
    bar(1, 10, 10.1, 9.6, 9.7); // not reached
    bar(2, 9.7, 9.8, 9.4, 9.45);
    submit({ side: "sell", type: "stop", stopPrice: 9.5 }, 2);
    bar(3, 9.0, 9.2, 8.8, 9.1);
    expect(fills().map((f) => f.price.toString())).toEqual(["9.5", "9"]);
  });

  test("slippage is adverse: buys pay more, sells get less (25 bps on 40.00 = 0.10)", () => {
    const { submit, bar, fills } = setup({ slippageBps: 25 });
    submit({ side: "buy" });
    submit({ side: "sell" });
    bar(1, 40, 41, 39, 40.5);
    expect(fills().map((f) => `${f.side} ${f.price.toString()}`)).toEqual(["buy 40.1", "sell 39.9"]);
  });

  test("limit orders take no slippage: they fill at their price or better", () => {
    const { submit, bar, fills } = setup({ slippageBps: 50 });
    submit({ type: "limit", limitPrice: 39.5 });
    bar(1, 40, 41, 39, 40.5);
    expect(fills()[0]!.price.toString()).toBe("39.5");
  });

  test("ib-fixed commission is charged on the fill: 100 shares at 40.1 pay the 1.00 minimum", () => {
    const { submit, bar, fills } = setup({ commission: ibFixed, slippageBps: 25 });
    submit({ qty: 100 });
    bar(1, 40, 41, 39, 40.5);
    expect(toCents(fills()[0]!.commission).toFixed(2)).toBe("1.00");
    expect(fills()[0]!.price.times(100).toString()).toBe("4010");
  });

  test("a day order not filled on its first bar expires; a gtc order keeps working", () => {
    const { submit, bar, fills, last } = setup();
    const day = submit({ type: "limit", limitPrice: 5, tif: "day" });
    const gtc = submit({ side: "sell", type: "limit", limitPrice: 12, tif: "gtc" });
    bar(1, 10, 10.5, 9.5, 10);
    bar(2, 10, 12.5, 9.5, 12);
    expect(last(day.key)?.state).toBe("cancelled");
    expect(last(day.key)?.reason).toMatch(/expired/);
    expect(fills().map((f) => f.orderKey)).toEqual([gtc.key]);
  });

  test("ioc fills at the open when marketable there, else it is cancelled at once", () => {
    const { submit, bar, fills, last } = setup();
    const miss = submit({ type: "limit", limitPrice: 9.5, tif: "ioc" });
    const hit = submit({ side: "sell", type: "limit", limitPrice: 9.5, tif: "ioc" });
    bar(1, 10, 10.5, 9.0, 10); // the low reaches 9.5 later in the bar, but ioc only sees the open
    expect(last(miss.key)?.state).toBe("cancelled");
    expect(fills().map((f) => [f.orderKey, f.price.toString()])).toEqual([[hit.key, "10"]]);
  });

  test("a buy larger than the cash is reduced to what the cash covers, commission included", () => {
    const { submit, bar, fills, last } = setup({ commission: ibFixed, funds: { cash: money(1000) } });
    const order = submit({ qty: 100 });
    bar(1, 99.5, 100, 99, 99.8);
    // 10 x 99.5 + 1.00 = 996 <= 1000; 11 shares would cost 1095.50.
    expect(fills().map((f) => f.qty)).toEqual([10]);
    expect(last(order.key)?.reason).toBe("reduced from 100 to 10 shares: insufficient cash");
  });

  test("a buy the cash cannot cover at all is rejected", () => {
    const { submit, bar, fills, last } = setup({ commission: ibFixed, funds: { cash: money(50) } });
    const order = submit({ qty: 1 });
    bar(1, 99.5, 100, 99, 99.8);
    expect(fills()).toEqual([]);
    expect(last(order.key)?.state).toBe("rejected");
  });

  test("sells are never limited by cash", () => {
    const { submit, bar, fills } = setup({ funds: { cash: money(0) } });
    submit({ side: "sell", qty: 30 });
    bar(1, 10, 10, 10, 10);
    expect(fills().map((f) => f.qty)).toEqual([30]);
  });

  test("tiered commission counts shares per month and resets on a new month", () => {
    // Not asserting rates here (commission tests do); only that the broker passes monthShares.
    const seen: number[] = [];
    const broker = new SimulatedBroker({ commission: { name: "spy", commission: (i) => (seen.push(i.monthShares), money(0)) } });
    const order = (day: number, qty: number): OrderIntent => ({
      symbol: "X", side: "buy", qty, type: "market", tif: "gtc", key: `k${day}`, strategy: "t", signalTime: Date.UTC(2024, 0, 30) + day * DAY,
    });
    for (const [day, qty] of [[0, 100], [1, 200], [2, 50]] as const) {
      broker.submit(order(day, qty));
      broker.onBar("X", { time: Date.UTC(2024, 0, 30) + (day + 1) * DAY, open: 1, high: 1, low: 1, close: 1, volume: 1 });
    }
    // Jan 31: 0 before; Feb 1: new month, 0; Feb 2: 200 already in February.
    expect(seen).toEqual([0, 0, 200]);
  });

  test("the monthly volume resets on the New York month: a fill at 21:00 New York on the last day still counts in that month", () => {
    const seen: number[] = [];
    const broker = new SimulatedBroker({ commission: { name: "spy", commission: (i) => (seen.push(i.monthShares), money(0)) } });
    let n = 0;
    const fillAt = (time: number, qty: number) => {
      broker.submit({ symbol: "X", side: "buy", qty, type: "market", tif: "gtc", key: `k${++n}`, strategy: "t", signalTime: time - 60_000 });
      broker.onBar("X", { time, open: 1, high: 1, low: 1, close: 1, volume: 1 });
    };
    // January (EST): 21:00 New York on the 31st is 02:00 UTC on February 1.
    fillAt(fromNewYork("2024-01-31", 10 * 60), 100);
    fillAt(fromNewYork("2024-01-31", 21 * 60), 50);
    fillAt(fromNewYork("2024-02-01", 9 * 60 + 30), 10);
    // May (EDT): 21:00 New York on the 31st is 01:00 UTC on June 1.
    fillAt(fromNewYork("2024-05-31", 10 * 60), 100);
    fillAt(fromNewYork("2024-05-31", 21 * 60), 50);
    fillAt(fromNewYork("2024-06-01", 0 * 60 + 30), 10);
    expect(seen).toEqual([0, 100, 0, 0, 100, 0]);
  });

  test("slippage of 100% or more is refused at construction (it would fill at a zero or negative price)", () => {
    for (const bps of [10_000, 12_000, -1, Number.NaN, Infinity]) {
      expect(() => new SimulatedBroker({ commission: noCommission, slippageBps: bps })).toThrow(RangeError);
    }
    expect(() => new SimulatedBroker({ commission: noCommission, slippageBps: 10_000 })).toThrow("slippage must be >= 0 and < 10000 basis points (100%), got 10000");
    expect(() => new SimulatedBroker({ commission: noCommission, slippageBps: 9_999 })).not.toThrow();
  });
});
