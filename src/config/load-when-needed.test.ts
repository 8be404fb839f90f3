import { describe, expect, test } from "bun:test";
import * as v from "valibot";
import { tempDir } from "./_test-dir.ts";
import { CONFIG_PATHS, defaultConfig } from "./defaults.ts";
import { CONFIG_KEYS } from "./keys.ts";
import { loadConfig } from "./load.ts";
import { loadConfigWhenNeeded } from "./load-when-needed.ts";
import { ConfigError } from "./problem.ts";
import { AppConfigSchema } from "./schema.ts";

/** Every key path of a value, in order, nested ones dotted: the key order shows in JSON output. */
function keyPaths(value: unknown, prefix = ""): string[] {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return [];
  return Object.entries(value).flatMap(([k, x]) => [prefix + k, ...keyPaths(x, `${prefix}${k}.`)]);
}

describe("the written-out defaults", () => {
  test("are what the schema makes of an empty config, key order included", () => {
    const parsed = v.parse(AppConfigSchema, {});
    expect(defaultConfig()).toEqual(parsed);
    expect(keyPaths(defaultConfig())).toEqual(keyPaths(parsed));
    expect(JSON.stringify(defaultConfig())).toBe(JSON.stringify(parsed));
  });

  test("name every config key, in schema order", () => {
    expect(CONFIG_PATHS).toEqual(CONFIG_KEYS.map((k) => k.path));
  });

  test("are a fresh object each time (a caller may change its copy)", () => {
    const a = defaultConfig();
    a.symbols.push("XYZ");
    expect(defaultConfig().symbols).not.toContain("XYZ");
  });
});

describe("loadConfigWhenNeeded", () => {
  const same = async (options: Parameters<typeof loadConfig>[0]) => {
    const quick = await loadConfigWhenNeeded(options);
    const full = await loadConfig(options);
    expect(quick.config).toEqual(full.config);
    expect([...quick.sources]).toEqual([...full.sources]);
    expect(quick.warnings).toEqual(full.warnings);
    expect(quick.file).toEqual(full.file);
  };

  test("gives loadConfig's result with nothing configured, and with a file, a variable or a flag", async () => {
    await same({ cwd: tempDir(), env: {} });
    await same({ cwd: tempDir(), env: { ROBOTRADER_CONFIG: "" } });
    await same({ cwd: tempDir({ "robotrader.toml": "[gateway]\nport = 7497\n" }), env: {} });
    await same({ cwd: tempDir({ "data/robotrader.toml": "mode = \"paper\"\n" }), env: {} });
    await same({ cwd: tempDir(), env: { ROBOTRADER_GATEWAY_PORT: "4001" } });
    await same({ cwd: tempDir(), env: { ROBOTRADER_TYPO: "1" } });
    await same({ cwd: tempDir(), env: {}, overrides: { dataDir: "elsewhere" }, flagNames: { dataDir: "--data-dir" } });
    await same({ cwd: tempDir(), env: {}, overrides: { dataDir: undefined } });
  });

  test("fails as loadConfig does on a bad value or a missing --config file", async () => {
    const messages = async (p: Promise<unknown>) => p.then(() => [], (e: unknown) => (e instanceof ConfigError ? e.problems.map((x) => x.message) : ["not a ConfigError"]));
    for (const options of [
      { cwd: tempDir(), env: { ROBOTRADER_GATEWAY_PORT: "x" } },
      { cwd: tempDir(), env: {}, configPath: "missing.toml" },
      { cwd: tempDir({ "robotrader.toml": "[gateway]\nport = \"4002\"\n" }), env: {} },
    ]) {
      const quick = await messages(loadConfigWhenNeeded(options));
      expect(quick.length).toBeGreaterThan(0);
      expect(quick).toEqual(await messages(loadConfig(options)));
    }
  });
});
