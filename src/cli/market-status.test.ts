import { expect, test } from "bun:test";
import path from "node:path";

const main = path.resolve(import.meta.dir, "../main.ts");

function run(...args: string[]) {
  const p = Bun.spawnSync([process.execPath, main, "market-status", ...args], { stderr: "pipe", stdout: "pipe" });
  return { code: p.exitCode, stdout: p.stdout.toString(), stderr: p.stderr.toString() };
}

test("market-status --at --json prints only JSON with the session and next open", () => {
  const r = run("--at", "2024-03-29T10:00", "--json");
  expect(r.code).toBe(0);
  const report = JSON.parse(r.stdout);
  expect(report).toMatchObject({ session: "closed", holidayName: "Good Friday", tradingDay: "2024-03-29" });
  expect(report.nextOpen.utc).toBe("2024-04-01T13:30:00.000Z");
});

test("market-status with a bad --at exits 2 and says what is expected", () => {
  const r = run("--at", "tomorrow");
  expect(r.code).toBe(2);
  expect(r.stdout).toBe("");
  expect(r.stderr).toContain("--at: expected an ISO time");
});
