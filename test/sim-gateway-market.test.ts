import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { BarSizeSetting, EventName, SecType, WhatToShow, type ContractDetails } from "@stoqey/ib";
import { startSimGateway, symbolInfo, type SimGateway } from "../src/adapters/sim-gateway/index.ts";
import { FakeClock } from "../src/adapters/clock/fake-clock.ts";
import { settleCloseWait } from "./helpers/sockets.ts";
import { connectClient, type TestClient } from "./helpers/stoqey-client.ts";

let gw: SimGateway;
let clock: FakeClock;
let client: TestClient;

const AAPL = { symbol: "AAPL", secType: SecType.STK, exchange: "SMART", currency: "USD" };

/** A request/answer pair: everything the server sent before it has been processed too. */
async function roundTrip(): Promise<void> {
  const reply = client.next(EventName.currentTime);
  client.ib.reqCurrentTime();
  await reply;
}

beforeEach(async () => {
  clock = new FakeClock();
  gw = await startSimGateway({ port: 0, clock, replayStart: "2020-03-02 11:00" });
  client = await connectClient(gw.port);
});

afterEach(async () => {
  expect(client.strictness()).toEqual([]);
  await client.close();
  await gw.close();
  expect(await settleCloseWait(gw.port)).toEqual([]);
});

describe("sim-gateway market data with the real @stoqey/ib client", () => {
  test("contract details for a stock: stable conId, primary exchange, hours, US/Eastern", async () => {
    const details = client.next<[number, ContractDetails]>(EventName.contractDetails);
    const end = client.next<[number]>(EventName.contractDetailsEnd);
    client.ib.reqContractDetails(11, AAPL);
    const [reqId, d] = await details;
    expect(reqId).toBe(11);
    expect(d.contract.symbol).toBe("AAPL");
    expect(d.contract.conId).toBe(symbolInfo("AAPL").conId);
    expect(d.contract.primaryExch).toBe("NASDAQ");
    expect(d.timeZoneId).toBe("US/Eastern");
    expect(d.liquidHours).toStartWith("20200302:0930-20200302:1600;20200303:0930-20200303:1600");
    expect(d.liquidHours).toContain("20200307:CLOSED");
    expect(d.minTick).toBe(0.01);
    expect((await end)[0]).toBe(11);
  });

  test("an unknown symbol gets error 200 tied to the request", async () => {
    const err = client.next<[Error, number, number]>(EventName.error);
    client.ib.reqContractDetails(12, { ...AAPL, symbol: "NOPE" });
    const [e, code, reqId] = await err;
    expect(code).toBe(200);
    expect(reqId).toBe(12);
    expect(e.message).toContain("No security definition");
  });

  test("SPX is the CBOE index, as at IB: asked for as a stock it is error 200, as IND it is served", async () => {
    const err = client.next<[Error, number, number]>(EventName.error);
    client.ib.reqContractDetails(13, { ...AAPL, symbol: "SPX" });
    const [, code, reqId] = await err;
    expect([code, reqId]).toEqual([200, 13]);
    const details = client.next<[number, { contract: { secType?: string; symbol?: string } }]>(EventName.contractDetails);
    client.ib.reqContractDetails(14, { symbol: "SPX", secType: SecType.IND, exchange: "CBOE", currency: "USD" });
    expect((await details)[1].contract.symbol).toBe("SPX");
  });

  test("intraday bars: 5-minute bars of the running session are aligned, inside the day's range, partial last", async () => {
    const rows = client.collect<[number, string, number, number, number, number, number]>(EventName.historicalData, (_id, date) => date.startsWith("finished"));
    client.ib.reqHistoricalData(2, AAPL, "", "1 D", BarSizeSetting.MINUTES_FIVE, WhatToShow.TRADES, 1, 1, false);
    const bars = (await rows).filter(([, d]) => !d.startsWith("finished"));
    // 09:30 .. 10:55 complete, 11:00 just started (no 5-second step elapsed yet: not shown).
    expect(bars.map(([, d]) => d)).toEqual(Array.from({ length: 18 }, (_, i) => {
      const m = 570 + i * 5;
      return `20200302 ${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}:00 US/Eastern`;
    }));
    for (const [, , o, h, l, c, v] of bars) {
      expect(h).toBeGreaterThanOrEqual(Math.max(o, c));
      expect(l).toBeLessThanOrEqual(Math.min(o, c));
      expect(v).toBeGreaterThan(0);
    }
  });

  test("keepUpToDate: historicalDataUpdate streams the running bar as the replay advances", async () => {
    const done = client.next(EventName.historicalData, (_id: number, d: string) => d.startsWith("finished"));
    client.ib.reqHistoricalData(3, AAPL, "", "1 D", BarSizeSetting.MINUTES_ONE, WhatToShow.TRADES, 1, 2, true);
    await done;
    const updates = client.collect<[number, string, number, number, number, number, number]>(EventName.historicalDataUpdate, (_id, date) => date === String(Date.UTC(2020, 2, 2, 16, 1) / 1000));
    for (let i = 0; i < 14; i++) clock.advance(5000);
    const got = await updates;
    expect(got.length).toBeGreaterThanOrEqual(2);
    expect(got[0]![1]).toBe(String(Date.UTC(2020, 2, 2, 16, 0) / 1000)); // 11:00 New York, formatDate 2
    for (const [id, , o, h, l, c] of got) {
      expect(id).toBe(3);
      expect(h).toBeGreaterThanOrEqual(Math.max(o, c)); // catches a swapped close/high/low order
      expect(l).toBeLessThanOrEqual(Math.min(o, c));
    }
    client.ib.cancelHistoricalData(3);
  });

  test("real-time 5-second bars arrive one per replayed step and stop after cancel", async () => {
    const got: number[] = [];
    client.ib.on(EventName.realtimeBar, (_id: number, time: number) => got.push(time));
    client.ib.reqRealTimeBars(4, AAPL, 5, WhatToShow.TRADES, true);
    await roundTrip(); // the request is in before the clock moves
    clock.advance(5000);
    clock.advance(5000);
    clock.advance(5000);
    await roundTrip();
    const start = Date.UTC(2020, 2, 2, 16, 0) / 1000; // 11:00 New York
    expect(got).toEqual([start, start + 5, start + 10]);
    client.ib.cancelRealTimeBars(4);
    await roundTrip();
    clock.advance(10_000);
    await roundTrip();
    expect(got.length).toBe(3);
  });

  test("market data ticks: bid < last < ask, sizes, volume; nothing while the farm is down", async () => {
    const prices = new Map<number, number>();
    const sizes = new Map<number, number>();
    client.ib.on(EventName.tickPrice, (_id: number, type: number, price: number) => prices.set(type, price));
    client.ib.on(EventName.tickSize, (_id: number, type: number | undefined, size: number | undefined) => { if (type !== undefined && size !== undefined) sizes.set(type, size); });
    const volume = client.next(EventName.tickSize, (_id: number, type: number) => type === 8);
    client.ib.reqMktData(5, AAPL, "", false, false);
    await volume;
    const bid = prices.get(1)!, ask = prices.get(2)!, last = prices.get(4)!;
    expect(bid).toBeLessThan(ask);
    expect(last).toBeGreaterThan(bid);
    expect(last).toBeLessThan(ask);
    expect(sizes.get(0)).toBeGreaterThan(0);
    expect(sizes.get(5)).toBeGreaterThan(0);
    expect(sizes.get(8)).toBeGreaterThan(0);

    gw.setFault("farm-down", true);
    await client.next(EventName.info, (_m: string, code: number) => code === 2105);
    let ticks = 0;
    client.ib.on(EventName.tickPrice, () => ticks++);
    clock.advance(60_000);
    await roundTrip();
    expect(ticks).toBe(0);
    gw.clearFault("farm-down");
    clock.advance(60_000);
    await client.next(EventName.tickPrice);
    client.ib.cancelMktData(5);
  });
});
