import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Exec } from "../../adapters/service/index.ts";
import { buildServiceSpec, formatServiceReport, runService, type ServiceHost, type ServiceRequest } from "./service.ts";

let home: string;
beforeEach(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), "rt-app-svc-"));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

const host = (overrides: Partial<ServiceHost> = {}): ServiceHost => ({
  platform: "linux",
  home,
  uid: 1000,
  cwd: "/srv/robo",
  execPath: "/usr/local/bin/robotrader",
  mainPath: "/$bunfs/root/robotrader",
  env: {},
  ...overrides,
});
const request = (overrides: Partial<ServiceRequest> = {}): ServiceRequest => ({
  action: "install", print: false, dryRun: false, dataDir: "data", args: ["run"], ...overrides,
});
const noExec: Exec = () => {
  throw new Error("no command may run in this test");
};

describe("service spec from this process", () => {
  test("a compiled binary runs itself with the given args; logs under <dataDir>/logs", () => {
    const spec = buildServiceSpec(request({ args: ["run", "--broker", "paper"] }), host());
    expect(spec.programArguments).toEqual(["/usr/local/bin/robotrader", "run", "--broker", "paper"]);
    expect(spec.workingDirectory).toBe("/srv/robo");
    expect(spec.stdoutPath).toBe("/srv/robo/data/logs/runner.out.log");
    expect(spec.environment).toEqual({});
  });

  test("from source it runs bun with the absolute entry script; the config file is passed absolute", () => {
    const spec = buildServiceSpec(
      request({ configFile: "conf/robotrader.toml", dataDir: "/var/robo" }),
      host({ execPath: "/home/me/.bun/bin/bun", mainPath: "src/main.ts" }),
    );
    expect(spec.programArguments).toEqual(["/home/me/.bun/bin/bun", "/srv/robo/src/main.ts", "run"]);
    expect(spec.environment).toEqual({ ROBOTRADER_CONFIG: "/srv/robo/conf/robotrader.toml" });
    expect(spec.stderrPath).toBe("/var/robo/logs/runner.err.log");
  });

  test("a machine with no supported service manager is a user error", async () => {
    await expect(runService(request(), host({ platform: "win32" }), noExec)).rejects.toThrow("supported on macOS (launchd) and Linux (systemd)");
  });
});

describe("runService", () => {
  test("--print returns the file text and touches nothing", async () => {
    const r = await runService(request({ print: true, platform: "launchd" }), host(), noExec);
    expect(r.text).toContain("<key>Label</key>");
    expect(formatServiceReport(r, true)).toBe(r.text!);
    expect(await Bun.file(r.file).exists()).toBe(false);
  });

  test("--dry-run shows the plan, the file and why restarts are safe; secrets in env are not copied", async () => {
    const r = await runService(request({ dryRun: true }), host({ env: { ROBOTRADER_ACCOUNT_ID: "DU1234567", ROBOTRADER_CONFIG: "/x.toml" } }), noExec);
    const text = formatServiceReport(r, false);
    expect(text).toContain("Would install systemd user unit robotrader.service (dry run: nothing written, nothing run)");
    expect(text).toContain("$ systemctl --user enable --now robotrader.service  (planned)");
    expect(text).toContain("ExecStart=/usr/local/bin/robotrader run");
    expect(text).toContain("Restart after a crash is safe");
    expect(text).toContain("Not copied into the service (may hold secrets): ROBOTRADER_ACCOUNT_ID");
    expect(text).not.toContain("DU1234567");
    expect(r.text).toContain('Environment="ROBOTRADER_CONFIG=/x.toml"');
    expect(r.text).toContain("StartLimitIntervalSec=0\n");
    expect(r.text).toContain("RestartSec=30\n");
    expect(await Bun.file(r.file).exists()).toBe(false);
  });

  test("status of a service that is not installed says how to install it, running nothing", async () => {
    const r = await runService(request({ action: "status" }), host(), noExec);
    expect(r.installed).toBe(false);
    expect(formatServiceReport(r, false)).toContain("not installed");
  });
});
