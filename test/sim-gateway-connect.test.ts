import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { BarSizeSetting, EventName, SecType, WhatToShow } from "@stoqey/ib";
import { startSimGateway, type SimGateway } from "../src/adapters/sim-gateway/index.ts";
import { settleCloseWait } from "./helpers/sockets.ts";
import { connectClient, type TestClient } from "./helpers/stoqey-client.ts";

let gw: SimGateway;
let client: TestClient | undefined;

beforeEach(async () => {
  gw = await startSimGateway({ port: 0, replayStart: "2020-03-02 11:00" });
});

afterEach(async () => {
  await client?.close();
  client = undefined;
  await gw.close();
  expect(await settleCloseWait(gw.port)).toEqual([]);
});

describe("sim-gateway with the real @stoqey/ib client", () => {
  test("connect: server version 193, managed accounts, next valid id, farm notices", async () => {
    client = await connectClient(gw.port, 3, { waitReady: false });
    const server = client.next<[number, string]>(EventName.server);
    const managed = client.next<[string]>(EventName.managedAccounts);
    const nextId = client.next<[number]>(EventName.nextValidId);
    const farm = client.next<[string, number]>(EventName.info, (_m, code) => code === 2158);
    client.ib.connect();
    expect((await server)[0]).toBe(193);
    expect((await managed)[0]).toBe("DU1234567");
    expect((await nextId)[0]).toBe(1);
    await farm;
    expect(client.infos.map((i) => i.code)).toEqual([2104, 2106, 2158]);
    expect(gw.connections).toBe(1);
    expect(client.strictness()).toEqual([]);
  });

  test("currentTime answers the gateway's clock in epoch seconds", async () => {
    client = await connectClient(gw.port);
    const before = Math.floor(Date.now() / 1000);
    const reply = client.next<[number]>(EventName.currentTime);
    client.ib.reqCurrentTime();
    const [t] = await reply;
    expect(t).toBeGreaterThanOrEqual(before - 1);
    expect(t).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 1);
  });

  test("historical daily bars of the embedded SPX series, real values, ending at the replayed day", async () => {
    client = await connectClient(gw.port);
    const rows = client.collect<[number, string, number, number, number, number, number]>(EventName.historicalData, (_id, date) => date.startsWith("finished"));
    client.ib.reqHistoricalData(1, { symbol: "SPX", secType: SecType.IND, exchange: "CBOE", currency: "USD" }, "", "10 D", BarSizeSetting.DAYS_ONE, WhatToShow.TRADES, 1, 1, false);
    const bars = (await rows).filter(([, date]) => !date.startsWith("finished"));
    expect(bars.length).toBe(10);
    // 2020-02-18 in the embedded vega-datasets series: first of the 10 sessions ending 2020-03-02.
    expect(bars[0]![1]).toBe("20200218");
    expect(bars.at(-1)![1]).toBe("20200302"); // running day, partial
    expect(client.strictness()).toEqual([]);
  });
});
