import { describe, expect, test } from "bun:test";
import { hostname } from "node:os";
import { openDatabase } from "../../adapters/sqlite/db.ts";
import { latestMetrics } from "../../adapters/sqlite/metrics-repo.ts";
import { claimLease, readLease } from "../../adapters/sqlite/lease-repo.ts";
import { UserError } from "../../core/errors.ts";
import { createLogger } from "../../log/logger.ts";
import { setKillSwitch } from "./kill-switch.ts";
import { LeaseLostError } from "./lock.ts";
import { readRunnerState } from "./state.ts";
import { startRunnerServices } from "./services.ts";

const T = 1_700_000_000_000;
const info = { mode: "sim", broker: "paper", account: null, strategy: "sma-cross", symbols: ["AAPL"] };

describe("runner services", () => {
  test("start takes the lock and reports running; stop records why and frees the account", () => {
    const db = openDatabase(":memory:");
    let clock = T;
    // Another live process (our parent) on this host holds the account: refused.
    claimLease(db, { account: "local", pid: process.ppid, host: hostname(), now: T - 1000, leaseMs: 30_000, isAlive: () => true });
    expect(() => startRunnerServices({ db, account: "local", info, now: () => clock })).toThrow(UserError);
    expect(readRunnerState(db).runner.value).toBeNull();
    db.run("DELETE FROM runner_leases");
    const s = startRunnerServices({ db, account: "local", info, now: () => clock });
    expect(readRunnerState(db).runner.value).toMatchObject({ state: "running", pid: process.pid, startedAt: T, leaseMs: 30_000 });
    s.metrics.counter("reconnects").inc("1100");
    clock += 1000;
    s.stop("SIGTERM");
    s.stop("again");
    expect(readRunnerState(db).runner.value).toMatchObject({ state: "stopped", stoppedAt: T + 1000, exitReason: "SIGTERM" });
    expect(readLease(db, "local")).toBeUndefined();
    expect(latestMetrics(db)!.counters.reconnects).toMatchObject({ total: 1, by: { "1100": 1 } });
  });

  test("the pre-order check reads the kill switch now and refuses once the lease is lost", () => {
    const db = openDatabase(":memory:");
    let clock = T;
    const s = startRunnerServices({ db, account: "local", info, now: () => clock });
    expect(s.preOrderCheck()).toEqual({ on: false });
    setKillSwitch(db, { on: true, reason: "manual", by: "test", now: T });
    expect(s.preOrderCheck()).toEqual({ on: true, reason: "manual" });
    clock += 31_000; // our lease went stale; a runner on another host takes it
    db.run(`UPDATE runner_leases SET host = 'other', pid = 1, started_at = ${clock}, heartbeat_at = ${clock}`);
    expect(() => s.preOrderCheck()).toThrow(LeaseLostError);
    s.stop("lease lost", true);
    expect(readLease(db, "local")!.host).toBe("other"); // the new holder's lease stays
    expect(readRunnerState(db).runner.value!.state).toBe("running"); // not ours to overwrite any more
  });

  test("a runner started with the kill switch on says so at start, with who set it and why", () => {
    const db = openDatabase(":memory:");
    setKillSwitch(db, { on: true, reason: "earnings week", by: "cli:alice@mac", now: T });
    const lines: string[] = [];
    const log = createLogger({ format: "json", stream: { write: (line: string) => lines.push(line) } });
    const s = startRunnerServices({ db, account: "local", info, log, now: () => T });
    s.stop("test");
    const warned = lines.map((l) => JSON.parse(l) as { level: string; msg: string }).filter((l) => l.level === "warn");
    expect(warned.map((l) => l.msg)).toContain(
      "kill switch is ON since 2023-11-14T22:13:20.000Z by cli:alice@mac (earnings week): no new orders until 'robotrader kill-switch off --reason \"...\"'",
    );
  });
});

