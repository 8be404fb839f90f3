import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import * as v from "valibot";
import { AppConfigSchema } from "../../config/schema.ts";
import { loadAll } from "../backtest/backtest-bars.ts";
import { barsOf, checkStrategyFile } from "./check.ts";
import { strategyTemplate } from "./template.ts";

// Every mistake here would otherwise show only when the strategy runs (or never): strategy check
// must name the file (and line, where the text shows it) and fail (the CLI exits 2 on !ok).
const dir = mkdtempSync(path.join(tmpdir(), "rt-strategy-check-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEAD = `import { defineStrategy, v } from "robotrader";\n`;

/** Writes NAME.ts and checks it; each problem as "where: message" with the folder cut off. */
async function check(name: string, body: string, raw: Record<string, unknown> = {}) {
  const file = path.join(dir, `${name}.ts`);
  writeFileSync(file, body);
  const report = await checkStrategyFile(file, raw);
  return { ok: report.ok, problems: report.problems.map((p) => `${(p.where ?? "").replace(dir, "")}: ${p.message}`) };
}

const strategy = (name: string, params: string, create: string, extra = "") =>
  `${HEAD}export default defineStrategy({\n  name: "${name}", description: "test",${extra}\n  params: ${params},\n  ${create},\n});\n`;

describe("strategy check", () => {
  test("the template passes", async () => {
    expect(await check("fine", strategyTemplate("fine"))).toEqual({ ok: true, problems: [] });
  });

  test("missing or ill-typed exports name the file", async () => {
    expect(await check("none", `${HEAD}const s = defineStrategy({ name: "none", description: "", params: v.object({}), create: () => ({ onBar() {} }) });\n`)).toEqual({
      ok: false, problems: ["/none.ts: it must export a strategy definition: export default defineStrategy({ name, description, params, create })"],
    });
    const scalar = await check("scalar", strategy("scalar", "v.number()", "create: () => ({ onBar() {} })"));
    expect(scalar.problems).toEqual(["/scalar.ts: params must be a valibot object schema, one entry per parameter: v.object({ period: v.optional(v.number(), 14) }) (v.object({}) for none)"]);
  });

  test("every default its own schema refuses, and a parameter with no default, at its line; --set values of the wrong type too", async () => {
    const params = `v.object({\n    period: v.optional(v.pipe(v.number(), v.integer(), v.minValue(2)), 1),\n    mode: v.optional(v.picklist(["a", "b"]), "c"),\n    size: v.number(),\n    fast: v.optional(v.number(), 5),\n  })`;
    const body = strategy("defaults", params, "create: () => ({ onBar() {} })");
    expect(await check("defaults", body)).toEqual({
      ok: false,
      problems: [
        "/defaults.ts:5:5: strategy defaults: parameter 'period': its default 1 fails its own schema: Invalid value: Expected >=2 but received 1",
        "/defaults.ts:6:5: strategy defaults: parameter 'mode': its default 'c' fails its own schema: Invalid type: Expected (\"a\" | \"b\") but received \"c\"",
        "/defaults.ts:7:5: strategy defaults: parameter 'size' has no default, so every run must give it (--set size=... or [strategy.params]); give it one with v.optional(schema, default)",
      ],
    });
    // Given on the command line, they are the values checked: a wrong type is named at the parameter's line.
    expect((await check("defaults-set", body, { period: "3", mode: "a", size: "2", fast: "quick" })).problems).toEqual([
      "/defaults-set.ts:8:5: strategy defaults: parameter 'fast': Invalid type: Expected number but received \"quick\" (got 'quick')",
    ]);
    expect((await check("defaults-ok", body, { period: "3", mode: "a", size: "2" })).ok).toBe(true);
  });

  test("what create returns: no onBar, an async create, a portfolio's onBar for onStep; an async onBar whose errors would be lost", async () => {
    expect((await check("shape", strategy("shape", "v.object({})", "create() { return { onbar() {} }; }"))).problems).toEqual([
      "/shape.ts:5:3: create must return an object with onBar(ctx), got an object with onbar",
    ]);
    expect((await check("later", strategy("later", "v.object({})", "async create() { return { onBar() {} }; }"))).problems).toEqual([
      "/later.ts:5:9: create returned a Promise (is it async?): it must return { onBar(ctx) } at once",
    ]);
    expect((await check("folio", strategy("folio", "v.object({})", "create() { return { onBar() {} }; }", ` kind: "portfolio",`))).problems).toEqual([
      "/folio.ts:5:3: create must return an object with onStep(ctx), got an object with onBar",
    ]);
    const asyncBar = strategy("waits", "v.object({})", `create() {\n    return {\n      async onBar(ctx) {\n        await null;\n        throw new Error("lost");\n      },\n    };\n  }`);
    expect((await check("waits", asyncBar)).problems).toEqual([
      "/waits.ts:7:13: onBar returned a Promise (is it async?): robotrader calls it at each bar's close and does not wait, so an order placed after an await goes out bars later and an exception in it is lost; make onBar a plain function",
    ]);
  });

  test("onBar throwing on the third bar of the embedded SPX is named at its line", async () => {
    const body = strategy("third", "v.object({})", `create() {\n    let n = 0;\n    return {\n      onBar(ctx) {\n        if (++n === 3) throw new Error("no data for " + ctx.symbol);\n      },\n    };\n  }`);
    expect((await check("third", body)).problems).toEqual(["/third.ts:9:34: onBar threw on SPX at 2000-01-05: no data for SPX"]);
  });

  test("checked over the bars given (backtest's loading): a bug in minute-bar code the daily SPX never reaches is found on two 5-minute files", async () => {
    // Closes out at 15:55 New York (20:55 UTC in January), with a typo only that bar runs.
    const body = strategy("closer", "v.object({})", `create() {\n    return {\n      onBar(ctx) {\n        if (new Date(ctx.bar.time).getUTCHours() === 20 && new Date(ctx.bar.time).getUTCMinutes() === 55) ctx.sumbit({});\n      },\n    };\n  }`);
    expect(await check("closer", body)).toEqual({ ok: true, problems: [] });
    const minutes = (base: number) => Array.from({ length: 78 }, (_, i) => {
      const t = new Date(Date.UTC(2024, 0, 2, 14, 30 + 5 * i)).toISOString().slice(0, 16).replace("T", " ");
      return `${t},${base},${base + 1},${base - 1},${base},100`;
    });
    const files = ["aaa", "bbb"].map((name, k) => {
      const csv = path.join(dir, `${name}.csv`);
      writeFileSync(csv, `time,open,high,low,close,volume\n${minutes(100 + k).join("\n")}\n`);
      return csv;
    });
    const config = v.parse(AppConfigSchema, { dataDir: path.join(dir, "data") });
    const series = await loadAll(config, { dataFiles: files, barSize: "5m" }, undefined, false);
    const report = await checkStrategyFile(path.join(dir, "closer.ts"), {}, { series, barSize: "5m" });
    expect(report.problems.map((p) => `${(p.where ?? "").replace(dir, "")}: ${p.message}`)).toEqual([
      "/closer.ts:8:111: onBar threw on AAA at 2024-01-02 20:55 UTC: ctx.sumbit is not a function. (In 'ctx.sumbit({})', 'ctx.sumbit' is undefined)",
      "/closer.ts:8:111: onBar threw on BBB at 2024-01-02 20:55 UTC: ctx.sumbit is not a function. (In 'ctx.sumbit({})', 'ctx.sumbit' is undefined)",
    ]);
    expect(report.bars).toBe(156);
    expect(barsOf(series.map((s) => s.symbol))).toBe("AAA, BBB");
  });

  test("an import of a missing file or of something robotrader does not export is named at the import", async () => {
    expect((await check("local", `${HEAD}import { helper } from "./helpers/nothere.ts";\nexport default defineStrategy({ name: "local", description: "", params: v.object({}), create: () => ({ onBar() { helper(); } }) });\n`)).problems).toEqual([
      "/local.ts:2:1: Cannot find module './helpers/nothere.ts': no such file",
    ]);
    expect((await check("named", `import { defineStrategy, v, sma } from "robotrader";\nexport default defineStrategy({ name: "named", description: "", params: v.object({}), create: () => ({ onBar() { sma(); } }) });\n`)).problems).toEqual([
      "/named.ts:1:1: \"robotrader\" has no export 'sma'; it exports defineStrategy and v (valibot)",
    ]);
  });
});
