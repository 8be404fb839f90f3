import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Subprocess } from "bun";
import { envWithoutRobotrader, robotrader } from "./helpers/cli.ts";

// `robotrader status` and `kill-switch` from other processes while a runner writes (WAL).
const FIXTURE = path.join(import.meta.dir, "fixtures", "status-runner.ts");
const dir = mkdtempSync(path.join(tmpdir(), "rt-status-"));
const started: Subprocess[] = [];
afterAll(() => {
  for (const p of started) if (p.exitCode === null) p.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

const clean = envWithoutRobotrader();
const cli = (...args: string[]) => robotrader(args, { cwd: dir, env: clean });

function lines(proc: Subprocess<"ignore", "pipe", "pipe">) {
  const reader = proc.stdout.getReader();
  let buffered = "";
  return async (): Promise<Record<string, unknown>> => {
    for (;;) {
      const nl = buffered.indexOf("\n");
      if (nl >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        return JSON.parse(line) as Record<string, unknown>;
      }
      const { value, done } = await reader.read();
      if (done) throw new Error(`runner ended: ${await new Response(proc.stderr).text()}`);
      buffered += new TextDecoder().decode(value);
    }
  };
}

describe("status and kill switch against a running runner (separate processes)", () => {
  test("status --json reads a live runner; kill-switch on reaches it; after it stops, status says stopped", async () => {
    const db = path.join(dir, "data", "robotrader.db");
    expect((await cli("status")).code).toBe(2); // no database yet: a clear error, not an invented status
    expect((await cli("kill-switch", "status", "--json")).code).toBe(0); // reads only: the runner below creates the database
    const runner = Bun.spawn([process.execPath, FIXTURE, db], { stdout: "pipe", stderr: "pipe" });
    started.push(runner);
    const next = lines(runner);
    expect(await next()).toMatchObject({ event: "ready" });

    // Several reads while the runner writes every few ms: never a lock error.
    for (let k = 0; k < 3; k++) {
      const r = await cli("status", "--json");
      expect(r.stderr).not.toContain("locked");
      expect(r.code).toBe(0);
      const s = JSON.parse(r.stdout);
      expect(s.runner).toMatchObject({ state: "running", pid: runner.pid, account: "DU77****" });
      expect(s.positions).toEqual([expect.objectContaining({ symbol: "AAPL", qty: 10, avgCost: "180" })]);
      expect(s.orders).toEqual([]);
      expect(s.connection).toMatchObject({ state: "connected", port: 4002, clientId: 17, current: true });
      expect(Object.keys(s.metrics.latency)).toContain("data-to-signal");
      expect(s.metrics.throughput.bars.total).toBeGreaterThanOrEqual(0);
      expect(r.stdout).not.toContain("DU7777777");
    }
    const text = await cli("status");
    expect(text.stdout).toContain(`Runner:       running - pid ${runner.pid}`);
    expect(text.stdout).toContain("AAPL");

    const on = await cli("kill-switch", "on", "--reason", "test");
    expect(on.code).toBe(0);
    expect(on.stdout).toContain("kill switch: ON");
    expect(await next()).toMatchObject({ event: "kill-switch", on: true, reason: "test" });
    const off = await cli("kill-switch", "off");
    expect(off.code).toBe(2);
    expect(off.stderr).toContain("needs a reason");

    runner.kill("SIGTERM");
    expect(await next()).toMatchObject({ event: "stopped" });
    expect(await runner.exited).toBe(0);
    const after = JSON.parse((await cli("status", "--json")).stdout);
    expect(after.runner).toMatchObject({ state: "stopped", pid: null, info: { state: "stopped", exitReason: "SIGTERM" } });
    expect(after.connection.current).toBe(false);
    expect(after.killSwitch).toMatchObject({ on: true, reason: "test" });
    expect(after.metrics.latency["data-to-signal"].total.count).toBeGreaterThan(0);
  }, 60_000);
});
