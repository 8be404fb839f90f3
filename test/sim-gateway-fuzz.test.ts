import { afterEach, describe, expect, test } from "bun:test";
import { connect, type Socket } from "node:net";
import { startSimGateway, type SimGateway } from "../src/adapters/sim-gateway/index.ts";
import { mulberry32 } from "../src/core/seeded-random.ts";
import { createLogger } from "../src/log/logger.ts";
import { RawTwsClient } from "./helpers/raw-tws-client.ts";
import { settleCloseWait } from "./helpers/sockets.ts";

/**
 * Bounded fuzzing of the simulator over loopback: a fixed-seed stream of garbage, truncated
 * and mangled frames on many connections. Every bad input must end as an error message or a
 * closed connection, never a crash, a hang or a handler failure, and a client connected all
 * along keeps being served.
 */

const CONNECTIONS = 400;
const PARALLEL = 16;
/** Client -> server ids the simulator serves, and some it does not. */
const IDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 20, 25, 49, 50, 51, 59, 61, 62, 63, 64, 71, 76, 77, 99, 0, -1, 999, 2147483648];
const ATOMS = ["", "0", "1", "-1", "0.0", "1e309", "NaN", "2147483647", "1.7976931348623157E308", "AAPL", "SPX", "ZZZZ", "STK", "IND", "SMART", "USD", "BUY", "SELL", "MKT", "LMT", "1 day", "5 mins", "30 D", "1 Y", "20200302 10:00:00 US/Eastern", "TRADES", "BAG", "\u00e9\u00e8", "\u{1F600}", "x".repeat(300)];

const lengthPrefixed = (body: Buffer): Buffer => {
  const head = Buffer.alloc(4);
  head.writeUInt32BE(body.length);
  return Buffer.concat([head, body]);
};

function randomBytes(r: () => number, max: number): Buffer {
  return Buffer.from(Array.from({ length: Math.floor(r() * max) }, () => Math.floor(r() * 256)));
}

const C12 = (symbol: string) => ["0", symbol, "STK", "", "0.0", "", "", "SMART", "", "USD", "", ""];

function placeOrder(id: number): string[] {
  const f = Array.from({ length: 114 }, () => "0");
  f[0] = "3";
  f[1] = String(id);
  C12("AAPL").forEach((v, i) => (f[2 + i] = v));
  Object.assign(f, { 14: "", 15: "", 16: "BUY", 17: "10", 18: "LMT", 19: "100", 20: "", 21: "DAY", 26: "ref", 27: "1" });
  return f;
}

/** Well-formed requests as real clients send them; the fuzzer mutates a few fields of each. */
const TEMPLATES: readonly (readonly string[])[] = [
  ["20", "7", ...C12("AAPL"), "0", "", "1 day", "5 D", "1", "TRADES", "1", "0", ""],
  ["20", "8", ...C12("MSFT"), "0", "", "5 mins", "1 D", "1", "MIDPOINT", "2", "1", ""],
  ["1", "11", "9", ...C12("AAPL"), "0", "", "0", "0", ""],
  ["50", "3", "10", ...C12("AAPL"), "5", "TRADES", "1", ""],
  ["9", "8", "11", ...C12("SPX"), "0", "", "", ""],
  placeOrder(5),
  placeOrder(6),
  ["4", "1", "5", ""],
  ["4", "5", "", "", "2147483647"],
  ["62", "1", "12", "All", "NetLiquidation,$LEDGER:ALL"],
  ["6", "2", "1", "DU1234567"],
  ["76", "1", "13", "DU1234567", "", "0"],
  ["7", "3", "14", "0", "", "", "", "", "", ""],
  ["61", "1"], ["5", "1"], ["16", "1"], ["99", "0"], ["49", "1"], ["8", "1", "1"], ["15", "1", "1"],
  ["25", "1", "8"], ["2", "2", "9"], ["51", "1", "10"], ["63", "1", "12"], ["64", "1"], ["58", "1"],
];

/** A real request with a few fields mangled, cut short or extended, or a random id with random fields. */
function mangledRequest(r: () => number): Buffer {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const noise = () => (r() < 0.8 ? pick(ATOMS) : String(Math.floor(r() * 1e6) - 5e5));
  let fields: string[];
  if (r() < 0.7) {
    fields = [...pick(TEMPLATES)];
    for (let k = Math.floor(r() * 3); k >= 0; k--) fields[1 + Math.floor(r() * (fields.length - 1))] = noise();
    if (r() < 0.15) fields = fields.slice(0, 1 + Math.floor(r() * fields.length));
    if (r() < 0.1) fields.push(...Array.from({ length: 1 + Math.floor(r() * 5) }, noise));
  } else {
    fields = [String(pick(IDS)), ...Array.from({ length: Math.floor(r() * 130) }, noise)];
  }
  const body = Buffer.from(fields.map((f) => `${f}\0`).join(""), "utf8");
  const roll = r();
  if (roll < 0.05) return lengthPrefixed(body.subarray(0, Math.max(0, body.length - 1))); // last NUL missing
  if (roll < 0.08) return lengthPrefixed(body).subarray(0, Math.floor(r() * (body.length + 4))); // truncated, then closed
  if (roll < 0.1) return Buffer.concat([Buffer.from([0xff, 0xff, 0xff, 0xf0]), body]); // absurd length
  return lengthPrefixed(body);
}

/** What one fuzzing connection sends after TCP connect. */
function attack(r: () => number): Buffer[] {
  const hello = lengthPrefixed(Buffer.from(r() < 0.5 ? "v100..193" : "v157..178"));
  const start = lengthPrefixed(Buffer.from(`71\u00002\u0000${Math.floor(r() * 1e6) + 100}\u0000\u0000`));
  const roll = r();
  if (roll < 0.15) return [randomBytes(r, 64)]; // not even "API\0"
  if (roll < 0.3) return [Buffer.from("API\0"), lengthPrefixed(r() < 0.5 ? randomBytes(r, 40) : Buffer.from(`v${Math.floor(r() * 300)}..${Math.floor(r() * 300)}`))];
  if (roll < 0.4) return [Buffer.from("API\0"), hello, ...Array.from({ length: 3 }, () => mangledRequest(r))]; // before startApi
  return [Buffer.from("API\0"), hello, start, ...Array.from({ length: 1 + Math.floor(r() * 8) }, () => mangledRequest(r))];
}

function fire(port: number, chunks: Buffer[], r: () => number): Promise<void> {
  return new Promise((resolve) => {
    const s: Socket = connect({ host: "127.0.0.1", port });
    const done = () => {
      clearTimeout(timer);
      s.destroy();
      resolve();
    };
    const timer = setTimeout(done, 100); // a silent server is fine: the fuzzer moves on
    s.on("error", done);
    s.on("close", done);
    s.on("data", () => {});
    s.on("connect", () => {
      // Sometimes byte by byte, sometimes all at once: framing must not depend on chunking.
      const all = Buffer.concat(chunks);
      if (r() < 0.2) for (let i = 0; i < all.length; i += 7) s.write(all.subarray(i, i + 7));
      else s.write(all);
      if (r() < 0.5) s.end();
    });
  });
}

let gw: SimGateway | undefined;
afterEach(async () => {
  if (gw) {
    await gw.close();
    expect(await settleCloseWait(gw.port)).toEqual([]);
    gw = undefined;
  }
});

describe("sim-gateway under fuzzed input (loopback, bounded)", () => {
  test(`${CONNECTIONS} connections of garbage, truncated and mangled frames: no crash, no handler failure, other clients keep being served`, async () => {
    const lines: string[] = [];
    gw = await startSimGateway({ port: 0, replayStart: "2020-03-02 11:00", log: createLogger({ format: "json", stream: { write: (t: string) => lines.push(t) } as unknown as NodeJS.WritableStream }) });
    const healthy = await RawTwsClient.open(gw.port);
    await healthy.start("v100..193", 1);
    const r = mulberry32(20261121); // fixed seed: a failure replays with the same inputs
    const attacks = Array.from({ length: CONNECTIONS }, () => attack(r));
    for (let i = 0; i < attacks.length; i += PARALLEL) {
      await Promise.all(attacks.slice(i, i + PARALLEL).map((a) => fire(gw!.port, a, r)));
    }
    // The bystander was never disconnected and is still answered.
    const n = healthy.frames.length;
    healthy.send([49, 1]);
    await healthy.frame((f) => f[0] === "49", n);
    expect(healthy.closed).toBe(false);
    // New clients still get in.
    const late = await RawTwsClient.open(gw.port);
    expect(await late.start("v157..178", 2)).toBe(178);
    await late.close();
    await healthy.close();
    // Bad input was answered with errors and closes, never with a handler crash.
    const crashes = lines.filter((l) => l.includes('"level":"error"'));
    expect(crashes).toEqual([]);
    expect(lines.some((l) => l.includes("protocol error") || l.includes("bad greeting"))).toBe(true);
  }, 60_000);
});
