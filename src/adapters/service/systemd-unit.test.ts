import { describe, expect, test } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { awkwardSpec } from "./_spec-fixture.ts";
import { execWord, systemdUnit } from "./systemd-unit.ts";

const hasAnalyze = Bun.which("systemd-analyze") !== null;

describe("systemd user unit", () => {
  test("ExecStart words: plain stays bare; spaces, quotes, $ and % are escaped for systemd", () => {
    expect(execWord("/usr/local/bin/robotrader")).toBe("/usr/local/bin/robotrader");
    expect(execWord("--broker")).toBe("--broker");
    expect(execWord("sma cross")).toBe('"sma cross"');
    expect(execWord(`say "hi" \\ now`)).toBe(`"say \\"hi\\" \\\\ now"`);
    expect(execWord("$HOME")).toBe('"$$HOME"');
    expect(execWord("50%")).toBe("50%%");
  });

  test("has restart-on-failure, working dir, env, logs and install target", () => {
    const unit = systemdUnit(awkwardSpec());
    expect(unit).toContain("Restart=on-failure\n");
    expect(unit).toContain("RestartSec=30\n");
    expect(unit).toContain("WorkingDirectory=/Users/me/R&D <x>\n");
    expect(unit).toContain('Environment="ROBOTRADER_CONFIG=/Users/me/R&D <x>/robotrader.toml"\n');
    expect(unit).toContain(`ExecStart="/opt/robo trader/robotrader" run --strategy "a&b <c> \\"d\\" 'e' 50%% $$HOME \\\\x"\n`);
    expect(unit).toContain("StandardOutput=append:/Users/me/R&D <x>/data/logs/runner.out.log\n");
    expect(unit).toContain("WantedBy=default.target\n");
    expect(unit).toMatch(/^# .*crash is safe/m);
  });

  test("keeps retrying a failing start forever, 30 s apart (no start limit), and says so", () => {
    const unit = systemdUnit(awkwardSpec());
    const unitSection = unit.slice(unit.indexOf("[Unit]"), unit.indexOf("[Service]"));
    expect(unitSection).toContain("StartLimitIntervalSec=0\n");
    expect(unit).not.toContain("StartLimitBurst");
    expect(unit.slice(unit.indexOf("[Service]"))).toContain("RestartSec=30\n");
    expect(unit).toMatch(/^# .*retried every RestartSec/m);
  });

  test.skipIf(!hasAnalyze)("systemd-analyze verify accepts the unit (binary path that exists)", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "rt-unit-"));
    try {
      const file = path.join(dir, "robotrader.service");
      const spec = awkwardSpec({ programArguments: [process.execPath, "run", "--strategy", "a b 50% $X"], workingDirectory: dir, stdoutPath: path.join(dir, "o.log"), stderrPath: path.join(dir, "e.log") });
      await Bun.write(file, systemdUnit(spec));
      const p = Bun.spawnSync(["systemd-analyze", "verify", file], { stderr: "pipe", stdout: "pipe" });
      expect(p.stderr.toString()).toBe("");
      expect(p.exitCode).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
