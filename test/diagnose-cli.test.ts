import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { linuxTcpTable } from "../src/adapters/ib/diagnose/socket-table.ts";
import { closeWaitOn, eventually } from "./ib-raw-server.ts";
import { Harness } from "./ib-sim-helpers.ts";
import { MAIN, robotrader, type CliResult } from "./helpers/cli.ts";

const h = new Harness();
afterEach(() => h.cleanup());

/** In a fresh directory, with nothing from this environment but PATH. */
function diagnoseCli(args: string[]): Promise<CliResult> {
  const cwd = mkdtempSync(path.join(tmpdir(), "rt-diag-"));
  return robotrader(args, { cwd, env: { PATH: process.env.PATH ?? "", HOME: cwd } });
}

describe("robotrader diagnose-gateway (CLI)", () => {
  test("--json against a healthy simulator prints the verdict and checks, exit 0", async () => {
    const sim = await h.sim();
    const r = await diagnoseCli(["diagnose", "--port", String(sim.port), "--client-id", "41", "--json", "--symbol", "MSFT"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { verdict: string; checks: { id: string; status: string; detail: string; fix: string | null }[] };
    expect(out.verdict).toBe("ok");
    expect(out.checks.find((c) => c.id === "historical")?.detail).toContain("MSFT");
  });

  test("a closed port exits 1 with verdict port-closed in text mode", async () => {
    const sim = await h.sim();
    const port = sim.port;
    await sim.close();
    const r = await diagnoseCli(["diagnose-gateway", "--port", String(port), "--timeout-ms", "500"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("verdict: port-closed");
    expect(r.stdout).toContain("fix: start TWS or IB Gateway");
    expect(r.stdout).toContain(`gateway.port = ${port} is not a standard IB port`);
    expect(r.stdout).toContain("(gateway.port from flag --port)");
  });

  test("a port that does not match the mode names where each came from: --port, and mode's default", async () => {
    const r = await diagnoseCli(["diagnose", "--port", "7496", "--timeout-ms", "500", "--json"]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { verdict: string; checks: { id: string; status: string; detail: string }[] };
    expect(out.verdict).toBe("port-mode-mismatch");
    expect(out.checks.find((c) => c.id === "config")?.detail).toEndWith('mode = "live" if you mean it (gateway.port from flag --port; mode from default)');
  });

  test("bad flags exit 2 and say what is expected", async () => {
    const bad = await diagnoseCli(["diagnose", "--watch", "0"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--watch");
    const port = await diagnoseCli(["diagnose", "--port", "notaport"]);
    expect(port.code).toBe(2);
    expect(port.stderr).toContain("--port");
  });

  test("--watch 1 --json: one JSON line per probe naming what changed, no per-probe log chatter, no socket left behind; Ctrl-C exits by the last verdict", async () => {
    const sim = await h.sim();
    const cwd = mkdtempSync(path.join(tmpdir(), "rt-diag-"));
    const proc = Bun.spawn([process.execPath, MAIN, "diagnose", "--watch", "1", "--json", "--port", String(sim.port), "--client-id", "43"], { cwd, stdout: "pipe", stderr: "pipe", env: { PATH: process.env.PATH ?? "", HOME: cwd } });
    h.killAtCleanup(proc);
    let out = "";
    let err = "";
    void (async () => {
      for await (const c of proc.stdout) out += new TextDecoder().decode(c);
    })();
    void (async () => {
      for await (const c of proc.stderr) err += new TextDecoder().decode(c);
    })();
    type Line = { verdict: string; changes: string[] };
    const lines = (): Line[] => out.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as Line);
    expect(await eventually(() => lines().length >= 2, 10_000)).toBe(true);
    expect(lines()[0]).toMatchObject({ verdict: "ok", changes: ["verdict ok"] });
    expect(lines()[1]).toMatchObject({ verdict: "ok", changes: [] });
    sim.setFault("farm-down", true);
    expect(await eventually(() => lines().some((l) => l.verdict === "farm-down"), 10_000)).toBe(true);
    expect(lines().find((l) => l.verdict === "farm-down")!.changes).toContain("verdict: ok -> farm-down");
    expect(closeWaitOn(sim.port)).toEqual([]);
    sim.clearFault("farm-down");
    expect(await eventually(() => lines().at(-1)!.verdict === "ok", 10_000)).toBe(true);
    proc.kill("SIGINT");
    expect(await proc.exited).toBe(0);
    expect(lines().length).toBeGreaterThanOrEqual(4);
    // Only the monitor's own start line: no "IB connected" / re-login / farm warnings per probe.
    expect(err.split("\n").filter((l) => l.trim() !== "" && !l.includes("watching 127.0.0.1"))).toEqual([]);
    expect(await eventually(() => closeWaitOn(sim.port).length === 0)).toBe(true);
  }, 30_000);

  test("Ctrl-C in --watch while a probe waits on a silent API ends it at once (not after the 60 s handshake timeout)", async () => {
    const sim = await h.sim();
    sim.setFault("silent-handshake", true);
    const cwd = mkdtempSync(path.join(tmpdir(), "rt-diag-"));
    const proc = Bun.spawn([process.execPath, MAIN, "diagnose", "--watch", "5", "--timeout-ms", "60000", "--port", String(sim.port)], { cwd, stdout: "pipe", stderr: "pipe", env: { PATH: process.env.PATH ?? "", HOME: cwd } });
    h.killAtCleanup(proc);
    const probing = () => (linuxTcpTable() ?? []).some((s) => s.remotePort === sim.port && s.state === "ESTABLISHED");
    expect(await eventually(probing, 10_000)).toBe(true);
    proc.kill("SIGINT");
    expect(await proc.exited).toBe(1); // no verdict reached, so not ok
    expect(proc.signalCode).toBeNull();
    expect(await new Response(proc.stdout).text()).toBe("");
  }, 20_000);
});
