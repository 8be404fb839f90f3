import { describe, expect, test } from "bun:test";
import { listAlerts } from "./alerts-repo.ts";
import { openDatabase } from "./db.ts";
import { claimLease, holdsLease, readLease, releaseLease, renewLease, type LeaseClaim } from "./lease-repo.ts";

const T = 1_700_000_000_000;
const claim = (over: Partial<LeaseClaim> = {}): LeaseClaim => ({
  account: "DU1234567", pid: 100, host: "mac", now: T, leaseMs: 30_000, isAlive: () => true, ...over,
});

describe("runner lease repository", () => {
  test("the first claim acquires; a second runner is refused while the first is alive and beating", () => {
    const db = openDatabase(":memory:");
    const first = claimLease(db, claim());
    expect(first.kind).toBe("acquired");
    const second = claimLease(db, claim({ pid: 200, now: T + 10_000 }));
    expect(second.kind).toBe("refused");
    expect(second.kind === "refused" && second.holder).toMatchObject({ pid: 100, host: "mac", startedAt: T });
    expect(second.kind === "refused" && second.message).toContain("pid 100 on mac");
    expect(readLease(db, "DU1234567")!.pid).toBe(100);
  });

  test("other accounts are independent", () => {
    const db = openDatabase(":memory:");
    claimLease(db, claim());
    expect(claimLease(db, claim({ account: "DU7654321", pid: 200 })).kind).toBe("acquired");
  });

  test("a dead holder on this host is taken over, with an alert row", () => {
    const db = openDatabase(":memory:");
    claimLease(db, claim());
    const r = claimLease(db, claim({ pid: 200, now: T + 1000, isAlive: (pid) => pid !== 100 }));
    expect(r).toMatchObject({ kind: "took-over", why: "process-gone", previous: { pid: 100 } });
    const alerts = listAlerts(db, { kinds: ["runner-lock"] });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ level: "warn", time: T + 1000, detail: { why: "process-gone", previous: { pid: 100, host: "mac" }, pid: 200 } });
  });

  test("liveness is not asked for a holder on another host; its lease must expire", () => {
    const db = openDatabase(":memory:");
    claimLease(db, claim({ host: "linux" }));
    const asked: number[] = [];
    const isAlive = (pid: number) => (asked.push(pid), false);
    expect(claimLease(db, claim({ pid: 200, now: T + 29_999, isAlive })).kind).toBe("refused");
    expect(claimLease(db, claim({ pid: 200, now: T + 30_000, isAlive })).kind).toBe("took-over");
    expect(asked).toEqual([]);
  });

  test("heartbeats keep the lease fresh; a runner that was taken over learns it at its next heartbeat", () => {
    const db = openDatabase(":memory:");
    const a = claimLease(db, claim());
    if (a.kind !== "acquired") throw new Error("expected acquired");
    expect(renewLease(db, a.lease, T + 20_000)).toBe(true);
    expect(claimLease(db, claim({ pid: 200, now: T + 40_000 })).kind).toBe("refused"); // 20 s since the beat
    const b = claimLease(db, claim({ pid: 200, now: T + 50_000 }));
    expect(b.kind).toBe("took-over");
    expect(renewLease(db, a.lease, T + 50_001)).toBe(false);
    expect(holdsLease(db, a.lease)).toBe(false);
    expect(releaseLease(db, a.lease)).toBe(false); // never deletes the new holder's lease
    expect(readLease(db, "DU1234567")!.pid).toBe(200);
  });

  test("the same pid restarted on the same host (a container) takes over its previous life", () => {
    const db = openDatabase(":memory:");
    claimLease(db, claim({ pid: 1 }));
    expect(claimLease(db, claim({ pid: 1, now: T + 1 })).kind).toBe("took-over");
  });

  test("release frees the account", () => {
    const db = openDatabase(":memory:");
    const a = claimLease(db, claim());
    if (a.kind !== "acquired") throw new Error("expected acquired");
    expect(releaseLease(db, a.lease)).toBe(true);
    expect(readLease(db, "DU1234567")).toBeUndefined();
    expect(claimLease(db, claim({ pid: 200 })).kind).toBe("acquired");
  });
});
