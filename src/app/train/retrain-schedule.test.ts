import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ServiceHost } from "../runner/service.ts";
import { scheduleRetrain } from "./retrain-schedule.ts";

const home = mkdtempSync(path.join(os.tmpdir(), "rt-retrain-"));
afterAll(() => rmSync(home, { recursive: true, force: true }));
const host = (platform: string): ServiceHost => ({ platform, home, uid: 501, cwd: home, execPath: "/opt/robotrader", mainPath: "/$bunfs/root/main.js", env: {} });

describe("scheduled retraining", () => {
  test("systemd: a oneshot train --promote-if-better and its timer, enabled; unschedule removes them", async () => {
    const ran: string[] = [];
    const exec = (argv: readonly string[]) => (ran.push(argv.join(" ")), { code: 0, stdout: "", stderr: "" });
    const r = await scheduleRetrain({ action: "schedule", everySeconds: 6 * 3600, args: ["train", "--symbols", "SPX", "--label", "fwd-ret:5"], dryRun: false, dataDir: "data" }, host("linux"), exec);
    expect(r.programArguments).toEqual(["/opt/robotrader", "train", "--symbols", "SPX", "--label", "fwd-ret:5", "--promote-if-better", "--quiet"]);
    const service = readFileSync(path.join(home, ".config/systemd/user/robotrader-retrain.service"), "utf8");
    expect(service).toContain("Type=oneshot");
    expect(service).toContain("ExecStart=/opt/robotrader train --symbols SPX --label fwd-ret:5 --promote-if-better --quiet");
    expect(readFileSync(path.join(home, ".config/systemd/user/robotrader-retrain.timer"), "utf8")).toContain("OnUnitActiveSec=21600s");
    expect(ran).toEqual(["systemctl --user daemon-reload", "systemctl --user enable --now robotrader-retrain.timer"]);
    await scheduleRetrain({ action: "unschedule", dryRun: false, dataDir: "data" }, host("linux"), exec);
    expect(existsSync(path.join(home, ".config/systemd/user/robotrader-retrain.timer"))).toBe(false);
    expect(ran.at(-2)).toBe("systemctl --user disable --now robotrader-retrain.timer");
  });

  test("launchd: one agent with StartInterval; a dry run writes nothing", async () => {
    const r = await scheduleRetrain({ action: "schedule", everySeconds: 86_400, dryRun: true, dataDir: "data" }, host("darwin"), () => {
      throw new Error("a dry run runs nothing");
    });
    expect(r.files.length).toBe(1);
    expect(r.files[0]!.text).toContain("<key>StartInterval</key>\n    <integer>86400</integer>");
    expect(existsSync(r.files[0]!.path)).toBe(false);
  });
});
