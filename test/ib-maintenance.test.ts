import { afterEach, describe, expect, test } from "bun:test";
import { systemClock } from "../src/adapters/clock/system-clock.ts";
import type { Clock } from "../src/core/clock.ts";
import { createLogger } from "../src/log/logger.ts";
import { eventually } from "./ib-raw-server.ts";
import { Harness } from "./ib-sim-helpers.ts";

/**
 * IB's nightly reset (about 23:45-00:45 New York) and the weekly Sunday re-login drop
 * connections on purpose: the adapter reconnects as always, but says so quietly (info, marked
 * expected) instead of warning, while the same drop at noon is a warning.
 */

const h = new Harness();
afterEach(() => h.cleanup());

/** Wall time fixed at `at` (so the maintenance check sees it); timers run for real. */
const frozenAt = (at: number): Clock => ({ now: () => at, setTimer: (ms, fn) => systemClock.setTimer(ms, fn) });

const NIGHTLY_RESET = Date.parse("2026-11-19T04:50:00Z"); // Wed 23:50 EST
const SUNDAY_RELOGIN = Date.parse("2026-11-22T06:30:00Z"); // Sun 01:30 EST
const WEDNESDAY_NOON = Date.parse("2026-11-18T17:00:00Z"); // Wed 12:00 EST

async function dropAndWatch(at: number): Promise<{ level: string; msg: string }[]> {
  const lines: string[] = [];
  const log = createLogger({ format: "json", stream: { write: (t: string) => lines.push(t) } as unknown as NodeJS.WritableStream });
  const sim = await h.sim();
  const conn = h.conn(sim, { clock: frozenAt(at), log, heartbeatMs: 3_600_000 });
  expect((await conn.start()).ok).toBe(true);
  let sessions = 0;
  conn.events.on("session", () => (sessions += 1));
  sim.sendSystemMessage(1100);
  expect(await eventually(() => conn.state === "paused")).toBe(true);
  sim.sendSystemMessage(1102);
  sim.dropConnections();
  expect(await eventually(() => sessions === 1 && conn.state === "connected", 5000)).toBe(true);
  return lines.map((l) => JSON.parse(l) as { level: string; msg: string }).filter((l) => /1100|connection lost/.test(l.msg));
}

describe("reconnects around IB's maintenance are expected and quiet", () => {
  test("during the nightly reset: the 1100 and the drop are info, marked as expected", async () => {
    const lines = await dropAndWatch(NIGHTLY_RESET);
    expect(lines.map((l) => l.level)).toEqual(["info", "info"]);
    expect(lines.every((l) => l.msg.includes("(IB maintenance window; expected)"))).toBe(true);
  });

  test("after the Sunday re-login time: quiet too", async () => {
    const lines = await dropAndWatch(SUNDAY_RELOGIN);
    expect(lines.map((l) => l.level)).toEqual(["info", "info"]);
  });

  test("the same events at noon on a weekday are warnings", async () => {
    const lines = await dropAndWatch(WEDNESDAY_NOON);
    expect(lines.map((l) => l.level)).toEqual(["warn", "warn"]);
    expect(lines.some((l) => l.msg.includes("maintenance"))).toBe(false);
  });
});
