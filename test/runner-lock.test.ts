import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import path from "node:path";
import type { Subprocess } from "bun";
import { listAlerts } from "../src/adapters/sqlite/alerts-repo.ts";
import { openDatabase } from "../src/adapters/sqlite/db.ts";
import { readLease } from "../src/adapters/sqlite/lease-repo.ts";

// DESIGN.md invariant 3, with real processes on one database file.
const dir = mkdtempSync(path.join(tmpdir(), "rt-lock-"));
const fixture = path.join(import.meta.dir, "fixtures", "lock-runner.ts");
const started: Subprocess[] = [];
afterAll(() => {
  for (const p of started) if (p.exitCode === null && p.signalCode === null) p.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

type Event = { pid: number; event: string; message?: string; why?: string; takeOver?: string | null };

/** Starts a runner; `first` resolves with its first JSON line, `exit` with its exit code. */
function runner(file: string, account: string, go = "-", heartbeatMs = 100, leaseMs = 2000, then?: "exit") {
  const args = [fixture, file, account, go, String(heartbeatMs), String(leaseMs), ...(then ? [then] : [])];
  const proc = Bun.spawn([process.execPath, ...args], { stdout: "pipe", stderr: "pipe" });
  started.push(proc);
  const reader = proc.stdout.getReader();
  let buffered = "";
  const next = async (): Promise<Event> => {
    for (;;) {
      const nl = buffered.indexOf("\n");
      if (nl >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        return JSON.parse(line) as Event;
      }
      const { value, done } = await reader.read();
      if (done) throw new Error(`runner ${proc.pid} ended without output: ${await new Response(proc.stderr).text()}`);
      buffered += new TextDecoder().decode(value);
    }
  };
  return { proc, next };
}

describe("one runner per account, real processes", () => {
  test("of four runners racing for one account exactly one wins; the others are refused with its pid and start time", async () => {
    const file = path.join(dir, "race.db");
    openDatabase(file).close();
    const go = path.join(dir, "go");
    const racers = Array.from({ length: 4 }, () => runner(file, "DU1111111", go));
    while (readdirSync(dir).filter((f) => f.startsWith("go.") && f.endsWith(".waiting")).length < 4) await Bun.sleep(5);
    writeFileSync(go, "");
    const events = await Promise.all(racers.map((r) => r.next()));
    const winners = events.filter((e) => e.event === "acquired");
    const refused = events.filter((e) => e.event === "refused");
    expect(winners).toHaveLength(1);
    expect(refused).toHaveLength(3);
    const winner = winners[0]!;
    const lease = readLease(openDatabase(file, { readonly: true }), "DU1111111")!;
    expect(lease.pid).toBe(winner.pid);
    for (const r of refused) {
      expect(r.message).toContain(`pid ${winner.pid} on ${hostname()}, started ${new Date(lease.startedAt).toISOString()}`);
      expect(r.message).not.toContain("DU1111111");
    }
    for (const r of racers) if (r.proc.pid !== winner.pid) expect(await r.proc.exited).toBe(2);
    racers.find((r) => r.proc.pid === winner.pid)!.proc.kill("SIGTERM");
  }, 30_000);

  test("kill -9 of the holder: the next runner takes over (process gone) and an alert row says so", async () => {
    const file = path.join(dir, "crash.db");
    const first = runner(file, "DU2222222");
    expect((await first.next()).event).toBe("acquired");
    first.proc.kill("SIGKILL");
    await first.proc.exited; // reaped: its pid no longer exists
    const second = runner(file, "DU2222222");
    const e = await second.next();
    expect(e.event).toBe("took-over");
    expect(e.takeOver).toContain(`runner that is gone (pid ${first.proc.pid}`);
    const db = openDatabase(file, { readonly: true });
    expect(listAlerts(db, { kinds: ["runner-lock"] })[0]).toMatchObject({ level: "warn", detail: { why: "process-gone", previous: { pid: first.proc.pid }, pid: second.proc.pid } });
    second.proc.kill("SIGTERM");
    expect(await second.proc.exited).toBe(0);
  }, 30_000);

  test("a frozen holder (alive, no heartbeat) is refused until its lease expires, then taken over; thawed, it learns it lost the lease", async () => {
    const file = path.join(dir, "frozen.db");
    const leaseMs = 3000;
    const first = runner(file, "DU3333333", "-", 100, leaseMs);
    expect((await first.next()).event).toBe("acquired");
    first.proc.kill("SIGSTOP");
    const early = runner(file, "DU3333333", "-", 100, leaseMs);
    expect((await early.next()).event).toBe("refused");
    let taker: ReturnType<typeof runner> | undefined;
    for (;;) {
      const attempt = runner(file, "DU3333333", "-", 100, leaseMs);
      const e = await attempt.next();
      if (e.event === "took-over") {
        expect(e.takeOver).toContain("stale runner lock");
        taker = attempt;
        break;
      }
      expect(e.event).toBe("refused");
      await Bun.sleep(200);
    }
    first.proc.kill("SIGCONT");
    const lost = await first.next();
    expect(lost).toMatchObject({ event: "lost", why: "another runner took over this account's lease" });
    expect(await first.proc.exited).toBe(3);
    expect(readLease(openDatabase(file, { readonly: true }), "DU3333333")!.pid).toBe(taker.proc.pid);
    taker.proc.kill("SIGTERM");
    await taker.proc.exited;
  }, 30_000);

  test("a runner that stops cleanly releases the account; the next one acquires without a take-over", async () => {
    const file = path.join(dir, "clean.db");
    const first = runner(file, "DU4444444");
    expect((await first.next()).event).toBe("acquired");
    first.proc.kill("SIGTERM");
    expect(await first.next()).toMatchObject({ event: "released" });
    expect(await first.proc.exited).toBe(0);
    const second = runner(file, "DU4444444");
    expect((await second.next()).event).toBe("acquired");
    second.proc.kill("SIGTERM");
    await second.proc.exited;
    expect(listAlerts(openDatabase(file, { readonly: true }), { kinds: ["runner-lock"] })).toEqual([]);
    expect(existsSync(file)).toBe(true);
  }, 30_000);

  test("a runner that exits without releasing (process.exit) still frees the account", async () => {
    const file = path.join(dir, "exit.db");
    const first = runner(file, "DU5555555", "-", 100, 2000, "exit");
    expect((await first.next()).event).toBe("acquired");
    expect(await first.proc.exited).toBe(0);
    expect(readLease(openDatabase(file, { readonly: true }), "DU5555555")).toBeUndefined();
  }, 30_000);
});
