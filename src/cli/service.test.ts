import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

const main = path.resolve(import.meta.dir, "../main.ts");
let home: string;
beforeAll(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), "rt-cli-svc-"));
});
afterAll(async () => {
  await rm(home, { recursive: true, force: true });
});

function run(...args: string[]) {
  const env: Record<string, string> = { PATH: process.env.PATH ?? "", HOME: home };
  const p = Bun.spawnSync([process.execPath, main, "service", ...args], { cwd: home, env, stdout: "pipe", stderr: "pipe" });
  return { code: p.exitCode, stdout: p.stdout.toString(), stderr: p.stderr.toString() };
}

test("service install --print prints the unit for this machine and installs nothing", () => {
  const r = run("install", "--print", "--platform", "systemd", "--args", "run --broker paper");
  expect(r.code).toBe(0);
  expect(r.stdout).toContain(`ExecStart=${process.execPath} ${main} run --broker paper`);
  expect(r.stdout).toContain(`WorkingDirectory=${home}`);
  expect(r.stdout).toContain(`StandardOutput=append:${home}/data/logs/runner.out.log`);
});

test("service install --dry-run --json describes the plan and writes nothing", async () => {
  const r = run("install", "--dry-run", "--json", "--platform", "launchd");
  expect(r.code).toBe(0);
  const report = JSON.parse(r.stdout);
  expect(report).toMatchObject({ action: "install", kind: "launchd", dryRun: true });
  expect(report.file).toBe(path.join(home, "Library/LaunchAgents/com.robotrader.runner.plist"));
  expect(report.steps.map((s: { command: string }) => s.command)).toContain(`launchctl bootstrap gui/${process.getuid?.() ?? 0} ${report.file}`);
  expect(await Bun.file(report.file).exists()).toBe(false);
});

test("service status when nothing is installed", () => {
  const r = run("status", "--platform", "systemd");
  expect(r.code).toBe(0);
  expect(r.stdout).toContain("robotrader.service: not installed");
});

test("a bad --args quote exits 2 naming the flag", () => {
  const r = run("install", "--print", "--args", `run "x`);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain("--args: unterminated");
});

test("uninstall and status take only their own flags: `uninstall --print` is refused (exit 2), not an uninstall", () => {
  const r = run("uninstall", "--print", "--platform", "systemd");
  expect(r.code).toBe(2);
  expect(r.stderr).toContain("--print");
  expect(r.stdout).toBe("");
  expect(run("status", "--dry-run", "--platform", "systemd").code).toBe(2);
  expect(run("status", "--args", "run", "--platform", "systemd").code).toBe(2);
  const dry = run("uninstall", "--dry-run", "--json", "--platform", "systemd");
  expect(dry.code).toBe(0);
  expect(JSON.parse(dry.stdout)).toMatchObject({ action: "uninstall", dryRun: true });
  expect(JSON.parse(run("status", "--json", "--platform", "systemd").stdout)).toMatchObject({ action: "status" });
});

test("service install --args is checked as the command would check it: a bad flag value exits 2, nothing written", () => {
  const r = run("install", "--print", "--platform", "systemd", "--args", "run --broker ib");
  expect(r.code).toBe(2);
  expect(r.stderr).toContain(`--args "run --broker ib": --broker must be paper or ibkr, got 'ib'`);
  expect(r.stdout).toBe("");
});
