import { describe, expect, test } from "bun:test";
import path from "node:path";
import { tempDir } from "../src/config/_test-dir.ts";
import { envWithoutRobotrader, robotrader } from "./helpers/cli.ts";

/** Runs `bun src/main.ts ...args` in `cwd` with only the given ROBOTRADER_* variables. */
const cli = (args: string[], cwd: string, env: Record<string, string> = {}) => robotrader(args, { cwd, env: { ...envWithoutRobotrader(), ...env } });

const SECRET_TOML = `mode = "paper"
[gateway]
port = 4002
account_id = "DU1234567"
[dashboard]
token = "abcdefgh-0123456789"
`;

describe("robotrader config (end to end)", () => {
  test("config show --json reports each value with its source and masks secrets", async () => {
    const cwd = tempDir({ "robotrader.toml": SECRET_TOML });
    const r = await cli(["config", "show", "--json"], cwd, { ROBOTRADER_GATEWAY_CLIENT_ID: "23" });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.file).toBe(path.join(cwd, "robotrader.toml"));
    expect(out.config.gateway).toMatchObject({ port: 4002, clientId: 23, accountId: "DU12****" });
    expect(out.config.dashboard.token).toBe("abcd****");
    const entry = (key: string) => out.entries.find((e: { key: string }) => e.key === key);
    expect(entry("gateway.clientId")).toMatchObject({ value: 23, source: { kind: "env", name: "ROBOTRADER_GATEWAY_CLIENT_ID" } });
    expect(entry("gateway.port").source).toEqual({ kind: "file", path: path.join(cwd, "robotrader.toml"), line: 3 });
    expect(entry("risk.stopLossPct")).toMatchObject({ value: 5, source: { kind: "default" } });
    expect(r.stdout + r.stderr).not.toContain("DU1234567");
    expect(r.stdout + r.stderr).not.toContain("abcdefgh-0123456789");
  });

  test("config show prints a table with sources; plain `config` is the same", async () => {
    const cwd = tempDir({ "data/robotrader.toml": SECRET_TOML });
    const r = await cli(["config"], cwd);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Config file: ${path.join(cwd, "data", "robotrader.toml")}`);
    expect(r.stdout).toMatch(/gateway\.account_id\s+DU12\*\*\*\*\s+\S+robotrader\.toml:4/);
    expect(r.stdout).toMatch(/risk\.max_open_positions\s+10\s+default/);
    expect(r.stdout).not.toContain("DU1234567");
  });

  test("a bad file exits 2 naming the file, key, value and expected form", async () => {
    const cwd = tempDir({ "robotrader.toml": "[gateway]\nport = 99999\n" });
    const r = await cli(["config", "show", "--json"], cwd);
    expect(r.code).toBe(2);
    const message = `Invalid config in ${path.join(cwd, "robotrader.toml")} line 2: gateway.port = 99999, expected an integer 1..65535`;
    // Under --json the error is JSON on stdout as well as the line on stderr.
    const out = JSON.parse(r.stdout) as { error: string; message: string; exitCode: number };
    expect(out).toMatchObject({ error: "invalid-input", message, exitCode: 2 });
    expect(r.stderr).toContain(message);
  });

  test("a bad account id exits 2 with a readable expected form and the value itself not shown", async () => {
    const r = await cli(["config", "show"], tempDir(), { ROBOTRADER_ACCOUNT_ID: "du-123" });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "robotrader: Invalid config in environment variable ROBOTRADER_ACCOUNT_ID: gateway.account_id = (secret, 6 characters), " +
        "expected an IB account id: 1-3 capital letters, then 4 or more digits (paper accounts start with DU)\n",
    );
  });

  test("bad TOML syntax exits 2 naming the line", async () => {
    const cwd = tempDir({ "robotrader.toml": 'mode = "paper"\nsymbols = ["AAPL",\n' });
    const r = await cli(["config", "check"], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`Cannot parse ${path.join(cwd, "robotrader.toml")} line 2`);
  });

  test("a bad env number exits 2 naming the variable", async () => {
    const r = await cli(["config", "show"], tempDir(), { ROBOTRADER_RISK_MAX_OPEN_POSITIONS: "five" });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('environment variable ROBOTRADER_RISK_MAX_OPEN_POSITIONS: risk.max_open_positions = "five", expected an integer >= 0');
  });

  test("config check passes a good config and refuses a port/mode mismatch with exit 2", async () => {
    const ok = await cli(["config", "check"], tempDir());
    expect(ok.code).toBe(0);
    expect(ok.stdout).toStartWith("OK: none");
    const bad = await cli(["config", "check"], tempDir(), { ROBOTRADER_MODE: "live" });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('gateway.port = 4002 is the IB Gateway paper port but mode = "live"');
    const json = await cli(["config", "check", "--json"], tempDir(), { ROBOTRADER_MODE: "live", ROBOTRADER_ACCOUNT_ID: "DU1234567" });
    expect(json.code).toBe(2);
    const out = JSON.parse(json.stdout);
    expect(out.ok).toBe(false);
    expect(out.problems.map((p: { kind: string }) => p.kind)).toEqual(["account-mode-mismatch", "port-mode-mismatch"]);
    expect(json.stdout).not.toContain("DU1234567");
  });

  test("config path follows --config, then ROBOTRADER_CONFIG", async () => {
    const cwd = tempDir({ "a.toml": "", "b.toml": "", "robotrader.toml": "" });
    expect((await cli(["config", "path", "--config", "a.toml"], cwd, { ROBOTRADER_CONFIG: "b.toml" })).stdout.trim()).toBe(`${path.join(cwd, "a.toml")} (from --config)`);
    expect((await cli(["config", "path", "--json"], cwd, { ROBOTRADER_CONFIG: "b.toml" })).stdout).toContain(`"via": "env"`);
    const missing = await cli(["config", "path", "--config", "nope.toml"], cwd);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`Config file not found: ${path.join(cwd, "nope.toml")} (from --config)`);
  });

  test("a bad --log-format is a user error", async () => {
    const r = await cli(["config", "show", "--log-format", "xml"], tempDir());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Invalid --log-format "xml", expected pretty or json');
  });

  test("warnings go to stderr as JSON lines off a TTY, stdout stays valid JSON", async () => {
    const r = await cli(["config", "show", "--json"], tempDir(), { ROBOTRADER_GATEWAY_PROT: "1" });
    expect(r.code).toBe(0);
    expect(() => JSON.parse(r.stdout)).not.toThrow();
    const line = JSON.parse(r.stderr.trim().split("\n")[0]!);
    expect(line).toMatchObject({ level: "warn", msg: expect.stringContaining("ROBOTRADER_GATEWAY_PROT") });
  });
});
