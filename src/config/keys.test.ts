import { describe, expect, test } from "bun:test";
import * as v from "valibot";
import { CONFIG_KEYS, ENV_ALIASES, KEY_BY_PATH } from "./keys.ts";
import { AppConfigSchema, SECRET_KEYS } from "./schema.ts";

describe("config keys", () => {
  test("every leaf of the schema has a key, and defaults match the schema's", () => {
    const defaults = v.parse(AppConfigSchema, {});
    const leaves: string[] = [];
    const walk = (obj: Record<string, unknown>, prefix: string) => {
      for (const [k, val] of Object.entries(obj)) {
        const p = prefix + k;
        if (typeof val === "object" && val !== null && !Array.isArray(val)) walk(val as Record<string, unknown>, p + ".");
        else leaves.push(p);
      }
    };
    walk(defaults, "");
    const at = (path: string) => path.split(".").reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], defaults);
    for (const leaf of leaves) expect(KEY_BY_PATH.get(leaf)?.defaultValue).toEqual(at(leaf));
    // Keys without a default (secrets) are listed too.
    expect(CONFIG_KEYS.map((k) => k.path)).toEqual(expect.arrayContaining(["gateway.accountId", "dashboard.token", ...leaves]));
  });

  test("TOML and env spellings follow one rule and never collide", () => {
    expect(KEY_BY_PATH.get("gateway.clientId")).toMatchObject({ toml: "gateway.client_id", env: "ROBOTRADER_GATEWAY_CLIENT_ID", kind: "integer" });
    expect(KEY_BY_PATH.get("risk.maxOpenPositions")).toMatchObject({ toml: "risk.max_open_positions", env: "ROBOTRADER_RISK_MAX_OPEN_POSITIONS" });
    expect(KEY_BY_PATH.get("dataDir")).toMatchObject({ toml: "data_dir", env: "ROBOTRADER_DATA_DIR", kind: "string" });
    expect(KEY_BY_PATH.get("symbols")?.kind).toBe("list");
    expect(KEY_BY_PATH.get("mode")?.kind).toBe("choice");
    expect(KEY_BY_PATH.get("risk.stopLossPct")?.kind).toBe("number");
    const envs = [...CONFIG_KEYS.map((k) => k.env), ...Object.keys(ENV_ALIASES)];
    expect(new Set(envs).size).toBe(envs.length);
    for (const k of CONFIG_KEYS) expect(k.toml).toMatch(/^[a-z_]+(\.[a-z_]+)?$/);
  });

  test("secret keys are the schema's SECRET_KEYS", () => {
    expect(CONFIG_KEYS.filter((k) => k.secret).map((k) => k.path).sort()).toEqual([...SECRET_KEYS].sort());
  });

  test("expected forms are read from the schema", () => {
    expect(KEY_BY_PATH.get("gateway.port")?.expected).toBe("an integer 1..65535");
    expect(KEY_BY_PATH.get("risk.maxOpenPositions")?.expected).toBe("an integer >= 0");
    expect(KEY_BY_PATH.get("risk.takeProfitPct")?.expected).toBe("a number 0..100");
    expect(KEY_BY_PATH.get("mode")?.expected).toBe('"paper" or "live"');
    expect(KEY_BY_PATH.get("gateway.accountId")?.expected).toBe("an IB account id: 1-3 capital letters, then 4 or more digits (paper accounts start with DU)");
    expect(KEY_BY_PATH.get("dashboard.token")?.expected).toBe("a string of at least 16 characters");
  });
});
