import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { EventName, OrderAction, OrderType, SecType, type Contract, type Execution, type Order } from "@stoqey/ib";
import Big from "big.js";
import { startSimGateway, type SimGateway } from "../src/adapters/sim-gateway/index.ts";
import { FakeClock } from "../src/adapters/clock/fake-clock.ts";
import { synthesizePath } from "../src/adapters/sim-gateway/market/intraday.ts";
import { defaultBars } from "../src/adapters/sim-gateway/market/universe.ts";
import { settleCloseWait } from "./helpers/sockets.ts";
import { connectClient, type TestClient } from "./helpers/stoqey-client.ts";

let gw: SimGateway;
let clock: FakeClock;
let client: TestClient;
const clients: TestClient[] = [];

const AAPL: Contract = { symbol: "AAPL", secType: SecType.STK, exchange: "SMART", currency: "USD" };
const AAPL_0302 = defaultBars("AAPL")!.find((b) => b.time === Date.UTC(2020, 2, 2))!;

async function open(clientId = 1): Promise<TestClient> {
  const c = await connectClient(gw.port, clientId);
  clients.push(c);
  return c;
}

async function roundTrip(c: TestClient = client): Promise<void> {
  const reply = c.next(EventName.currentTime);
  c.ib.reqCurrentTime();
  await reply;
}

/** Every order-related event in arrival order, as [name, status or execId]. */
function record(c: TestClient): string[] {
  const log: string[] = [];
  c.ib.on(EventName.openOrder, (id: number, _c: Contract, _o: Order, state: { status?: string }) => log.push(`openOrder ${id} ${state.status}`));
  c.ib.on(EventName.orderStatus, (id: number, status: string) => log.push(`orderStatus ${id} ${status}`));
  c.ib.on(EventName.execDetails, (reqId: number, _c: Contract, e: { orderId?: number; execId?: string }) => log.push(`execDetails ${reqId} ${e.orderId} ${e.execId}`));
  c.ib.on(EventName.commissionReport, (r: { execId?: string }) => log.push(`commissionReport ${r.execId}`));
  c.ib.on(EventName.error, (_e: Error, code: number, id: number) => log.push(`error ${id} ${code}`));
  return log;
}

beforeEach(async () => {
  clock = new FakeClock();
  gw = await startSimGateway({ port: 0, clock, replayStart: "2020-03-02 11:00", startingCash: 100_000 });
  client = await open(1);
});

afterEach(async () => {
  for (const c of clients.splice(0)) {
    expect(c.strictness()).toEqual([]);
    await c.close();
  }
  await gw.close();
  expect(await settleCloseWait(gw.port)).toEqual([]);
});

describe("sim-gateway orders with the real @stoqey/ib client", () => {
  test("a market order fills at the replayed price with TWS's event sequence, orderRef echoed, IB fixed commission", async () => {
    const log = record(client);
    const filled = client.next(EventName.orderStatus, (_id: number, status: string) => status === "Filled");
    const exec = client.next<[number, Contract, { price: number; shares: number; orderRef: string; execId: string; side: string }]>(EventName.execDetails);
    const commission = client.next<[{ commission: number; execId: string }]>(EventName.commissionReport);
    client.ib.placeOrder(1, AAPL, { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 10, transmit: true, orderRef: "sma:AAPL:buy:1" });
    await filled;
    const [, , e] = await exec;
    const [report] = await commission;
    expect(log).toEqual([
      "openOrder 1 Submitted",
      "orderStatus 1 Submitted",
      `execDetails -1 1 ${e.execId}`,
      `commissionReport ${e.execId}`,
      "openOrder 1 Filled",
      "orderStatus 1 Filled",
    ]);
    expect(e.orderRef).toBe("sma:AAPL:buy:1");
    expect(e.side).toBe("BOT");
    expect(e.shares).toBe(10);
    expect(e.price).toBeGreaterThanOrEqual(AAPL_0302.low);
    expect(e.price).toBeLessThanOrEqual(AAPL_0302.high);
    expect(report.commission).toBe(1); // 10 x 0.005 = 0.05, IB minimum USD 1.00
    const pos = gw.account.position("AAPL")!;
    expect(pos.quantity.toString()).toBe("10");
    expect(pos.avgCost.toString()).toBe(new Big(e.price).times(10).plus(1).div(10).toString());
    expect(gw.account.cash.toString()).toBe(new Big(100_000).minus(new Big(e.price).times(10)).minus(1).toString());
  });

  test("a sell limit at the rest of the session's high waits, then fills at exactly the limit at the step the replay reaches it", async () => {
    // The deterministic synthesized path from 11:00 (step 360) to the close.
    const path = synthesizePath("AAPL", AAPL_0302).price;
    let highStep = 360;
    for (let k = 360; k < path.length; k++) if (path[k]! > path[highStep]!) highStep = k;
    const limit = path[highStep]!;
    expect(limit).toBeGreaterThan(path[360]!);
    const statuses: string[] = [];
    client.ib.on(EventName.orderStatus, (_id: number, s: string) => statuses.push(s));
    const fill = client.next<[number, Contract, { price: number; time: string }]>(EventName.execDetails);
    client.ib.placeOrder(1, AAPL, { action: OrderAction.SELL, orderType: OrderType.LMT, lmtPrice: limit, totalQuantity: 3, transmit: true, tif: "GTC" });
    await roundTrip();
    expect(statuses).toEqual(["Submitted"]);
    // The synthesized path touches the low at some 5-second step of the session (10:00..16:00 left).
    for (let i = 0; i < 5 * 720 && statuses.at(-1) !== "Filled"; i++) clock.advance(5000);
    const [, , e] = await fill;
    expect(e.price).toBe(limit);
    const minutes = 570 + (highStep * 5) / 60;
    const hhmm = `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(Math.floor(minutes % 60)).padStart(2, "0")}`;
    expect(e.time).toStartWith(`20200302 ${hhmm}`);
  });

  test("cancel: PendingCancel, Cancelled, then error 202 for that order id", async () => {
    const log = record(client);
    client.ib.placeOrder(1, AAPL, { action: OrderAction.BUY, orderType: OrderType.LMT, lmtPrice: 1, totalQuantity: 5, transmit: true });
    const cancelled = client.next(EventName.error, (_e: Error, code: number) => code === 202);
    client.ib.cancelOrder(1);
    await cancelled;
    expect(log).toEqual(["openOrder 1 Submitted", "orderStatus 1 Submitted", "orderStatus 1 PendingCancel", "orderStatus 1 Cancelled", "error 1 202"]);
    expect(gw.account.order(1, 1)!.status).toBe("Cancelled");
  });

  test("order ids: reusing a used id is 103, re-placing a live id modifies it, modifying a filled order is 104", async () => {
    client.ib.placeOrder(5, AAPL, { action: OrderAction.BUY, orderType: OrderType.LMT, lmtPrice: 1, totalQuantity: 5, transmit: true });
    const dup = client.next<[Error, number, number]>(EventName.error, (_e, code) => code === 103);
    client.ib.placeOrder(4, AAPL, { action: OrderAction.BUY, orderType: OrderType.LMT, lmtPrice: 1, totalQuantity: 5, transmit: true });
    expect((await dup)[2]).toBe(4);
    const modified = client.next<[number, Contract, Order]>(EventName.openOrder, (_id, _c, o) => o.lmtPrice === 2);
    client.ib.placeOrder(5, AAPL, { action: OrderAction.BUY, orderType: OrderType.LMT, lmtPrice: 2, totalQuantity: 7, transmit: true });
    const [, , o] = await modified;
    expect(o.totalQuantity).toBe(7);
    expect(gw.account.order(1, 5)!.lmtPrice).toBe(2);

    const filled = client.next(EventName.orderStatus, (id: number, s: string) => id === 6 && s === "Filled");
    client.ib.placeOrder(6, AAPL, { action: OrderAction.SELL, orderType: OrderType.MKT, totalQuantity: 1, transmit: true });
    await filled;
    const e104 = client.next<[Error, number, number]>(EventName.error, (_e, code) => code === 104);
    client.ib.placeOrder(6, AAPL, { action: OrderAction.SELL, orderType: OrderType.MKT, totalQuantity: 2, transmit: true });
    expect((await e104)[2]).toBe(6);
  });

  test("an order without transmit (@stoqey sends \"\") is kept but never worked", async () => {
    const statuses: string[] = [];
    client.ib.on(EventName.orderStatus, (_id: number, s: string) => statuses.push(s));
    client.ib.placeOrder(1, AAPL, { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 5 });
    await roundTrip();
    clock.advance(60_000);
    await roundTrip();
    expect(statuses).toEqual(["PendingSubmit"]);
    expect(gw.account.executions).toEqual([]);
    const end = client.next(EventName.openOrderEnd);
    const seen: number[] = [];
    client.ib.on(EventName.openOrder, (id: number) => seen.push(id));
    client.ib.reqOpenOrders();
    await end;
    expect(seen).toEqual([1]);
  });

  test("the account survives reconnects: order ids keep growing per client id, executions and positions are reported", async () => {
    const filled = client.next(EventName.orderStatus, (_id: number, s: string) => s === "Filled");
    client.ib.placeOrder(41, AAPL, { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 20, transmit: true, orderRef: "intent-7" });
    await filled;
    await client.close();

    const again = await connectClient(gw.port, 1, { waitReady: false });
    clients.push(again);
    const nextId = again.next<[number]>(EventName.nextValidId);
    again.ib.connect();
    expect((await nextId)[0]).toBe(42);

    const execs: Execution[] = [];
    again.ib.on(EventName.execDetails, (_r: number, _c: Contract, e: Execution) => execs.push(e));
    const execEnd = again.next(EventName.execDetailsEnd);
    again.ib.reqExecutions(3, { clientId: "1" });
    await execEnd;
    expect(execs.map((e) => [e.orderId, e.orderRef])).toEqual([[41, "intent-7"]]);

    const positions: [string, number][] = [];
    again.ib.on(EventName.position, (acct: string, c: Contract, pos: number) => positions.push([`${acct}:${c.symbol}`, pos]));
    const posEnd = again.next(EventName.positionEnd);
    again.ib.reqPositions();
    await posEnd;
    expect(positions).toEqual([["DU1234567:AAPL", 20]]);
  });

  test("account summary and account updates report exact cash and positions", async () => {
    const filled = client.next(EventName.orderStatus, (_id: number, s: string) => s === "Filled");
    client.ib.placeOrder(1, AAPL, { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 100, transmit: true });
    await filled;
    const cash = gw.account.cash.toFixed(2);

    const summary = new Map<string, string>();
    client.ib.on(EventName.accountSummary, (_r: number, _a: string, tag: string, value: string) => summary.set(tag, value));
    const end = client.next(EventName.accountSummaryEnd);
    client.ib.reqAccountSummary(7, "All", "NetLiquidation,TotalCashValue,GrossPositionValue,BuyingPower");
    await end;
    expect(summary.get("TotalCashValue")).toBe(cash);
    expect(Number(summary.get("GrossPositionValue"))).toBeGreaterThan(0);
    expect([...summary.keys()].sort()).toEqual(["BuyingPower", "GrossPositionValue", "NetLiquidation", "TotalCashValue"]);

    const values = new Map<string, string>();
    client.ib.on(EventName.updateAccountValue, (key: string, value: string, ccy: string) => ccy !== "BASE" && values.set(key, value));
    const portfolio = client.next<[Contract, number]>(EventName.updatePortfolio);
    const done = client.next<[string]>(EventName.accountDownloadEnd);
    client.ib.reqAccountUpdates(true, "DU1234567");
    const [c, qty] = await portfolio;
    expect(c.symbol).toBe("AAPL");
    expect(qty).toBe(100);
    expect((await done)[0]).toBe("DU1234567");
    expect(values.get("TotalCashValue")).toBe(cash);
    client.ib.reqAccountUpdates(false, "DU1234567");
  });

  test("completed orders list filled and cancelled orders, then completedOrdersEnd", async () => {
    const filled = client.next(EventName.orderStatus, (_id: number, s: string) => s === "Filled");
    client.ib.placeOrder(1, AAPL, { action: OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 1, transmit: true });
    await filled;
    client.ib.placeOrder(2, AAPL, { action: OrderAction.BUY, orderType: OrderType.LMT, lmtPrice: 1, totalQuantity: 1, transmit: true });
    const cancelled = client.next(EventName.error, (_e: Error, code: number) => code === 202);
    client.ib.cancelOrder(2);
    await cancelled;
    const states: string[] = [];
    client.ib.on(EventName.completedOrder, (_c: Contract, _o: Order, s: { status?: string }) => states.push(s.status ?? "?"));
    const end = client.next(EventName.completedOrdersEnd);
    client.ib.reqCompletedOrders(false);
    await end;
    expect(states).toEqual(["Filled", "Cancelled"]);
  });
});
