import { describe, expect, test } from "bun:test";
import { checkAccountMode, checkModeConsistency, checkPortMode } from "./port-mode.ts";

describe("checkPortMode", () => {
  test("standard ports that match the mode pass", () => {
    for (const port of [4002, 7497]) expect(checkPortMode("paper", port)).toBeUndefined();
    for (const port of [4001, 7496]) expect(checkPortMode("live", port)).toBeUndefined();
  });

  test("a live port in paper mode is an error that says how to fix it", () => {
    expect(checkPortMode("paper", 7496)).toEqual({
      kind: "port-mode-mismatch", severity: "error", mode: "paper", port: 7496, portMode: "live",
      message: 'gateway.port = 7496 is the TWS live port but mode = "paper"; use port 4002 (IB Gateway paper) or 7497 (TWS paper), or set mode = "live" if you mean it',
    });
    expect(checkPortMode("live", 4002)).toMatchObject({ kind: "port-mode-mismatch", severity: "error", portMode: "paper" });
  });

  test("a custom port is allowed with a warning", () => {
    expect(checkPortMode("live", 5000)).toMatchObject({ kind: "nonstandard-port", severity: "warning", port: 5000 });
  });
});

describe("checkAccountMode", () => {
  test("paper accounts start with DU", () => {
    expect(checkAccountMode("paper", "DU1234567")).toBeUndefined();
    expect(checkAccountMode("live", "U1234567")).toBeUndefined();
    expect(checkAccountMode("live", undefined)).toBeUndefined();
  });

  test("a mismatch is an error that never shows the account id", () => {
    const live = checkAccountMode("live", "DU1234567");
    expect(live).toMatchObject({ kind: "account-mode-mismatch", severity: "error", accountMode: "paper" });
    expect(live?.message).not.toContain("1234567");
    expect(checkAccountMode("paper", "U7654321")?.message).toBe(
      'gateway.account_id is a live account (paper accounts start with DU) but mode = "paper"; configure the paper account id or set mode = "live"',
    );
  });
});

describe("checkModeConsistency", () => {
  test("lists errors before warnings and names where the values came from", () => {
    const sources = new Map([
      ["mode", { kind: "env", name: "ROBOTRADER_MODE" } as const],
      ["gateway.accountId", { kind: "file", path: "/x/robotrader.toml", line: 4 } as const],
    ]);
    const problems = checkModeConsistency({ mode: "live", gateway: { host: "h", port: 4100, clientId: 1, handshakeTimeoutMs: 100, accountId: "DU1234567" } }, sources);
    expect(problems.map((p) => p.kind)).toEqual(["account-mode-mismatch", "nonstandard-port"]);
    expect(problems[0]?.message).toEndWith("(gateway.account_id from /x/robotrader.toml:4; mode from env ROBOTRADER_MODE)");
    expect(problems[1]?.message).toEndWith("(gateway.port from default)");
  });

  test("a consistent config has no problems", () => {
    expect(checkModeConsistency({ mode: "paper", gateway: { host: "h", port: 4002, clientId: 1, handshakeTimeoutMs: 100 } })).toEqual([]);
  });
});
