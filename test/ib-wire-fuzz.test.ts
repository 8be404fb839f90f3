import { afterEach, describe, expect, test } from "bun:test";
import { systemClock } from "../src/adapters/clock/system-clock.ts";
import { IbConnection } from "../src/adapters/ib/connection/connection.ts";
import { requestCurrentTime } from "../src/adapters/ib/requests/current-time.ts";
import { fetchHistoricalBars } from "../src/adapters/ib/data/historical.ts";
import { HistoricalPacer } from "../src/adapters/ib/requests/pacer.ts";
import { mulberry32 } from "../src/core/seeded-random.ts";
import { closeWaitOn, eventually, frame, loopbackServer, openClientSocketsTo } from "./ib-raw-server.ts";

/**
 * Bounded fuzzing of the adapter over loopback: a server of our own completes the TWS
 * handshake correctly, then answers with mangled server -> client messages and junk, a fresh
 * mix on every connection. The adapter must turn all of it into failed results, dropped and
 * re-made sessions, never an exception escaping into the process, and close() must leave no
 * socket behind.
 */

const SESSIONS = 80;

/** IB's pacing is not what this test is about: ask as fast as the garbage flows. */
class NoPacing extends HistoricalPacer {
  override delayFor(): number {
    return 0;
  }
}
const ATOMS = ["", "0", "1", "-1", "0.0", "abc", "NaN", "1e400", "2147483647", "1.7976931348623157E308", "AAPL", "20200302", "20200302 10:00:00 US/Eastern", "finished", "{not json", "\u00e9", "x".repeat(200)];

/** Server -> client messages as TWS sends them at v176 ("R" = a request id the client used). */
const TEMPLATES: readonly (readonly string[])[] = [
  ["4", "2", "R", "162", "Historical Market Data Service error message:pacing violation", ""],
  ["4", "2", "-1", "2104", "Market data farm connection is OK:usfarm", ""],
  ["4", "2", "-1", "1100", "Connectivity between IB and Trader Workstation has been lost.", ""],
  ["17", "R", "20200301 00:00:00", "20200302 00:00:00", "2", "20200228", "1", "2", "0.5", "1.5", "100", "1.2", "5", "20200302", "1.5", "2", "1", "1.8", "120", "1.6", "7"],
  ["49", "1", "1583150000"],
  ["9", "1", "100"],
  ["15", "1", "DU1234567"],
  ["1", "6", "R", "4", "101.5", "100", "0"],
  ["2", "6", "R", "8", "12345"],
  ["50", "3", "R", "1583150000", "1", "2", "0.5", "1.5", "100", "1.2", "5"],
  ["90", "R", "3", "20200302 10:00:00", "1", "1.5", "2", "0.5", "1.2", "100"],
  ["61", "3", "DU1234567", "265598", "AAPL", "STK", "", "0", "", "", "SMART", "USD", "AAPL", "AAPL", "10", "100"],
  ["62", "1"],
  ["3", "5", "Filled", "10", "0", "101", "77", "0", "101", "11", "", "0"],
  ["59", "1", "0001.01", "1", "USD", "1.7976931348623157E308", "1.7976931348623157E308", ""],
  ["52", "1", "R"],
  ["8", "1", "10:00"],
];

function payload(r: () => number, reqIds: readonly number[]): Buffer {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const out: Buffer[] = [];
  for (let k = 1 + Math.floor(r() * 6); k > 0; k--) {
    const roll = r();
    if (roll < 0.1) {
      out.push(Buffer.from(Array.from({ length: 1 + Math.floor(r() * 40) }, () => Math.floor(r() * 256)))); // junk
      continue;
    }
    const fields = pick(TEMPLATES).map((f) => (f === "R" ? String(reqIds.length > 0 && r() < 0.8 ? pick(reqIds) : Math.floor(r() * 10)) : f));
    for (let m = Math.floor(r() * 3); m > 0; m--) fields[1 + Math.floor(r() * (fields.length - 1))] = pick(ATOMS);
    if (r() < 0.15) fields.length = 1 + Math.floor(r() * fields.length); // cut short
    if (r() < 0.1) fields.push(pick(ATOMS), pick(ATOMS)); // too long
    const bytes = frame(fields);
    out.push(roll < 0.15 ? bytes.subarray(0, Math.floor(r() * bytes.length)) : bytes); // truncated
  }
  return Buffer.concat(out);
}

/** Handshakes correctly, then answers every request (and sometimes nothing) with a fuzzed payload. */
async function fuzzServer(seed: number): Promise<{ port: number; sessions: () => number; close: () => Promise<void> }> {
  const r = mulberry32(seed);
  let sessions = 0;
  const server = await loopbackServer((socket) => {
    let buf = Buffer.alloc(0);
    let stage: "hello" | "start" | "ready" = "hello";
    const reqIds: number[] = [];
    socket.on("data", (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      for (;;) {
        if (stage === "hello") {
          if (buf.length < 8) return;
          const len = buf.readUInt32BE(4);
          if (buf.length < 8 + len) return;
          buf = buf.subarray(8 + len);
          stage = "start";
          socket.write(frame([176, "20200302 10:00:00 EST"]));
          continue;
        }
        if (buf.length < 4 || buf.length < 4 + buf.readUInt32BE(0)) return;
        const fields = buf.subarray(4, 4 + buf.readUInt32BE(0)).toString("utf8").split("\0");
        buf = buf.subarray(4 + buf.readUInt32BE(0));
        if (stage === "start") {
          stage = "ready";
          sessions += 1;
          socket.write(Buffer.concat([frame([15, 1, "DU1234567"]), frame([9, 1, 1])]));
        } else {
          const id = Number(fields[1]);
          if (Number.isInteger(id) && id > 1000) reqIds.push(id);
        }
        if (socket.writable && r() < 0.9) socket.write(payload(r, reqIds));
        if (r() < 0.05) socket.destroy(); // and sometimes the server just goes away
      }
    });
  });
  return { ...server, sessions: () => sessions };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe("adapter under fuzzed server messages (loopback, bounded)", () => {
  test(`${SESSIONS} sessions of mangled, truncated and junk frames: results are values, sessions drop and come back, nothing escapes, nothing lingers`, async () => {
    const escaped: unknown[] = [];
    const onEscape = (e: unknown) => escaped.push(e);
    process.on("uncaughtException", onEscape);
    process.on("unhandledRejection", onEscape);
    cleanups.push(async () => {
      process.off("uncaughtException", onEscape);
      process.off("unhandledRejection", onEscape);
    });
    const server = await fuzzServer(424242);
    cleanups.push(server.close);
    const conn = new IbConnection({ host: "127.0.0.1", port: server.port, clientId: 9, handshakeTimeoutMs: 300, heartbeatMs: 200, heartbeatTimeoutMs: 100, backoff: { baseMs: 1, maxMs: 5 }, random: () => 0 });
    cleanups.push(() => conn.close());
    const start = await conn.start();
    expect(typeof start.ok).toBe("boolean");
    const outcomes = new Map<string, number>();
    const count = (k: string) => outcomes.set(k, (outcomes.get(k) ?? 0) + 1);
    const pacer = new NoPacing(systemClock);
    const deadline = Date.now() + 30_000;
    while (server.sessions() < SESSIONS && Date.now() < deadline) {
      // Requests while the garbage flows: every outcome must be a value.
      const [bars, time] = await Promise.all([
        fetchHistoricalBars(conn, pacer, { symbol: "AAPL", barSize: "1d", duration: { count: 2, unit: "D" }, timeoutMs: 150 }),
        requestCurrentTime(conn, 150),
      ]);
      for (const res of [bars, time]) count(res.ok ? "ok" : res.error.kind);
      await Bun.sleep(2); // while disconnected both fail at once: let the reconnect run
    }
    expect(server.sessions()).toBeGreaterThanOrEqual(SESSIONS);
    expect(escaped).toEqual([]);
    expect([...outcomes.keys()].every((k) => ["ok", "ib-error", "disconnected", "timeout", "bad-data"].includes(k))).toBe(true);
    expect(outcomes.get("disconnected") ?? 0).toBeGreaterThan(0); // sessions really were torn down
    await conn.close();
    expect(conn.state).toBe("closed");
    expect(await eventually(() => openClientSocketsTo(server.port).length === 0)).toBe(true);
    expect(closeWaitOn(server.port)).toEqual([]);
  }, 60_000);
});
