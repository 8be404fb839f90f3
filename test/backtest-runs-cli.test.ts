import { describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { envWithoutRobotrader, robotrader } from "./helpers/cli.ts";

describe("robotrader backtest list|show|report|rm|compare", () => {
  test("a saved-run subcommand runs alone (no backtest after it); a missing run is exit code 2", async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), "robotrader-runs-cli-"));
    const env = envWithoutRobotrader();
    const listed = await robotrader(["backtest", "list", "--json"], { cwd, env });
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual({ runs: [] });
    const again = await robotrader(["backtest", "list", "--json"], { cwd, env });
    expect(JSON.parse(again.stdout)).toEqual({ runs: [] }); // the first list saved no backtest
    const missing = await robotrader(["backtest", "show", "5"], { cwd, env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("No saved backtest run 5");
  });
});
