import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Harness } from "./ib-sim-helpers.ts";

const h = new Harness();
afterEach(() => h.cleanup());

const MAIN = path.resolve(import.meta.dir, "../src/main.ts");

async function robotrader(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const cwd = mkdtempSync(path.join(tmpdir(), "rt-diag-"));
  const proc = Bun.spawn([process.execPath, MAIN, ...args], { cwd, stdout: "pipe", stderr: "pipe", env: { PATH: process.env.PATH ?? "", HOME: cwd } });
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { code, stdout, stderr };
}

describe("robotrader diagnose-gateway (CLI)", () => {
  test("--json against a healthy simulator prints the verdict and checks, exit 0", async () => {
    const sim = await h.sim();
    const r = await robotrader(["diagnose", "--port", String(sim.port), "--client-id", "41", "--json", "--symbol", "MSFT"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { verdict: string; checks: { id: string; status: string; detail: string; fix: string | null }[] };
    expect(out.verdict).toBe("ok");
    expect(out.checks.find((c) => c.id === "historical")?.detail).toContain("MSFT");
  });

  test("a closed port exits 1 with verdict port-closed in text mode", async () => {
    const sim = await h.sim();
    const port = sim.port;
    await sim.close();
    const r = await robotrader(["diagnose-gateway", "--port", String(port), "--timeout-ms", "500"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("verdict: port-closed");
    expect(r.stdout).toContain("fix: start TWS or IB Gateway");
  });

  test("bad flags exit 2 and say what is expected", async () => {
    const bad = await robotrader(["diagnose", "--watch", "0"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--watch");
    const port = await robotrader(["diagnose", "--port", "notaport"]);
    expect(port.code).toBe(2);
    expect(port.stderr).toContain("--port");
  });
});
