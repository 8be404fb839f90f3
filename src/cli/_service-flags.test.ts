import { expect, test } from "bun:test";
import { UserError } from "../core/errors.ts";
import { parseEveryFlag, parsePlatformFlag, parseRetrainArgsFlag, parseServiceArgsFlag } from "./_service-flags.ts";

test("--args is split as a shell would; bad ones are user errors naming the flag", () => {
  expect(parseServiceArgsFlag(undefined)).toEqual(["run"]);
  expect(parseServiceArgsFlag(`run --broker "paper"`)).toEqual(["run", "--broker", "paper"]);
  expect(() => parseServiceArgsFlag(`run "x`)).toThrow(UserError);
  expect(() => parseServiceArgsFlag("  ")).toThrow("--args: expected a robotrader command line");
  expect(() => parseServiceArgsFlag("service install")).toThrow("--args: the service must run the trader");
});

test("--platform is launchd or systemd", () => {
  expect(parsePlatformFlag(undefined)).toBeUndefined();
  expect(parsePlatformFlag("systemd")).toBe("systemd");
  expect(() => parsePlatformFlag("windows")).toThrow("--platform: expected launchd or systemd, got 'windows'");
});

test("models schedule: --every is a period of at least 10 minutes; --args a train command line", () => {
  expect(parseEveryFlag(undefined)).toBe(86_400);
  expect(parseEveryFlag("6h")).toBe(21_600);
  expect(() => parseEveryFlag("5m")).toThrow("--every must be a duration like 6h, 1d or 7d (at least 10m), got '5m'");
  expect(parseRetrainArgsFlag(undefined)).toEqual(["train", "--promote-if-better"]);
  expect(() => parseRetrainArgsFlag("run --live")).toThrow("--args: the schedule runs a train command line");
});
