import { afterEach, describe, expect, test } from "bun:test";
import { BarSizeSetting, EventName, SecType, WhatToShow } from "@stoqey/ib";
import { startSimGateway, type SimGateway, type SimGatewayOptions } from "../src/adapters/sim-gateway/index.ts";
import { FakeClock } from "../src/adapters/clock/fake-clock.ts";
import { RawTwsClient } from "./helpers/raw-tws-client.ts";
import { settleCloseWait } from "./helpers/sockets.ts";
import { connectClient, type TestClient } from "./helpers/stoqey-client.ts";

let gw: SimGateway | undefined;
let clock: FakeClock;
const clients: TestClient[] = [];
const raws: RawTwsClient[] = [];

const SPX = { symbol: "SPX", secType: SecType.IND, exchange: "CBOE", currency: "USD" };

async function start(options: SimGatewayOptions = {}): Promise<SimGateway> {
  clock = new FakeClock();
  gw = await startSimGateway({ port: 0, clock, replayStart: "2020-03-02 11:00", ...options });
  return gw;
}

async function client(clientId = 1, waitReady = true): Promise<TestClient> {
  const c = await connectClient(gw!.port, clientId, { waitReady });
  clients.push(c);
  return c;
}

async function raw(): Promise<RawTwsClient> {
  const c = await RawTwsClient.open(gw!.port);
  raws.push(c);
  return c;
}

afterEach(async () => {
  for (const c of clients.splice(0)) {
    expect(c.strictness()).toEqual([]);
    await c.close();
  }
  for (const r of raws.splice(0)) await r.close();
  if (gw) {
    await gw.close();
    expect(await settleCloseWait(gw.port)).toEqual([]);
    gw = undefined;
  }
});

describe("sim-gateway faults, seen from a client", () => {
  test("silent-handshake: TCP is accepted but the API never answers; clearing it serves new connections", async () => {
    await start({ faults: { "silent-handshake": true } });
    const c = await raw();
    c.hello("v100..193");
    clock.advance(60_000);
    await Bun.sleep(100); // nothing is scheduled; give a would-be answer time to arrive
    expect(c.frames).toEqual([]);
    expect(c.closed).toBe(false);
    gw!.clearFault("silent-handshake");
    const ok = await raw();
    expect(await ok.start("v100..193", 2)).toBe(193);
  });

  test("slow-handshake=3: the server version arrives exactly 3 s after the version string", async () => {
    await start();
    gw!.setFault("slow-handshake", 3);
    const c = await raw();
    c.hello("v100..193");
    await Bun.sleep(50); // let the server read the greeting
    clock.advance(2999);
    await Bun.sleep(50);
    expect(c.frames).toEqual([]);
    clock.advance(1);
    const hello = await c.frame((f) => f.length === 2);
    expect(hello[0]).toBe("193");
  });

  test("client-id-in-use fault: @stoqey gets 326 and is disconnected", async () => {
    await start({ faults: { "client-id-in-use": true } });
    const c = await client(9, false);
    const err = c.next<[Error, number, number]>(EventName.error, (_e, code) => code === 326);
    const info = c.next<[string, number]>(EventName.info, (_m, code) => code === 326);
    const gone = c.next(EventName.disconnected);
    c.ib.connect();
    await Promise.race([err, info]);
    await gone;
    expect(gw!.connections).toBe(0);
  });

  test("a second connection with a client id already connected gets 326 and is closed; the first keeps working", async () => {
    await start();
    const first = await client(4);
    const second = await client(4, false);
    const rejected = second.next<[string, number]>(EventName.info, (_m, code) => code === 326);
    const gone = second.next(EventName.disconnected);
    second.ib.connect();
    await rejected;
    await gone;
    const t = first.next(EventName.currentTime);
    first.ib.reqCurrentTime();
    await t;
    expect(gw!.connections).toBe(1);
  });

  test("drop-after=10: the socket is closed abruptly 10 s after connect", async () => {
    await start({ faults: { "drop-after": 10 } });
    const c = await client(1);
    const gone = c.next(EventName.disconnected);
    clock.advance(9_999);
    const t = c.next(EventName.currentTime);
    c.ib.reqCurrentTime();
    await t; // still alive
    clock.advance(1);
    await gone;
    expect(gw!.connections).toBe(0);
  });

  test("connectivity-lost=1101: 1100 now, 1101 after the delay, then the fault clears itself", async () => {
    await start({ reconnectDelayMs: 2000 });
    const c = await client(1);
    const lost = c.next<[string, number]>(EventName.info, (_m, code) => code === 1100);
    gw!.setFault("connectivity-lost", "1101");
    expect((await lost)[0]).toContain("lost");
    const restored = c.next<[string, number]>(EventName.info, (_m, code) => code === 1101);
    clock.advance(2000);
    expect((await restored)[0]).toContain("data lost");
  });

  test("connectivity-lost given at start (as --fault does) waits for a client: 1100 on its connect, then 1101; a client joining meanwhile hears 1100 too", async () => {
    await start({ reconnectDelayMs: 2000, faults: { "connectivity-lost": "1101" } });
    clock.advance(10_000); // nobody connected: nothing happens, nothing is lost
    const first = await raw();
    await first.start("v157..178", 1);
    const lost = await first.frame((f) => f[0] === "4" && f[3] === "1100");
    expect(lost[2]).toBe("-1");
    const second = await raw();
    await second.start("v100..193", 2);
    await second.frame((f) => f[0] === "4" && f[3] === "1100");
    clock.advance(2000);
    await first.frame((f) => f[0] === "4" && f[3] === "1101");
    await second.frame((f) => f[0] === "4" && f[3] === "1101");
    expect(first.frames.filter((f) => f[0] === "4" && f[3] === "1100")).toHaveLength(1);
    const third = await raw();
    await third.start("v100..193", 3);
    third.send([49, 1]);
    await third.frame((f) => f[0] === "49");
    expect(third.frames.some((f) => f[0] === "4" && (f[3] === "1100" || f[3] === "1101"))).toBe(false);
  });

  test("after 1101 (data lost) streams are gone until requested again; after 1102 they resume by themselves", async () => {
    await start({ reconnectDelayMs: 1000 });
    const c = await client(1);
    const AAPL = { symbol: "AAPL", secType: SecType.STK, exchange: "SMART", currency: "USD" };
    const bars: number[] = [];
    c.ib.on(EventName.realtimeBar, (id: number) => bars.push(id));
    const roundTrip = async () => {
      const t = c.next(EventName.currentTime);
      c.ib.reqCurrentTime();
      await t;
    };
    c.ib.reqRealTimeBars(1, AAPL, 5, WhatToShow.TRADES, true);
    await roundTrip();
    clock.advance(5000);
    await roundTrip();
    expect(bars).toEqual([1]);

    gw!.setFault("connectivity-lost", "1102");
    clock.advance(1000); // 1100 ... 1102
    await c.next(EventName.info, (_m: string, code: number) => code === 1102);
    clock.advance(5000);
    await roundTrip();
    expect(bars.length).toBeGreaterThan(1); // resumed without a new request

    gw!.setFault("connectivity-lost", "1101");
    clock.advance(1000);
    await c.next(EventName.info, (_m: string, code: number) => code === 1101);
    const before = bars.length;
    clock.advance(15_000);
    await roundTrip();
    expect(bars.length).toBe(before); // the subscription is gone

    c.ib.reqRealTimeBars(2, AAPL, 5, WhatToShow.TRADES, true);
    await roundTrip();
    clock.advance(5000);
    await roundTrip();
    expect(bars.at(-1)).toBe(2);
  });

  test("connectivity-lost defaults to 1102 (restored, data maintained)", async () => {
    await start({ reconnectDelayMs: 500 });
    const c = await client(1);
    const codes: number[] = [];
    c.ib.on(EventName.info, (_m: string, code: number) => codes.push(code));
    const restored = c.next(EventName.info, (_m: string, code: number) => code === 1102);
    gw!.setFault("connectivity-lost", true);
    clock.advance(500);
    await restored;
    expect(codes.filter((x) => x >= 1100 && x < 1200)).toEqual([1100, 1102]);
  });

  test("farm-down: 2103/2105 on connect, historical requests fail with 162; clearing sends 2104/2106 and history works", async () => {
    await start({ faults: { "farm-down": true } });
    const c = await client(1, false);
    const codes: number[] = [];
    c.ib.on(EventName.info, (_m: string, code: number) => codes.push(code));
    const farm = c.next(EventName.info, (_m: string, code: number) => code === 2158);
    c.ib.connect();
    await farm;
    expect(codes).toEqual([2103, 2105, 2158]);
    const failed = c.next<[Error, number, number]>(EventName.error, (_e, code) => code === 162);
    c.ib.reqHistoricalData(3, SPX, "", "5 D", BarSizeSetting.DAYS_ONE, WhatToShow.TRADES, 1, 1, false);
    const [e, , reqId] = await failed;
    expect(reqId).toBe(3);
    expect(e.message).toContain("Historical Market Data Service error message");

    const up = c.next(EventName.info, (_m: string, code: number) => code === 2106);
    gw!.clearFault("farm-down");
    await up;
    const done = c.next(EventName.historicalData, (_id: number, d: string) => d.startsWith("finished"));
    c.ib.reqHistoricalData(4, SPX, "", "5 D", BarSizeSetting.DAYS_ONE, WhatToShow.TRADES, 1, 1, false);
    await done;
  });

  test("sendSystemMessage and dropConnections reach connected clients; no socket is left in CLOSE_WAIT", async () => {
    await start();
    const c = await client(1);
    const notice = c.next<[string, number]>(EventName.info, (_m, code) => code === 2110);
    gw!.sendSystemMessage(2110);
    expect((await notice)[0]).toContain("broken");
    const gone = c.next(EventName.disconnected);
    gw!.dropConnections();
    await gone;
    expect(await settleCloseWait(gw!.port)).toEqual([]);
  });

  test("unresponsive: an established API stops answering while TCP stays open; clearing it resumes", async () => {
    await start();
    const c = await raw();
    await c.start("v100..193", 1);
    gw!.setFault("unresponsive", true);
    const n = c.frames.length;
    c.send([49, 1]); // read and ignored
    gw!.sendSystemMessage(2104); // nothing goes out either
    await Bun.sleep(50);
    gw!.clearFault("unresponsive");
    c.send([49, 1]);
    await c.frame((f) => f[0] === "49", n);
    expect(c.frames.slice(n).map((f) => f[0])).toEqual(["49"]); // only the answer to the second request
    expect(c.closed).toBe(false);
  });

  test("setFault rejects values a fault does not take", async () => {
    await start();
    expect(() => gw!.setFault("slow-handshake", "soon")).toThrow(/seconds/);
    expect(() => gw!.setFault("connectivity-lost", "1100")).toThrow(/1101 or 1102/);
  });
});
