import { afterEach, expect, test } from "bun:test";
import { EventName, WhatToShow, type IBApi } from "@stoqey/ib";
import { stockContract } from "../parse/contract.ts";
import { fastLaneBars } from "./wire-guard.ts";
import { encodeFrame, FrameProxy } from "../../../../test/helpers/frame-proxy.ts";
import { connectClient, type TestClient } from "../../../../test/helpers/stoqey-client.ts";
import { roundTrip, startTestSim, testConnection } from "../../../../test/helpers/runner-harness.ts";
import type { IbConnection } from "./connection.ts";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** What an api's listeners saw, in order: real-time bars (with the symbol for a known reqId), times, errors. */
function record(api: IBApi, symbolOf: Map<number, string>): unknown[][] {
  const seen: unknown[][] = [];
  api.on(EventName.realtimeBar, (reqId: number, ...rest: unknown[]) => void seen.push(["bar", symbolOf.get(reqId) ?? reqId, ...rest]));
  api.on(EventName.currentTime, (t: number) => void seen.push(["time", t]));
  api.on(EventName.error, (e: Error, code: number, reqId: number) => void seen.push(["error", code, reqId, e.message]));
  return seen;
}

const MARK = 777;
/** Real-time bar frames the library decodes in its own way: each must come out of the lane the same. */
const ODD_BARS: readonly (readonly string[])[] = [
  ["50", "3", `${MARK}`, "1583164800", "290.5", "291", "289.25", "290.75", "1200", "290.6", "42"],
  ["50", "3", `${MARK}`, "", "", "", "", "", "", "", ""],
  ["50", "3", `${MARK}`, " 12", "1.7976931348623157e+308", "1e3", "-0", "12abc", "1,234,567.5", "Infinity", "7.9"],
  ["50", "3", `${MARK}`, "1583164805", ".5", "+3", "0x10", "NaN", "1.7976931348623157e+308", "-Infinity", "x"],
  ["50", "3", `${MARK}`, "1583164810", "1", "2", "0.5", "1.5", "10", "1.2", "3", "surplus"], // a field too many
  ["50", "3", `${MARK}`, "1583164815", "1", "2", "0.5", "1.5", "10", "1.2"], // one too few
  ["50", "3", `${MARK}`, "1583164820", "1", "2", "0.5", "1.5", "10", "1.2", "é"], // not ASCII
];
const CURRENT_TIME = encodeFrame(["49", "1", "1583164900"]);

test("real-time bars through the fast lane reach listeners exactly as the library's own decoding delivers them, over the simulator's TCP socket", async () => {
  const { sim, clock } = await startTestSim();
  cleanups.push(() => sim.close());
  const proxy = await FrameProxy.start({ host: sim.host, port: sim.port });
  cleanups.push(() => proxy.close());
  // Connection 0 through the proxy: robotrader's (wire guard, fast lane); connection 1: @stoqey/ib alone.
  const conn: IbConnection = testConnection({ ...sim, host: proxy.host, port: proxy.port } as typeof sim, 31);
  cleanups.push(() => conn.close());
  expect((await conn.start()).ok).toBe(true);
  const plain: TestClient = await connectClient(proxy.port, 32);
  cleanups.push(() => plain.close());
  const lane = conn.api!;

  const symbols = ["AAPL", "MSFT"];
  const laneIds = new Map<number, string>();
  const plainIds = new Map<number, string>();
  const fast = record(lane, laneIds);
  const slow = record(plain.ib, plainIds);
  symbols.forEach((s, i) => {
    laneIds.set(500 + i, s);
    plainIds.set(600 + i, s);
    lane.reqRealTimeBars(500 + i, stockContract(s), 5, WhatToShow.TRADES, true);
    plain.ib.reqRealTimeBars(600 + i, stockContract(s), 5, WhatToShow.TRADES, true);
  });
  await roundTrip(conn);
  plain.ib.reqCurrentTime();
  await plain.next(EventName.currentTime);

  // Streamed bars: each step one bar per symbol (one socket write per tick, as TWS does).
  const STEPS = 5;
  for (let i = 0; i < STEPS; i++) {
    const bars = (seen: unknown[][]) => seen.filter((e) => e[0] === "bar").length;
    const [a, b] = [bars(fast), bars(slow)];
    clock.advance(5_000);
    await waitFor(() => bars(fast) >= a + symbols.length && bars(slow) >= b + symbols.length);
  }
  expect(fastLaneBars(lane)).toBe(STEPS * symbols.length);

  // Odd frames, injected on both connections in one write with another message among them, then one split across writes.
  const burst = Buffer.concat([...ODD_BARS.slice(0, 2).map(encodeFrame), CURRENT_TIME, ...ODD_BARS.slice(2).map(encodeFrame)]);
  const split = encodeFrame(ODD_BARS[0]!);
  for (const c of [0, 1]) {
    proxy.inject(c, burst);
    proxy.inject(c, split.subarray(0, 9));
  }
  await roundTrip(conn);
  plain.ib.reqCurrentTime();
  await plain.next(EventName.currentTime);
  for (const c of [0, 1]) proxy.inject(c, split.subarray(9));
  await roundTrip(conn);
  plain.ib.reqCurrentTime();
  await plain.next(EventName.currentTime);

  // The injected time and the decoder's complaints about the odd frames; heartbeats and notices aside.
  const mine = (seen: unknown[][]) =>
    seen.filter((e) => e[0] === "bar" || (e[0] === "time" && e[1] === 1583164900) || (e[0] === "error" && /REAL_TIME_BARS/.test(String(e[3]))));
  expect(mine(fast)).toEqual(mine(slow));
  // The odd frames went by the lane but a field more or less and the frame split across reads (the library's).
  expect(fastLaneBars(lane)).toBe(STEPS * symbols.length + 5);
  // Every odd frame but the short one (an underrun: an error, no bar) reached the listeners.
  expect(mine(fast).filter((e) => e[0] === "bar" && e[1] === MARK)).toHaveLength(7);
  expect(mine(fast).filter((e) => e[0] === "error").length).toBeGreaterThan(0);
});

async function waitFor(check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`condition not reached within ${timeoutMs} ms`);
    await Bun.sleep(2);
  }
}
