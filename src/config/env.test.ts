import { describe, expect, test } from "bun:test";
import { readEnv } from "./env.ts";
import { CONFIG_KEYS } from "./keys.ts";

describe("readEnv", () => {
  test("every config key has a variable, read by its kind", () => {
    const samples: Record<string, string> = { integer: "42", number: "1.5", list: "AAPL,MSFT", choice: "live", string: "x", boolean: "false", table: "{\"period\": 14}" };
    const env = Object.fromEntries(CONFIG_KEYS.map((k) => [k.env, samples[k.kind]!]));
    const layer = readEnv(env);
    expect(layer.problems).toEqual([]);
    expect(layer.values).toHaveLength(CONFIG_KEYS.length);
    const byPath = Object.fromEntries(layer.values.map((v) => [v.key.path, v.value]));
    expect(byPath["gateway.port"]).toBe(42);
    expect(byPath["risk.stopLossPct"]).toBe(1.5);
    expect(byPath.symbols).toEqual(["AAPL", "MSFT"]);
    expect(byPath.mode).toBe("live");
    expect(byPath.dataDir).toBe("x");
    expect(byPath["run.cancelOnShutdown"]).toBe(false);
  });

  test("empty variables count as unset; other programs' variables are ignored", () => {
    expect(readEnv({ ROBOTRADER_MODE: "", ROBOTRADER_GATEWAY_PORT: "  ", HOME: "/root", ROBOTRADER_CONFIG: "x.toml", ROBOTRADER_HUGE_PAGES: "0", ROBOTRADER_LOWER_HELPERS: "0", ROBOTRADER_RUNNER_SLICE_US: "250" })).toEqual({
      values: [],
      problems: [],
      warnings: [],
    });
  });

  test("an unknown ROBOTRADER_* variable is a warning naming it", () => {
    const { warnings, values } = readEnv({ ROBOTRADER_GATEWAY_PROT: "4002" });
    expect(values).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toStartWith("Unknown environment variable ROBOTRADER_GATEWAY_PROT ignored");
  });

  test("numbers are strict", () => {
    const bad = readEnv({ ROBOTRADER_RISK_MAX_POSITION_VALUE: "10k", ROBOTRADER_RISK_MAX_OPEN_POSITIONS: "3.0", ROBOTRADER_GATEWAY_PORT: "" });
    expect(bad.problems.map((p) => p.message)).toEqual([
      'Invalid config in environment variable ROBOTRADER_RISK_MAX_OPEN_POSITIONS: risk.max_open_positions = "3.0", expected an integer >= 0',
      'Invalid config in environment variable ROBOTRADER_RISK_MAX_POSITION_VALUE: risk.max_position_value = "10k", expected a number >= 0',
    ]);
    const good = readEnv({ ROBOTRADER_RISK_MAX_POSITION_VALUE: " 2500.50 ", ROBOTRADER_RISK_MAX_OPEN_POSITIONS: "+3" });
    expect(good.values.map((v) => v.value)).toEqual([3, 2500.5]);
  });

  test("the same value under both account id names is fine", () => {
    const { values, problems } = readEnv({ ROBOTRADER_ACCOUNT_ID: "DU1234567", ROBOTRADER_GATEWAY_ACCOUNT_ID: "DU1234567" });
    expect(problems).toEqual([]);
    expect(values).toHaveLength(1);
  });
});
