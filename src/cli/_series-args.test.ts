import { describe, expect, test } from "bun:test";
import { dateArg, rangeArgs } from "./_series-args.ts";

describe("date flags", () => {
  test("an error names the flag given (--train-end, not --to); a date alone as an end is the end of that day", () => {
    expect(() => dateArg("--train-end", "2150-01-01", true)).toThrow("--train-end must be a date in or before 2100, got '2150-01-01'");
    expect(() => dateArg("--train-end", "soon", true)).toThrow("--train-end must be a date or time like");
    expect(dateArg("--train-end", "2015-12-31", true)).toBe(Date.UTC(2016, 0, 1) - 1);
    expect(rangeArgs("2015-01-01", undefined)).toEqual({ from: Date.UTC(2015, 0, 1) });
    expect(() => rangeArgs(undefined, "x")).toThrow("--to must be a date or time like");
  });
});
