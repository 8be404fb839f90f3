import { describe, expect, test } from "bun:test";
import { decideLock, leaseLost, type RunnerLease } from "./runner-lock.ts";

const T = 1_700_000_000_000;
const opts = { leaseMs: 30_000 };
const held: RunnerLease = { account: "DU1234567", owner: "a", pid: 4242, host: "mac", startedAt: T - 3_600_000, heartbeatAt: T - 5_000 };
const me = { owner: "b", pid: 5151, host: "mac" };

describe("runner lock decisions", () => {
  test("no lease: acquire; our own lease: renew", () => {
    expect(decideLock(undefined, me, T, opts)).toEqual({ kind: "acquire" });
    expect(decideLock({ ...held, owner: "b" }, me, T, opts)).toEqual({ kind: "renew" });
  });

  test("a live runner with a fresh heartbeat refuses the second one, naming its pid and start time", () => {
    const d = decideLock(held, me, T, opts, true);
    expect(d.kind).toBe("refuse");
    expect(d.kind === "refuse" && d.message).toContain("pid 4242 on mac, started 2023-11-14T21:13:20.000Z");
    expect(d.kind === "refuse" && d.message).toContain("lease expires in 25 s");
    expect(d.kind === "refuse" && d.message).not.toContain("DU1234567");
  });

  test("the heartbeat exactly one lease old is stale; one ms younger is not", () => {
    expect(decideLock({ ...held, heartbeatAt: T - 30_000 }, me, T, opts, true)).toMatchObject({ kind: "take-over", why: "lease-expired" });
    expect(decideLock({ ...held, heartbeatAt: T - 29_999 }, me, T, opts, true)).toMatchObject({ kind: "refuse" });
  });

  test("a crashed runner on this host is taken over at once, before its lease expires", () => {
    expect(decideLock(held, me, T, opts, false)).toMatchObject({ kind: "take-over", why: "process-gone", previous: held });
  });

  test("a holder with our own pid on our host is a previous life of this process (containers)", () => {
    expect(decideLock({ ...held, pid: 1 }, { ...me, pid: 1 }, T, opts, true)).toMatchObject({ kind: "take-over", why: "process-gone" });
  });

  test("another host's runner is judged by its heartbeat only", () => {
    const remote = { ...held, host: "linux-box" };
    expect(decideLock(remote, me, T, opts, undefined)).toMatchObject({ kind: "refuse" });
    expect(decideLock(remote, me, T, opts, false)).toMatchObject({ kind: "refuse" }); // a local pid check says nothing about another host
    expect(decideLock({ ...remote, heartbeatAt: T - 60_000 }, me, T, opts)).toMatchObject({ kind: "take-over", why: "lease-expired" });
  });

  test("a runner whose lease was taken over learns it at its next heartbeat", () => {
    expect(leaseLost({ ...held, owner: "b" }, "a")).toBe(true);
    expect(leaseLost(undefined, "a")).toBe(true);
    expect(leaseLost(held, "a")).toBe(false);
  });
});
