import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { envWithoutRobotrader, MAIN, robotrader } from "./helpers/cli.ts";

// Usage mistakes a user makes at the command line: each is exit 2 with a message naming the
// mistake and what to do, never silently ignored, never a terminal color code in a pipe.
const cwd = mkdtempSync(path.join(tmpdir(), "rt-usage-"));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));
const env = envWithoutRobotrader();
const cli = (...args: string[]) => robotrader(args, { cwd, env });

describe("command-line usage errors", () => {
  test("a misspelt flag is refused with the closest real one, not ignored", async () => {
    const r = await cli("data", "list", "--jsn");
    expect(r).toEqual({
      code: 2,
      stdout: "",
      stderr: "robotrader: unknown flag --jsn for robotrader data list; did you mean --json?\nTry: robotrader data list --help\n",
    });
    const run = await cli("run", "--symbls", "AAPL", "--sim", "--for", "1s");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown flag --symbls for robotrader run; did you mean --symbols?");
    expect(readdirSync(cwd)).toEqual([]); // refused before anything started
  });

  test("declared flags in every spelling pass: --flag=value, --no-flag for booleans, short aliases, camelCase", async () => {
    for (const args of [
      ["market-status", "--at=2020-01-02T10:00", "--json", "-q"],
      ["market-status", "--at", "2020-01-02T10:00", "--log-format", "json", "-qv"],
      ["config", "show", "--logFormat", "json"],
      ["backtest", "--no-save", "--from", "2020-01-01", "--json", "--quiet"],
    ]) {
      const r = await cli(...args);
      expect({ args, code: r.code, stderr: r.stderr }).toEqual({ args, code: 0, stderr: "" });
    }
  });

  test("an extra argument is refused", async () => {
    const r = await cli("data", "list", "AAPL");
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("robotrader: unexpected argument 'AAPL' for robotrader data list\nTry: robotrader data list --help\n");
  });

  test("a group without its subcommand, or with an unknown one, lists the subcommands", async () => {
    let r = await cli("data");
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("robotrader: robotrader data needs a subcommand: import, list, export, fetch, delete, resample\nTry: robotrader data --help\n");
    r = await cli("data", "lst");
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("robotrader: unknown command 'lst' for robotrader data; did you mean list? Commands: import, list, export, fetch, delete, resample\nTry: robotrader data --help\n");
    r = await cli("bogus");
    expect(r.code).toBe(2);
    expect(r.stderr).toStartWith("robotrader: unknown command 'bogus' for robotrader. Commands: run, backtest,");
    expect(r.stderr).not.toContain("\x1b[");
  });

  test("a reader that stops early (| head) ends the output quietly: no stack, no error exit", async () => {
    for (const args of ["data export --symbol SPX", "data export --symbol SPX --json", "indicators --symbol SPX --json"]) {
      const script = `{ "$0" "$1" ${args}; echo "exit=$?" >&2; } | head -c 100 > /dev/null`;
      const proc = Bun.spawn(["sh", "-c", script, process.execPath, MAIN], { cwd, env, stdout: "pipe", stderr: "pipe" });
      const [stderr, code] = await Promise.all([new Response(proc.stderr).text(), proc.exited]);
      expect({ args, code, stderr }).toEqual({ args, code: 0, stderr: "exit=0\n" });
    }
  });

  test("with --log-format json, the error itself is a JSON log line too", async () => {
    const r = await cli("data", "import", "nope.csv", "--symbol", "AAPL", "--log-format", "json");
    expect(r.code).toBe(2);
    const lines = r.stderr.trimEnd().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toEqual([{ time: expect.any(String), level: "error", msg: "Cannot import nope.csv: no such file", exitCode: 2 }]);
    const usage = await cli("data", "list", "--jsn", "--log-format=json");
    expect(JSON.parse(usage.stderr)).toMatchObject({ level: "error", msg: "unknown flag --jsn for robotrader data list; did you mean --json?\nTry: robotrader data list --help", exitCode: 2 });
  });

  test("a missing required argument names it", async () => {
    const r = await cli("data", "import", "--symbol", "AAPL");
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("robotrader: Missing required positional argument: FILE\nTry: robotrader data import --help\n");
  });

  test("under --json every error is a JSON object on stdout too, for any command", async () => {
    const flag = await cli("data", "list", "--json", "--jsn");
    expect(flag.code).toBe(2);
    expect(JSON.parse(flag.stdout)).toEqual({
      error: "invalid-input",
      message: "unknown flag --jsn for robotrader data list; did you mean --json?\nTry: robotrader data list --help",
      exitCode: 2,
    });
    const config = await cli("backtest", "--json", "--config", "/dev/zero");
    expect(config.code).toBe(2);
    expect(JSON.parse(config.stdout)).toMatchObject({ error: "invalid-input", exitCode: 2, problems: [{ kind: "unreadable" }] });
    expect(config.stderr).toContain("Cannot read config file /dev/zero: is larger than 1 MiB");
  });
});
