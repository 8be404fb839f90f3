import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { SIMULATED_SYMBOLS, startSimGateway, type SimGateway } from "../src/adapters/sim-gateway/index.ts";
import { FakeClock } from "../src/adapters/clock/fake-clock.ts";
import { RawTwsClient } from "./helpers/raw-tws-client.ts";
import { settleCloseWait } from "./helpers/sockets.ts";

let gw: SimGateway;
let clock: FakeClock;
let c: RawTwsClient;

const C12 = (symbol: string) => (symbol === "SPX" ? ["", symbol, "IND", "", "", "", "", "CBOE", "", "USD", "", ""] : ["", symbol, "STK", "", "", "", "", "SMART", "", "USD", "", ""]);
const hist = (reqId: number, symbol: string, duration: string, barSize: string, keepUpToDate = false) =>
  [20, reqId, ...C12(symbol), 0, "", barSize, duration, 1, "TRADES", 1, keepUpToDate ? 1 : 0, ""];

/** Sends a request and waits for its answer: bars (17) or an error for that reqId. */
async function request(fields: (string | number)[]): Promise<string[]> {
  const reqId = String(fields[1]);
  const from = c.frames.length;
  c.send(fields);
  return c.frame((f) => (f[0] === "17" && f[1] === reqId) || (f[0] === "4" && f[2] === reqId), from);
}

const isPacing = (f: string[]) => f[0] === "4" && f[3] === "162" && f[4]!.includes("pacing violation");

beforeEach(async () => {
  clock = new FakeClock();
  gw = await startSimGateway({ port: 0, clock, replayStart: "2020-03-02 11:00" });
  c = await RawTwsClient.open(gw.port);
  await c.start("v100..193", 1);
});

afterEach(async () => {
  await c.close();
  await gw.close();
  expect(await settleCloseWait(gw.port)).toEqual([]);
});

describe("sim-gateway pacing (IB's published limits)", () => {
  test("more than 50 messages in a second: error 100 and the excess is dropped; the next second is fine", async () => {
    const from = c.frames.length;
    for (let i = 0; i < 51; i++) c.send([49, 1]);
    const e100 = await c.frame((f) => f[0] === "4" && f[3] === "100", from);
    expect(e100[4]).toContain("max=50");
    clock.advance(1000);
    c.send([8, 1, 1]); // a round trip (reqIds -> nextValidId) in the next second
    await c.frame((f) => f[0] === "9", from);
    expect(c.frames.slice(from).filter((f) => f[0] === "49").length).toBe(50);
    expect(c.closed).toBe(false);
  });

  test("with pacing-strict a client breaking the message rate is disconnected", async () => {
    gw.setFault("pacing-strict", true);
    for (let i = 0; i < 60; i++) c.send([49, 1]);
    await c.closedByServer();
    expect(c.frames.some((f) => f[0] === "4" && f[3] === "100")).toBe(true);
  });

  test("an identical small-bar request within 15 s is a pacing violation (162); after 15 s it is served", async () => {
    expect((await request(hist(1, "AAPL", "1800 S", "5 secs")))[0]).toBe("17");
    clock.advance(14_999);
    expect(isPacing(await request(hist(2, "AAPL", "1800 S", "5 secs")))).toBe(true);
    clock.advance(1);
    expect((await request(hist(3, "AAPL", "1800 S", "5 secs")))[0]).toBe("17");
  });

  test("six requests for the same contract within 2 s: the sixth is refused", async () => {
    for (let i = 1; i <= 5; i++) expect((await request(hist(i, "MSFT", `${i * 60} S`, "5 secs")))[0]).toBe("17");
    expect(isPacing(await request(hist(6, "MSFT", "360 S", "5 secs")))).toBe(true);
    expect((await request(hist(7, "IBM", "360 S", "5 secs")))[0]).toBe("17"); // other contracts are unaffected
    clock.advance(2000);
    expect((await request(hist(8, "MSFT", "420 S", "5 secs")))[0]).toBe("17");
  });

  test("more than 60 small-bar requests in 10 minutes: the 61st is refused; bars above 30 s are not counted", async () => {
    let reqId = 1;
    for (const duration of ["60 S", "120 S"]) {
      for (const symbol of SIMULATED_SYMBOLS.slice(0, 30)) { // 2 x 30 = 60 requests, the limit
        expect((await request(hist(reqId++, symbol, duration, "30 secs")))[0]).toBe("17");
        clock.advance(1000);
      }
    }
    expect(isPacing(await request(hist(reqId++, "SPX", "60 S", "5 secs")))).toBe(true);
    expect((await request(hist(reqId++, "SPX", "1 D", "1 min")))[0]).toBe("17");
    clock.advance(600_000);
    expect((await request(hist(reqId++, "SPX", "60 S", "5 secs")))[0]).toBe("17");
  });

  test("more than 50 open keepUpToDate requests: the 51st gets 162; cancelling one frees a slot", async () => {
    for (let i = 1; i <= 50; i++) {
      expect((await request(hist(i, SIMULATED_SYMBOLS[i % 30]!, `${i} D`, "1 day", true)))[0]).toBe("17");
      clock.advance(100); // stay under 50 messages per second
    }
    expect(isPacing(await request(hist(51, "SPX", "5 D", "1 day", true)))).toBe(true);
    c.send([25, 1, 7]); // cancelHistoricalData
    expect((await request(hist(52, "SPX", "5 D", "1 day", true)))[0]).toBe("17");
  });
});
