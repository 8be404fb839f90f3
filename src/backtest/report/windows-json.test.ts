import { describe, expect, test } from "bun:test";
import { windowsFromJson, windowsToJson } from "./windows-json.ts";
import type { WalkForwardWindows } from "./windows.ts";

const DAY = 86_400_000;
const T0 = Date.UTC(2020, 0, 2);
const table: WalkForwardWindows = {
  objective: "profitFactor",
  rows: [
    { index: 0, trainFrom: T0, trainTo: T0 + 99 * DAY, testFrom: T0 + 100 * DAY, testTo: T0 + 149 * DAY, heldTo: T0 + 179 * DAY, params: { fast: 5, slow: 30 }, inSampleScore: Infinity, testReturn: 0.031, testSharpe: null, testMaxDrawdown: 0.12 },
    { index: 1, trainFrom: T0 + 80 * DAY, trainTo: T0 + 179 * DAY, testFrom: T0 + 180 * DAY, testTo: T0 + 200 * DAY, heldTo: null, params: { fast: 10, slow: 30 }, inSampleScore: null, testReturn: -0.02, testSharpe: -0.4, testMaxDrawdown: null },
  ],
};

describe("saved walk-forward windows JSON", () => {
  test("round-trips through JSON text: held-to dates, nulls and infinite scores included", () => {
    expect(windowsFromJson(JSON.parse(JSON.stringify(windowsToJson(table))))).toEqual({ ok: true, windows: table });
  });

  test("damaged fields are named with their window", () => {
    const json = windowsToJson(table);
    const row = json.rows[1]!;
    const withRow = (changed: object) => ({ ...json, rows: [json.rows[0], { ...row, ...changed }] });
    expect(windowsFromJson({ ...json, objective: "luck" })).toMatchObject({ ok: false, error: expect.stringContaining("objective \"luck\"") });
    expect(windowsFromJson({ ...json, rows: [] })).toEqual({ ok: false, error: "rows is not a list of windows" });
    expect(windowsFromJson(withRow({ test: [1] }))).toEqual({ ok: false, error: "window 2: test is not [from, to] times" });
    expect(windowsFromJson(withRow({ params: { fast: "5" } }))).toEqual({ ok: false, error: "window 2: params is not an object of numbers" });
    expect(windowsFromJson(withRow({ testReturn: "x" }))).toEqual({ ok: false, error: "window 2: testReturn \"x\" is not a number" });
    expect(windowsFromJson(null)).toEqual({ ok: false, error: "not an object" });
  });
});
