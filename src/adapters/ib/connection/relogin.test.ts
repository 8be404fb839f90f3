import { afterEach, describe, expect, test } from "bun:test";
import { startSimGateway, type SimGateway } from "../../sim-gateway/index.ts";
import { createLogger } from "../../../log/logger.ts";
import { systemClock } from "../../clock/system-clock.ts";
import type { Clock } from "../../../core/clock.ts";
import { IbConnection } from "./connection.ts";

// Saturday 2026-11-21 12:00 ET: the weekly re-login (Sunday 01:00 ET) is 13 hours away.
const SATURDAY_NOON_ET = Date.parse("2026-11-21T17:00:00Z");
const nearRelogin: Clock = { now: () => SATURDAY_NOON_ET, setTimer: (ms, fn) => systemClock.setTimer(ms, fn) };

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function warningsOnConnect(options: { reloginNotice?: boolean }): Promise<string[]> {
  const lines: string[] = [];
  const log = createLogger({ format: "json", stream: { write: (t: string) => lines.push(t) } });
  const sim: SimGateway = await startSimGateway({ port: 0, log: createLogger({ quiet: true, format: "json" }) });
  cleanup.push(() => sim.close());
  const conn = new IbConnection({ host: sim.host, port: sim.port, clientId: 31, handshakeTimeoutMs: 2000, clock: nearRelogin, log, ...options });
  cleanup.push(() => conn.close());
  expect((await conn.start()).ok).toBe(true);
  return lines.filter((l) => l.includes('"level":"warn"'));
}

describe("weekly re-login notice", () => {
  test("warned on connect when the re-login is near", async () => {
    expect((await warningsOnConnect({})).some((l) => l.includes("weekly re-login"))).toBe(true);
  });

  test("not warned when turned off (run --sim: the simulator has no re-login)", async () => {
    expect((await warningsOnConnect({ reloginNotice: false })).filter((l) => l.includes("weekly re-login"))).toEqual([]);
  });
});
