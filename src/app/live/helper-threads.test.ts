import { expect, test } from "bun:test";
import { UserError } from "../../core/errors.ts";
import { RUNNER_SLICE_US, runnerSliceUs } from "./helper-threads.ts";

test("ROBOTRADER_RUNNER_SLICE_US: unset is the default slice, 0 is off, whole microseconds are taken; anything else names the variable", () => {
  expect(runnerSliceUs(undefined)).toBe(RUNNER_SLICE_US);
  expect(runnerSliceUs("")).toBe(RUNNER_SLICE_US);
  expect(runnerSliceUs("0")).toBe(0);
  expect(runnerSliceUs(" 250 ")).toBe(250);
  for (const bad of ["abc", "-5", "1.5", "1e3", "100us"]) {
    expect(() => runnerSliceUs(bad)).toThrow(UserError);
    expect(() => runnerSliceUs(bad)).toThrow(`ROBOTRADER_RUNNER_SLICE_US must be a whole number of microseconds (0 turns the short slice off), got '${bad}'`);
  }
});
