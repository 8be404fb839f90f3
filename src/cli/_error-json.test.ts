import { describe, expect, test } from "bun:test";
import { ConfigError } from "../config/problem.ts";
import { UserError } from "../core/errors.ts";
import { clipErrorLines, errorJson, MAX_ERROR_LINE_CHARS, userErrorDetails, wantsJson } from "./_error-json.ts";

describe("errors as JSON under --json", () => {
  test("--json counts as a flag only before --", () => {
    expect(wantsJson(["data", "list", "--json"])).toBe(true);
    expect(wantsJson(["data", "list", "--json=true"])).toBe(true);
    expect(wantsJson(["service", "install", "--", "--json"])).toBe(false);
    expect(wantsJson(["data", "list"])).toBe(false);
  });

  test("one shape: a user error with its config problems, an internal one without its stack", () => {
    const config = new ConfigError([{ kind: "syntax", message: "Cannot parse x line 1: y" }]);
    expect(errorJson(config.message, 2, userErrorDetails(config))).toEqual({
      error: "invalid-input", message: "Cannot parse x line 1: y", exitCode: 2, problems: [{ kind: "syntax", message: "Cannot parse x line 1: y" }],
    });
    expect(errorJson("bad", 2, userErrorDetails(new UserError("bad")))).toEqual({ error: "invalid-input", message: "bad", exitCode: 2 });
    expect(errorJson("fatal: Error: boom\n    at x", 1, { kind: "internal", jsonMessage: "boom" })).toEqual({ error: "internal", message: "boom", exitCode: 1 });
  });

  test("a message quoting a huge value is cut line by line; short lines stay whole", () => {
    const name = "x".repeat(1_000_000);
    const line = `unknown strategy '${name}': expected one of sma-cross`;
    const clipped = clipErrorLines(`${line}\nTry: robotrader backtest --help`);
    const [first, second] = clipped.split("\n");
    expect(first!.length).toBeLessThan(MAX_ERROR_LINE_CHARS + 50);
    expect(first).toStartWith("unknown strategy 'xxx");
    expect(first).toEndWith(`... (${line.length - MAX_ERROR_LINE_CHARS} more characters)`);
    expect(second).toBe("Try: robotrader backtest --help");
  });
});
