import { describe, expect, test } from "bun:test";
import { openDatabase } from "../../adapters/sqlite/db.ts";
import { readLease } from "../../adapters/sqlite/lease-repo.ts";
import { UserError } from "../../core/errors.ts";
import { acquireRunnerLock, isPidAlive, LeaseLostError } from "./lock.ts";

const T = 1_700_000_000_000;

describe("runner lock (in one process; test/runner-lock.test.ts races real processes)", () => {
  test("a second runner gets a UserError naming the first one's pid, host and start time", () => {
    const db = openDatabase(":memory:");
    const first = acquireRunnerLock({ db, account: "A", pid: process.pid, host: "mac", now: () => T });
    try {
      expect(() => acquireRunnerLock({ db, account: "A", pid: 200, host: "mac", now: () => T + 1000 })).toThrow(UserError);
      expect(() => acquireRunnerLock({ db, account: "A", pid: 200, host: "mac", now: () => T + 1000 })).toThrow(
        new RegExp(`^Cannot start the runner: another runner is already trading this account: pid ${process.pid} on mac, started 2023-11-14T22:13:20.000Z`),
      );
    } finally {
      first.release();
    }
  });

  test("assertHeld throws LeaseLostError once another runner owns the lease, and onLost fires once", () => {
    const db = openDatabase(":memory:");
    let clock = T;
    const lost: string[] = [];
    const a = acquireRunnerLock({ db, account: "A", pid: process.pid, host: "here", now: () => clock, onLost: (why) => lost.push(why) });
    a.assertHeld();
    clock += 60_000; // a's lease is stale now
    const b = acquireRunnerLock({ db, account: "A", pid: 999_999, host: "elsewhere", now: () => clock });
    expect(() => a.assertHeld()).toThrow(LeaseLostError);
    expect(a.heartbeat()).toBe(false);
    expect(a.held).toBe(false);
    expect(lost).toEqual(["another runner took over this account's lease"]);
    a.release(); // must not delete b's lease
    expect(readLease(db, "A")!.host).toBe("elsewhere");
    b.release();
    expect(readLease(db, "A")).toBeUndefined();
  });

  test("a heartbeat that cannot be written for a whole lease period counts as lost", () => {
    const db = openDatabase(":memory:");
    let clock = T;
    const lost: string[] = [];
    const a = acquireRunnerLock({ db, account: "A", pid: 1, host: "h", now: () => clock, leaseMs: 10_000, heartbeatMs: 1000, onLost: (w) => lost.push(w) });
    db.run("CREATE TRIGGER no_beats BEFORE UPDATE ON runner_leases BEGIN SELECT RAISE(ABORT, 'disk full'); END");
    clock += 5_000;
    expect(a.heartbeat()).toBe(true); // failing, but not for a whole lease yet
    clock += 5_000;
    expect(a.heartbeat()).toBe(false);
    expect(lost).toEqual(["no heartbeat could be written for 10 s"]);
    a.release();
  });

  test("a heartbeat interval too close to the lease is refused", () => {
    expect(() => acquireRunnerLock({ db: openDatabase(":memory:"), account: "A", heartbeatMs: 20_000, leaseMs: 30_000 })).toThrow(RangeError);
  });

  test("pid liveness: this process is alive, a reaped child is not", async () => {
    expect(isPidAlive(process.pid)).toBe(true);
    const child = Bun.spawn(["true"]);
    await child.exited;
    expect(isPidAlive(child.pid)).toBe(false);
  });
});
