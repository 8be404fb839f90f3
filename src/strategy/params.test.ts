import { describe, expect, test } from "bun:test";
import * as v from "valibot";
import { describeParams, parseParams } from "./params.ts";

const schema = v.object({
  period: v.optional(v.pipe(v.number(), v.integer(), v.minValue(2), v.maxValue(200), v.description("Bars")), 14),
  width: v.optional(v.number(), 1.5),
  mode: v.optional(v.picklist(["fast", "slow"]), "fast"),
  short: v.optional(v.boolean(), false),
  model: v.string(),
});

describe("strategy parameters from a valibot schema", () => {
  test("describes each parameter: type, bounds, default, options, description", () => {
    expect(describeParams(schema)).toEqual([
      { name: "period", description: "Bars", type: "integer", default: 14, min: 2, max: 200 },
      { name: "width", description: "", type: "number", default: 1.5 },
      { name: "mode", description: "", type: "enum", default: "fast", options: ["fast", "slow"] },
      { name: "short", description: "", type: "boolean", default: false },
      { name: "model", description: "", type: "string", default: undefined },
    ]);
  });

  test("text from flags becomes the number or boolean the schema wants; defaults fill the rest", () => {
    expect(parseParams("s", schema, { period: "20", short: "true", model: "m1" })).toEqual({ period: 20, width: 1.5, mode: "fast", short: true, model: "m1" });
    expect(parseParams("s", schema, { width: 2, mode: "slow", model: "m1" })).toMatchObject({ width: 2, mode: "slow" });
  });

  test("a bad value, a missing required one and an unknown name each say which parameter and what was given", () => {
    expect(() => parseParams("s", schema, { period: "1", model: "m" })).toThrow("strategy s: parameter 'period': Invalid value: Expected >=2 but received 1 (got '1')");
    expect(() => parseParams("s", schema, { mode: "medium", model: "m" })).toThrow(/parameter 'mode': Invalid type: Expected \("fast" \| "slow"\)/);
    expect(() => parseParams("s", schema, {})).toThrow(/parameter 'model': Invalid key: Expected "model"/);
    expect(() => parseParams("s", schema, { perod: 3, model: "m" })).toThrow("strategy s: unknown parameter 'perod' (its parameters: period, width, mode, short, model)");
  });
});
