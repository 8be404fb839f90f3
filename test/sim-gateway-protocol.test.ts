import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { startSimGateway, type SimGateway } from "../src/adapters/sim-gateway/index.ts";
import { FakeClock } from "../src/adapters/clock/fake-clock.ts";
import { createLogger } from "../src/log/logger.ts";
import { RawTwsClient } from "./helpers/raw-tws-client.ts";
import { settleCloseWait } from "./helpers/sockets.ts";

let gw: SimGateway;
let clock: FakeClock;
let logLines: string[] = [];
const raws: RawTwsClient[] = [];

async function raw(): Promise<RawTwsClient> {
  const c = await RawTwsClient.open(gw.port);
  raws.push(c);
  return c;
}

/** The 12-field contract as ib_async sends it (Python str of defaults). */
const C12 = (symbol: string) => ["0", symbol, "STK", "", "0.0", "", "", "SMART", "", "USD", "", ""];

/** A plain LMT placeOrder at v176-178, 114 fields, with ib_async's default values (IB-API-NOTES §5). */
function iaPlaceOrder(orderId: number, lmt: number, orderRef: string): string[] {
  const f = Array.from({ length: 114 }, () => "");
  f[0] = "3";
  f[1] = String(orderId);
  C12("AAPL").forEach((v, i) => (f[2 + i] = v));
  Object.assign(f, { 16: "BUY", 17: "10.0", 18: "LMT", 19: String(lmt), 21: "GTC", 24: "O", 25: "0", 26: orderRef, 27: "1", 28: "0" });
  for (const i of [29, 30, 31, 32, 33, 34, 43, 46, 49, 52, 53, 61, 63, 66, 77, 80, 81, 84, 86, 87, 88, 89, 96, 105, 106, 107, 111]) f[i] = "0";
  f[45] = "-1";
  return f;
}

beforeEach(async () => {
  clock = new FakeClock();
  logLines = [];
  const stream = { write: (line: string) => logLines.push(line) } as unknown as NodeJS.WritableStream;
  gw = await startSimGateway({ port: 0, clock, replayStart: "2020-03-02 11:00", log: createLogger({ format: "json", stream }) });
});

afterEach(async () => {
  for (const c of raws.splice(0)) await c.close();
  await gw.close();
  expect(await settleCloseWait(gw.port)).toEqual([]);
});

describe("sim-gateway wire protocol over a raw socket", () => {
  test("an ib_async-style client (v157..178) is answered at 178 with IA's exact field counts", async () => {
    const c = await raw();
    c.hello("v157..178");
    const hello = await c.frame((f) => f.length === 2);
    expect(hello[0]).toBe("178");
    expect(hello[1]).toMatch(/^\d{8} \d\d:\d\d:\d\d \S+$/);
    c.send([71, 2, 0, ""]);
    const farm = await c.frame((f) => f[0] === "4" && f[3] === "2158");
    const [accounts, nextId] = [c.frames[1]!, c.frames[2]!];
    expect(accounts).toEqual(["15", "1", "DU1234567"]);
    expect(nextId).toEqual(["9", "1", "1"]);
    expect(farm).toEqual(["4", "2", "-1", "2158", "Sec-def data farm connection is OK:secdefnj", ""]);
    expect(c.frames.slice(3).map((f) => f[3])).toEqual(["2104", "2106", "2158"]);
  });

  test("a @stoqey-style client (v100..193) is answered at 193; options after the range are accepted", async () => {
    const a = await raw();
    expect(await a.start("v100..193", 1)).toBe(193);
    const b = await raw();
    expect(await b.start("v157..178 +PACEAPI", 2)).toBe(178);
    const one = await raw();
    expect(await one.start("v185", 3)).toBe(185);
    expect(gw.connections).toBe(3);
  });

  test("a client whose range is below the simulator's minimum gets an error and is closed", async () => {
    const c = await raw();
    c.hello("v100..150");
    await c.closedByServer();
    expect(c.frames[0]?.[3]).toBe("321");
    expect(c.frames[0]?.[4]).toContain("below the simulator's minimum 176");
  });

  test("garbage, oversized, unterminated and truncated input closes only that connection; the server keeps serving", async () => {
    const garbage = await raw();
    garbage.raw("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    await garbage.closedByServer();

    const oversized = await raw();
    oversized.hello("v100..193");
    await oversized.frame((f) => f.length === 2);
    const head = Buffer.alloc(4);
    head.writeUInt32BE(0x1000000);
    oversized.raw(head);
    await oversized.closedByServer();

    const unterminated = await raw();
    await unterminated.start("v100..193", 5);
    const body = Buffer.from("49\u00001", "latin1"); // last field lacks its NUL
    const len = Buffer.alloc(4);
    len.writeUInt32BE(body.length);
    unterminated.raw(Buffer.concat([len, body]));
    await unterminated.closedByServer();

    const truncated = await raw();
    await truncated.start("v100..193", 6);
    const partial = Buffer.alloc(4);
    partial.writeUInt32BE(100);
    truncated.raw(Buffer.concat([partial, Buffer.from("49\u0000", "latin1")]));
    await truncated.close(); // client gives up mid-frame

    const reasons = logLines.filter((l) => l.includes('"warn"')).map((l) => JSON.parse(l).msg as string);
    expect(reasons.some((r) => r.includes('bad greeting "GET "'))).toBe(true);
    expect(reasons.some((r) => r.includes("frame length 16777216 exceeds the maximum 16777215"))).toBe(true);
    expect(reasons.some((r) => r.includes("does not end with a NUL field terminator"))).toBe(true);

    const healthy = await raw();
    expect(await healthy.start("v100..193", 7)).toBe(193);
    healthy.send([49, 1]);
    const time = await healthy.frame((f) => f[0] === "49");
    expect(time).toEqual(["49", "1", String(Math.floor(clock.now() / 1000))]);
  });

  test("requests before startApi other than startApi close the connection; unknown message ids get 321 and the session lives", async () => {
    const early = await raw();
    early.hello("v100..193");
    await early.frame((f) => f.length === 2);
    early.send([49, 1]);
    await early.closedByServer();

    const c = await raw();
    await c.start("v100..193", 1);
    const n = c.frames.length;
    c.send([999, 1]);
    const err = await c.frame((f) => f[0] === "4" && f[3] === "321", n);
    expect(err[4]).toContain("999");
    c.send([49, 1]);
    await c.frame((f) => f[0] === "49", n);
  });

  test("v178 layouts: historical bars, ticks, contract details, placeOrder/openOrder/cancelOrder with the version field", async () => {
    const c = await raw();
    expect(await c.start("v157..178", 1)).toBe(178);
    let n = c.frames.length;

    c.send([20, 5, ...C12("AAPL"), "0", "", "1 day", "5 D", "1", "TRADES", "1", "0", ""]);
    const hist = await c.frame((f) => f[0] === "17", n);
    expect(hist[1]).toBe("5");
    expect(Number(hist[4])).toBe(5);
    expect(hist.length).toBe(5 + 8 * 5);
    expect(hist[5]).toBe("20200225"); // 5 sessions: 02-25 .. 03-02 (running, partial)

    c.send([1, 11, 6, ...C12("AAPL"), "0", "", "0", "0", ""]);
    const tick = await c.frame((f) => f[0] === "1", n);
    expect(tick.length).toBe(7);

    c.send([9, 8, 7, ...C12("AAPL"), "0", "", "", ""]);
    const details = await c.frame((f) => f[0] === "10", n);
    expect(details.length).toBe(40); // IA: 42 with one secId pair; we send none
    await c.frame((f) => f[0] === "52" && f[2] === "7", n);

    n = c.frames.length;
    c.send(iaPlaceOrder(1, 1.0, "ref-178"));
    const open = await c.frame((f) => f[0] === "5", n);
    expect(open.length).toBe(127);
    expect(open[1]).toBe("1");
    const status = await c.frame((f) => f[0] === "3", n);
    expect(status.length).toBe(12);
    expect(status[2]).toBe("Submitted");

    n = c.frames.length;
    c.send([4, 1, 1, ""]); // cancelOrder below v192 carries a version field
    const cancelled = await c.frame((f) => f[0] === "3" && f[2] === "Cancelled", n);
    expect(cancelled[1]).toBe("1");
    const e202 = await c.frame((f) => f[0] === "4" && f[3] === "202", n);
    expect(e202[2]).toBe("1");
  });

  test("fills at v178: execDetails 32 fields, commissionReport exactly 8, position exactly 16, execDetailsEnd", async () => {
    const c = await raw();
    await c.start("v157..178", 1);
    const order = iaPlaceOrder(1, 1000, "ref-x");
    order[18] = "MKT";
    order[19] = "";
    let n = c.frames.length;
    c.send(order);
    const exec = await c.frame((f) => f[0] === "11", n);
    expect(exec.length).toBe(32);
    expect(exec[1]).toBe("-1");
    expect(exec[26]).toBe("ref-x"); // orderRef
    const report = await c.frame((f) => f[0] === "59", n);
    expect(report.length).toBe(8);
    expect(report[2]).toBe(exec[14]); // same execId

    n = c.frames.length;
    c.send([61, 1]);
    const pos = await c.frame((f) => f[0] === "61", n);
    expect(pos.length).toBe(16);
    expect(pos[14]).toBe("10");
    await c.frame((f) => f[0] === "62", n);

    n = c.frames.length;
    c.send([7, 3, 9, "0", "", "", "", "", "", ""]);
    await c.frame((f) => f[0] === "11" && f[1] === "9", n);
    await c.frame((f) => f[0] === "55" && f[2] === "9", n);

    n = c.frames.length;
    c.send([99, "0"]);
    const done = await c.frame((f) => f[0] === "102", n);
    expect(done).toEqual(["102"]);
  });

  test("v193 layouts: openOrder 133 fields, cancelOrder without the version field", async () => {
    const c = await raw();
    await c.start("v100..193", 1);
    const order = [...iaPlaceOrder(1, 1.0, "r"), "", "", "", "2147483647", "0"]; // @stoqey adds 4 (+1) fields at 193
    let n = c.frames.length;
    c.send(order);
    const open = await c.frame((f) => f[0] === "5", n);
    expect(open.length).toBe(133);
    n = c.frames.length;
    c.send([4, 1, "", "", "2147483647"]);
    await c.frame((f) => f[0] === "3" && f[2] === "Cancelled", n);
  });
});
