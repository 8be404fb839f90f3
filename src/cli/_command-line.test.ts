import { describe, expect, test } from "bun:test";
import { checkCommandLine } from "./_command-line.ts";

const problem = async (line: string): Promise<string | undefined> => {
  try {
    await checkCommandLine(line.split(" "), "--args");
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
};

describe("checkCommandLine (service install --args)", () => {
  test("a good run command line passes", async () => {
    expect(await problem("run --broker paper --symbols AAPL,MSFT --fast 5 --slow 20")).toBeUndefined();
  });

  test("what run itself would refuse is refused now, naming --args and the line", async () => {
    expect(await problem("run --symbls AAPL")).toBe('--args "run --symbls AAPL": unknown flag --symbls for robotrader run; did you mean --symbols?');
    expect(await problem("run --broker ib")).toBe("--args \"run --broker ib\": --broker must be paper or ibkr, got 'ib'");
    expect(await problem("run --fast")).toBe('--args "run --fast": --fast needs a value: --fast VALUE or --fast=VALUE');
    expect(await problem("run --strategy nope")).toContain("unknown strategy 'nope'");
    expect(await problem("run --port 99999")).toContain("--port");
    expect(await problem("run --speed 3")).toContain("--speed and --start only apply with --sim");
  });

  test("an unknown command or a group without its subcommand is refused", async () => {
    expect(await problem("rnu --broker paper")).toStartWith(`--args "rnu --broker paper": unknown command 'rnu'; commands: run, backtest`);
    expect(await problem("data")).toStartWith('--args "data": robotrader data needs a subcommand: ');
  });
});
