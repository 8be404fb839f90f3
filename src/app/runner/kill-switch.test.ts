import { describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { listAlerts } from "../../adapters/sqlite/alerts-repo.ts";
import { openDatabase } from "../../adapters/sqlite/db.ts";
import { setState } from "../../adapters/sqlite/state-repo.ts";
import { UserError } from "../../core/errors.ts";
import { databasePath, withStore } from "../data/store.ts";
import { isKillSwitchOn, KILL_SWITCH_KEY, killSwitchForRisk, killSwitchStatus, KillSwitchWatcher, readKillSwitch, setKillSwitch } from "./kill-switch.ts";

const T = 1_700_000_000_000;

describe("kill switch", () => {
  test("never set reads as off with unknown time, not as a made-up change", () => {
    const db = openDatabase(":memory:");
    expect(readKillSwitch(db)).toEqual({ on: false, reason: null, at: null, by: null });
    expect(isKillSwitchOn(db)).toBe(false);
  });

  test("on needs no reason; off needs one; every change writes an alert row", () => {
    const db = openDatabase(":memory:");
    expect(setKillSwitch(db, { on: true, by: "cli:me@mac", now: T }).current).toEqual({ on: true, reason: null, at: T, by: "cli:me@mac" });
    expect(isKillSwitchOn(db)).toBe(true);
    expect(() => setKillSwitch(db, { on: false, reason: "  ", by: "cli:me@mac", now: T + 1 })).toThrow(UserError);
    expect(isKillSwitchOn(db)).toBe(true);
    const { previous, current } = setKillSwitch(db, { on: false, reason: "checked the positions", by: "cli:me@mac", now: T + 2 });
    expect(previous.on).toBe(true);
    expect(current).toEqual({ on: false, reason: "checked the positions", at: T + 2, by: "cli:me@mac" });
    const alerts = listAlerts(db, { kinds: ["kill-switch"] });
    expect(alerts.map((a) => [a.level, a.message])).toEqual([
      ["info", "kill switch off: new orders are allowed (by cli:me@mac: checked the positions)"],
      ["warn", "kill switch on: new orders are blocked (by cli:me@mac)"],
    ]);
  });

  test("an unreadable row counts as on: when in doubt, no orders", () => {
    const db = openDatabase(":memory:");
    setState(db, KILL_SWITCH_KEY, { on: "yes" }, T);
    const state = readKillSwitch(db);
    expect(state.on).toBe(true);
    expect(state.reason).toContain("unreadable kill-switch row");
  });

  test("the risk rules get on and the reason", () => {
    expect(killSwitchForRisk({ on: true, reason: "daily loss", at: T, by: "runner" })).toEqual({ on: true, reason: "daily loss" });
    expect(killSwitchForRisk({ on: false, reason: null, at: null, by: null })).toEqual({ on: false });
  });

  test("a watcher sees a change made through another connection at its next poll", () => {
    const file = path.join(tmpdir(), `rt-ks-${process.pid}-${Date.now()}.db`);
    const runner = openDatabase(file);
    const cli = openDatabase(file);
    const seen: boolean[] = [];
    const watcher = new KillSwitchWatcher(runner, { onChange: (now) => seen.push(now.on) });
    expect(watcher.poll().on).toBe(false);
    setKillSwitch(cli, { on: true, reason: "manual", by: "cli", now: T });
    expect(watcher.poll().on).toBe(true);
    expect(watcher.poll().on).toBe(true); // no second notification without a change
    expect(seen).toEqual([true]);
    runner.close();
    cli.close();
    for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  });

  test("status with no database creates nothing and says so (database null), not an invented history", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "rt-ks-status-"));
    try {
      const config = { dataDir: path.join(root, "data") };
      expect(await killSwitchStatus(config)).toEqual({ on: false, reason: null, at: null, by: null, database: null });
      expect(existsSync(config.dataDir)).toBe(false);
      expect(readdirSync(root)).toEqual([]);
      await withStore(config, (db) => setKillSwitch(db, { on: true, reason: "manual", by: "cli", now: T }));
      expect(await killSwitchStatus(config)).toEqual({ on: true, reason: "manual", at: T, by: "cli", database: path.resolve(databasePath(config)) });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
