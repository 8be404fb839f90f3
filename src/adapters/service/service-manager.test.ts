import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdtemp, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { UserError } from "../../core/errors.ts";
import { awkwardSpec } from "./_spec-fixture.ts";
import { installService, serviceStatus, uninstallService, type CommandResult, type Exec } from "./service-manager.ts";

let home: string;
beforeEach(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), "rt-svc-"));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

/** Records commands instead of touching launchd/systemd; answers by the command's first words. */
function recorder(answers: Record<string, Partial<CommandResult>> = {}) {
  const ran: string[] = [];
  const exec: Exec = (argv) => {
    const line = argv.join(" ");
    ran.push(line);
    const key = Object.keys(answers).find((k) => line.startsWith(k));
    return { code: 0, stdout: "", stderr: "", ...(key ? answers[key] : {}) };
  };
  return { ran, exec };
}

const specIn = (dir: string) =>
  awkwardSpec({ workingDirectory: dir, stdoutPath: path.join(dir, "data/logs/runner.out.log"), stderrPath: path.join(dir, "data/logs/runner.err.log") });

describe("service manager", () => {
  test("systemd install writes the unit (0644) and the log folder, then reloads and enables", async () => {
    const { ran, exec } = recorder();
    const r = await installService(specIn(home), { kind: "systemd", home, uid: 501, dryRun: false, exec });
    expect(r.file).toBe(path.join(home, ".config/systemd/user/robotrader.service"));
    expect(await Bun.file(r.file).text()).toBe(r.text);
    expect((await stat(r.file)).mode & 0o777).toBe(0o644);
    expect((await stat(path.join(home, "data/logs"))).isDirectory()).toBe(true);
    expect(ran).toEqual(["systemctl --user daemon-reload", "systemctl --user enable --now robotrader.service"]);
  });

  test("launchd install boots out an old copy (tolerating 'not loaded') and bootstraps into gui/<uid>", async () => {
    const { ran, exec } = recorder({ "launchctl bootout": { code: 3, stderr: "Boot-out failed: 3: No such process" } });
    const r = await installService(specIn(home), { kind: "launchd", home, uid: 501, dryRun: false, exec });
    expect(r.file).toBe(path.join(home, "Library/LaunchAgents/com.robotrader.runner.plist"));
    expect(ran).toEqual([
      "launchctl bootout gui/501/com.robotrader.runner",
      "launchctl enable gui/501/com.robotrader.runner",
      `launchctl bootstrap gui/501 ${r.file}`,
    ]);
    expect(r.steps[0]?.result?.code).toBe(3);
  });

  test("a failing required command is a clear error with its output", async () => {
    const { exec } = recorder({ "systemctl --user daemon-reload": { code: 1, stderr: "Failed to connect to bus: No medium found" } });
    const attempt = installService(specIn(home), { kind: "systemd", home, uid: 0, dryRun: false, exec });
    await expect(attempt).rejects.toThrow(UserError);
    await expect(attempt).rejects.toThrow("'systemctl --user daemon-reload' failed (exit 1): Failed to connect to bus");
  });

  test("dry run writes nothing and runs nothing, but lists the plan", async () => {
    const { ran, exec } = recorder();
    const r = await installService(specIn(home), { kind: "systemd", home, uid: 0, dryRun: true, exec });
    expect(ran).toEqual([]);
    expect(await Bun.file(r.file).exists()).toBe(false);
    expect(r.steps.map((s) => s.command)).toEqual(["systemctl --user daemon-reload", "systemctl --user enable --now robotrader.service"]);
  });

  test("uninstall stops, removes the file and reloads; status reports installed or not", async () => {
    const { ran, exec } = recorder({ "systemctl --user status": { code: 3, stdout: "inactive (dead)" } });
    const target = { kind: "systemd" as const, home, uid: 0, dryRun: false, exec };
    await installService(specIn(home), target);
    const status = await serviceStatus(target);
    expect(status.installed).toBe(true);
    expect(status.steps.at(-1)?.result).toMatchObject({ code: 3, stdout: "inactive (dead)" });
    const u = await uninstallService(target);
    expect(u.existed).toBe(true);
    expect(await Bun.file(u.file).exists()).toBe(false);
    expect(ran.slice(-2)).toEqual(["systemctl --user disable --now robotrader.service", "systemctl --user daemon-reload"]);
    expect((await serviceStatus(target)).installed).toBe(false);
  });
});
