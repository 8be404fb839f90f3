import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

// `robotrader kill-switch status` only reads: with no database it creates none; `on` creates one to record the switch.
const MAIN = path.resolve(import.meta.dir, "../src/main.ts");
const dir = mkdtempSync(path.join(tmpdir(), "rt-ks-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("ROBOTRADER_")));
async function cli(...args: string[]) {
  const proc = Bun.spawn([process.execPath, MAIN, ...args], { cwd: dir, env: clean, stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { stdout, stderr, code };
}

describe("robotrader kill-switch (CLI)", () => {
  test("status with no database says so and creates nothing; on creates the database and status then reads it", async () => {
    const text = await cli("kill-switch", "status");
    expect(text.code).toBe(0);
    expect(text.stdout.trim()).toBe("kill switch: off (no database yet)");
    const json = await cli("kill-switch", "status", "--json");
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ on: false, reason: null, at: null, by: null, database: null });
    expect(readdirSync(dir)).toEqual([]);

    const on = await cli("kill-switch", "on", "--reason", "checking");
    expect(on.code).toBe(0);
    expect(on.stdout).toContain("kill switch: ON - new orders are blocked");
    const db = path.join(dir, "data", "robotrader.db");
    expect(existsSync(db)).toBe(true);
    const after = JSON.parse((await cli("kill-switch", "status", "--json")).stdout) as Record<string, unknown>;
    expect(after).toMatchObject({ on: true, reason: "checking", database: db });
    expect((await cli("kill-switch", "status")).stdout).toContain("kill switch: ON - new orders are blocked");
  });

  test("--data-dir is taken by kill-switch, status and reconcile; the switch is recorded with user@host", async () => {
    const other = path.join(dir, "elsewhere");
    const on = await cli("kill-switch", "on", "--data-dir", other, "--json");
    expect(on.code).toBe(0);
    const state = JSON.parse(on.stdout) as { by: string };
    expect(state.by).toMatch(/^cli:[^@]+@.+$/);
    expect(state.by).not.toStartWith("cli:unknown@");
    expect(existsSync(path.join(other, "robotrader.db"))).toBe(true);
    const status = await cli("status", "--data-dir", other, "--json");
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ killSwitch: { on: true } });
    // reconcile accept reads the flag (then fails on the absent gateway, not on the flag).
    const accept = await cli("reconcile", "accept", "--symbol", "AAPL", "--data-dir", other, "--port", "1");
    expect(accept.stderr).not.toContain("unknown flag");
  });
});

