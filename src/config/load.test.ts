import { describe, expect, test } from "bun:test";
import path from "node:path";
import { tempDir } from "./_test-dir.ts";
import { loadConfig } from "./load.ts";
import { ConfigError } from "./problem.ts";
import { DEFAULT_SYMBOLS } from "./schema.ts";

async function problemsOf(promise: Promise<unknown>): Promise<string[]> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => p.message);
    throw error;
  }
  throw new Error("expected a ConfigError");
}

const FILE = `mode = "paper"
symbols = ["AAPL", "MSFT"]
data_dir = "var/data"

[gateway]
port = 7497
client_id = 5

[risk]
max_open_positions = 3
`;

describe("loadConfig precedence: default < file < env < flag", () => {
  test("with nothing set, every value is the default and says so", async () => {
    const cwd = tempDir();
    const loaded = await loadConfig({ cwd, env: {} });
    expect(loaded.file).toBeUndefined();
    expect(loaded.config.symbols).toEqual([...DEFAULT_SYMBOLS]);
    expect(loaded.config.gateway.port).toBe(4002);
    expect(loaded.config.dashboard).toEqual({ host: "127.0.0.1", port: 5555 });
    expect([...loaded.sources.values()].every((s) => s.kind === "default")).toBe(true);
  });

  test("the file overrides defaults, snake_case keys map to camelCase, each value knows its line", async () => {
    const cwd = tempDir({ "robotrader.toml": FILE });
    const loaded = await loadConfig({ cwd, env: {} });
    const file = path.join(cwd, "robotrader.toml");
    expect(loaded.config.symbols).toEqual(["AAPL", "MSFT"]);
    expect(loaded.config.dataDir).toBe("var/data");
    expect(loaded.config.gateway.clientId).toBe(5);
    expect(loaded.config.risk.maxOpenPositions).toBe(3);
    expect(loaded.config.risk.maxDailyTradesPerSymbol).toBe(4);
    expect(loaded.sources.get("gateway.clientId")).toEqual({ kind: "file", path: file, line: 7 });
    expect(loaded.sources.get("risk.maxOpenPositions")).toEqual({ kind: "file", path: file, line: 10 });
    expect(loaded.sources.get("gateway.host")).toEqual({ kind: "default" });
  });

  test("env overrides the file and flags override env; numbers and lists are parsed from text", async () => {
    const cwd = tempDir({ "robotrader.toml": FILE });
    const env = {
      ROBOTRADER_GATEWAY_PORT: "4002",
      ROBOTRADER_GATEWAY_CLIENT_ID: "9",
      ROBOTRADER_SYMBOLS: "TSLA, NVDA",
      ROBOTRADER_RISK_STOP_LOSS_PCT: "2.5",
    };
    const loaded = await loadConfig({ cwd, env, overrides: { "gateway.clientId": 11, "risk.maxOpenPositions": "7", "gateway.host": undefined } });
    expect(loaded.config.gateway.port).toBe(4002);
    expect(loaded.config.symbols).toEqual(["TSLA", "NVDA"]);
    expect(loaded.config.risk.stopLossPct).toBe(2.5);
    expect(loaded.config.gateway.clientId).toBe(11);
    expect(loaded.config.risk.maxOpenPositions).toBe(7);
    expect(loaded.sources.get("gateway.port")).toEqual({ kind: "env", name: "ROBOTRADER_GATEWAY_PORT" });
    expect(loaded.sources.get("gateway.clientId")).toEqual({ kind: "flag", name: "--gateway-client-id" });
    expect(loaded.sources.get("gateway.host")).toEqual({ kind: "default" });
    expect(loaded.sources.get("mode")?.kind).toBe("file");
  });

  test("every key can be set from the environment: booleans too", async () => {
    const env = { ROBOTRADER_RUN_CANCEL_ON_SHUTDOWN: "true", ROBOTRADER_RISK_KILL_SWITCH_ALLOWS_REDUCING: "Yes" };
    const loaded = await loadConfig({ cwd: tempDir(), env, overrides: { "run.cancelOnShutdown": "0" } });
    expect(loaded.config.risk.killSwitchAllowsReducing).toBe(true);
    expect(loaded.config.run.cancelOnShutdown).toBe(false);
    expect(loaded.sources.get("risk.killSwitchAllowsReducing")).toEqual({ kind: "env", name: "ROBOTRADER_RISK_KILL_SWITCH_ALLOWS_REDUCING" });
    expect(await problemsOf(loadConfig({ cwd: tempDir(), env: { ROBOTRADER_RUN_CANCEL_ON_SHUTDOWN: "maybe" } }))).toEqual([
      'Invalid config in environment variable ROBOTRADER_RUN_CANCEL_ON_SHUTDOWN: run.cancel_on_shutdown = "maybe", expected true or false',
    ]);
  });

  test("a flag is reported under the name the command gave it", async () => {
    const loaded = await loadConfig({ cwd: tempDir(), env: {}, overrides: { "gateway.port": 7497 }, flagNames: { "gateway.port": "--port" } });
    expect(loaded.sources.get("gateway.port")).toEqual({ kind: "flag", name: "--port" });
  });

  test("ROBOTRADER_ACCOUNT_ID is an alias of ROBOTRADER_GATEWAY_ACCOUNT_ID", async () => {
    const loaded = await loadConfig({ cwd: tempDir(), env: { ROBOTRADER_ACCOUNT_ID: "DU1234567" } });
    expect(loaded.config.gateway.accountId).toBe("DU1234567");
    expect(loaded.sources.get("gateway.accountId")).toEqual({ kind: "env", name: "ROBOTRADER_ACCOUNT_ID" });
  });

  test("an override for a key that does not exist is a programming error, not user input", async () => {
    await expect(loadConfig({ cwd: tempDir(), env: {}, overrides: { "gateway.prot": 1 } })).rejects.toThrow('unknown config key "gateway.prot"');
  });
});

describe("loadConfig errors name the source, key, bad value and expected form", () => {
  test("out of range in the file", async () => {
    const cwd = tempDir({ "robotrader.toml": "[gateway]\nport = 99999\n" });
    const file = path.join(cwd, "robotrader.toml");
    expect(await problemsOf(loadConfig({ cwd, env: {} }))).toEqual([
      `Invalid config in ${file} line 2: gateway.port = 99999, expected an integer 1..65535`,
    ]);
  });

  test("wrong type in the file", async () => {
    const cwd = tempDir({ "robotrader.toml": '[risk]\nmax_open_positions = "five"\n' });
    expect(await problemsOf(loadConfig({ cwd, env: {} }))).toEqual([
      `Invalid config in ${path.join(cwd, "robotrader.toml")} line 2: risk.max_open_positions = "five", expected an integer >= 0`,
    ]);
  });

  test("a number, boolean or list written as a string in the file says how to write it", async () => {
    const cwd = tempDir({ "robotrader.toml": 'symbols = "aapl, MSFT"\n[gateway]\nport = "4002"\n[run]\ncancel_on_shutdown = "true"\n' });
    const file = path.join(cwd, "robotrader.toml");
    expect(await problemsOf(loadConfig({ cwd, env: {} }))).toEqual([
      `Invalid config in ${file} line 1: symbols = "aapl, MSFT", expected a non-empty list, each a ticker like AAPL or BRK.B; write it as a list: symbols = ["aapl", "MSFT"]`,
      `Invalid config in ${file} line 3: gateway.port = "4002", expected an integer 1..65535; write it without quotes: port = 4002`,
      `Invalid config in ${file} line 5: run.cancel_on_shutdown = "true", expected true or false; write it without quotes: cancel_on_shutdown = true`,
    ]);
  });

  test("bad symbol names the item", async () => {
    const cwd = tempDir({ "robotrader.toml": 'symbols = ["AAPL", "MS FT"]\n' });
    const [message] = await problemsOf(loadConfig({ cwd, env: {} }));
    expect(message).toContain('symbols[1] = "MS FT", expected a ticker like AAPL or BRK.B');
  });

  test("symbols are upper-cased, as everywhere else on the command line", async () => {
    const cwd = tempDir({ "robotrader.toml": 'symbols = ["aapl", "brk.b"]\n' });
    expect((await loadConfig({ cwd, env: {} })).config.symbols).toEqual(["AAPL", "BRK.B"]);
    expect((await loadConfig({ cwd, env: { ROBOTRADER_SYMBOLS: "tsla, nvda" } })).config.symbols).toEqual(["TSLA", "NVDA"]);
  });

  test("an empty symbol list is refused", async () => {
    const [message] = await problemsOf(loadConfig({ cwd: tempDir(), env: { ROBOTRADER_SYMBOLS: " , " } }));
    expect(message).toBe("Invalid config in environment variable ROBOTRADER_SYMBOLS: symbols = [], expected a non-empty list, each a ticker like AAPL or BRK.B");
  });

  test("bad mode from env", async () => {
    expect(await problemsOf(loadConfig({ cwd: tempDir(), env: { ROBOTRADER_MODE: "real" } }))).toEqual([
      'Invalid config in environment variable ROBOTRADER_MODE: mode = "real", expected "paper" or "live"',
    ]);
  });

  test("bad number in env is refused strictly", async () => {
    for (const bad of ["40o2", "0x10", "4002abc", "1.5"]) {
      expect(await problemsOf(loadConfig({ cwd: tempDir(), env: { ROBOTRADER_GATEWAY_PORT: bad } }))).toEqual([
        `Invalid config in environment variable ROBOTRADER_GATEWAY_PORT: gateway.port = "${bad}", expected an integer 1..65535`,
      ]);
    }
  });

  test("bad flag value names the flag", async () => {
    const problems = await problemsOf(loadConfig({ cwd: tempDir(), env: {}, overrides: { "gateway.port": "abc" }, flagNames: { "gateway.port": "--port" } }));
    expect(problems).toEqual(['Invalid config in flag --port: gateway.port = "abc", expected an integer 1..65535']);
  });

  test("all problems are collected, from every source", async () => {
    const cwd = tempDir({ "robotrader.toml": "mode = \"demo\"\n[gateway]\nclinet_id = 3\n[risk]\nstop_loss_pct = 150\n" });
    const problems = await problemsOf(loadConfig({ cwd, env: { ROBOTRADER_DASHBOARD_PORT: "x" } }));
    expect(problems).toHaveLength(4);
    expect(problems.join("\n")).toContain("Unknown key gateway.clinet_id");
    expect(problems.join("\n")).toContain("ROBOTRADER_DASHBOARD_PORT");
    expect(problems.join("\n")).toContain("risk.stop_loss_pct = 150, expected a number 0..100");
    expect(problems.join("\n")).toContain('mode = "demo"');
  });

  test("a secret's bad value is never echoed", async () => {
    const [message] = await problemsOf(loadConfig({ cwd: tempDir(), env: { ROBOTRADER_DASHBOARD_TOKEN: "hunter2" } }));
    expect(message).toBe("Invalid config in environment variable ROBOTRADER_DASHBOARD_TOKEN: dashboard.token = (secret, 7 characters), expected a string of at least 16 characters");
    expect(message).not.toContain("hunter2");
  });

  test("the two account id variables must agree", async () => {
    const problems = await problemsOf(loadConfig({ cwd: tempDir(), env: { ROBOTRADER_ACCOUNT_ID: "DU1111111", ROBOTRADER_GATEWAY_ACCOUNT_ID: "DU2222222" } }));
    expect(problems).toEqual(["Conflicting environment variables ROBOTRADER_ACCOUNT_ID and ROBOTRADER_GATEWAY_ACCOUNT_ID both set gateway.account_id to different values; set only one"]);
  });

  test("ConfigError is a UserError (exit 2) whose message lists every problem", async () => {
    const error = await loadConfig({ cwd: tempDir(), env: { ROBOTRADER_MODE: "x", ROBOTRADER_GATEWAY_PORT: "0" } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).exitCode).toBe(2);
    expect((error as ConfigError).message).toStartWith("2 config problems:\n  - ");
  });
});

describe("loadConfig reads a bounded amount", () => {
  test("--config /dev/zero stops at the size limit with a clear error, not 'not found'", async () => {
    const [message] = await problemsOf(loadConfig({ cwd: tempDir(), env: {}, configPath: "/dev/zero" }));
    expect(message).toBe("Cannot read config file /dev/zero: is larger than 1 MiB; a robotrader.toml is a few kilobytes");
  });

  test("a directory given as the config file says so", async () => {
    const cwd = tempDir();
    const [message] = await problemsOf(loadConfig({ cwd, env: {}, configPath: cwd }));
    expect(message).toBe(`Cannot read config file ${cwd}: is a directory, not a file`);
  });
});
