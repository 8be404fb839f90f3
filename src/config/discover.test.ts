import { describe, expect, test } from "bun:test";
import path from "node:path";
import { tempDir } from "./_test-dir.ts";
import { findConfigFile } from "./discover.ts";
import { ConfigError } from "./problem.ts";

const ALL = { "flag.toml": "", "env.toml": "", "robotrader.toml": "", "data/robotrader.toml": "" };

describe("findConfigFile: --config, then $ROBOTRADER_CONFIG, then ./robotrader.toml, then data/robotrader.toml", () => {
  test("--config wins over everything", async () => {
    const cwd = tempDir(ALL);
    expect(await findConfigFile({ flag: "flag.toml", env: { ROBOTRADER_CONFIG: "env.toml" }, cwd })).toEqual({ path: path.join(cwd, "flag.toml"), via: "flag" });
  });

  test("then ROBOTRADER_CONFIG", async () => {
    const cwd = tempDir(ALL);
    expect(await findConfigFile({ env: { ROBOTRADER_CONFIG: "env.toml" }, cwd })).toEqual({ path: path.join(cwd, "env.toml"), via: "env" });
  });

  test("then ./robotrader.toml", async () => {
    const cwd = tempDir(ALL);
    expect(await findConfigFile({ env: {}, cwd })).toEqual({ path: path.join(cwd, "robotrader.toml"), via: "cwd" });
  });

  test("then data/robotrader.toml", async () => {
    const cwd = tempDir({ "data/robotrader.toml": "" });
    expect(await findConfigFile({ env: {}, cwd })).toEqual({ path: path.join(cwd, "data", "robotrader.toml"), via: "data" });
  });

  test("no file at all is fine: defaults apply", async () => {
    expect(await findConfigFile({ env: {}, cwd: tempDir() })).toBeUndefined();
  });

  test("a file named explicitly may be a device or a pipe: --config /dev/null, --config <(...)", async () => {
    expect(await findConfigFile({ flag: "/dev/null", env: {}, cwd: tempDir(ALL) })).toEqual({ path: "/dev/null", via: "flag" });
  });

  test("a file named explicitly must exist", async () => {
    const cwd = tempDir(ALL);
    const fromFlag = await findConfigFile({ flag: "nope.toml", env: {}, cwd }).catch((e: unknown) => e);
    expect(fromFlag).toBeInstanceOf(ConfigError);
    expect((fromFlag as Error).message).toBe(`Config file not found: ${path.join(cwd, "nope.toml")} (from --config)`);
    const fromEnv = await findConfigFile({ env: { ROBOTRADER_CONFIG: "/nowhere/x.toml" }, cwd }).catch((e: unknown) => e);
    expect((fromEnv as Error).message).toBe("Config file not found: /nowhere/x.toml (from ROBOTRADER_CONFIG)");
  });
});
