import { describe, expect, test } from "bun:test";
import * as v from "valibot";
import { AppConfigSchema, type AppConfigInput } from "../config/schema.ts";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { runTrain } from "../app/train/train.ts";
import { createLogger } from "../log/logger.ts";
import { selectStrategy } from "./strategy-args.ts";

const config = (input: Partial<AppConfigInput>) => v.parse(AppConfigSchema, input);

describe("selectStrategy", () => {
  test("--strategy beats [strategy] name, which beats run.strategy; config params apply to the configured strategy only", async () => {
    const c = config({ run: { strategy: "buy-and-hold" }, strategy: { name: "rsi-reversion", params: { period: 10 } } });
    expect((await selectStrategy(c, {})).configured.params).toEqual({ period: 10, lower: 30, upper: 70 });
    expect((await selectStrategy(c, { lower: "25" })).configured.params).toEqual({ period: 10, lower: 25, upper: 70 });
    expect((await selectStrategy(c, { strategy: "sma-cross", set: "fast=5" })).configured.params).toEqual({ fast: 5, slow: 30 });
    expect((await selectStrategy(config({ run: { strategy: "buy-and-hold" } }), {})).configured.name).toBe("buy-and-hold");
  });

  test("snake_case config names reach camelCase parameters; a flag the strategy lacks is an error", async () => {
    const c = config({ strategy: { name: "momentum-rotation", params: { cash_buffer: 5 } } });
    expect((await selectStrategy(c, {})).configured.params).toMatchObject({ cashBuffer: 5 });
    await expect(selectStrategy(c, { fast: "3" })).rejects.toThrow("--fast does not apply to strategy momentum-rotation (its parameters: --lookback, --top, --absolute, --cash-buffer; any of them: --set name=value)");
  });

  test("[[strategies]]: each entry configured and named by its id, over the union of their symbols", async () => {
    const c = config({
      strategies: [
        { name: "sma-cross", symbols: ["AAPL", "NVDA"], params: { fast: 5 } },
        { name: "sma-cross", id: "slow-cross", symbols: ["NVDA", "TSLA"], params: { fast: 20, slow: 50 }, risk: { max_open_positions: 1 } },
      ],
    });
    const s = await selectStrategy(c, {});
    expect(s.configured.name).toBe("sma-cross+slow-cross");
    expect(s.symbols).toEqual(["AAPL", "NVDA", "TSLA"]);
    expect(s.members.map((m) => [m.strategy.name, m.strategy.params, m.symbols, m.limits ?? null])).toEqual([
      ["sma-cross", { fast: 5, slow: 30 }, ["AAPL", "NVDA"], null],
      ["slow-cross", { fast: 20, slow: 50 }, ["NVDA", "TSLA"], { maxPositionValue: undefined, maxOpenPositions: 1 }],
    ]);
    expect(s.configured.checks?.length).toBe(1);
    await expect(selectStrategy(c, { set: "fast=3" })).rejects.toThrow(/with \[\[strategies\]\] in the config, parameters go in each entry's params/);
    // --strategy runs one strategy instead.
    expect((await selectStrategy(c, { strategy: "buy-and-hold" })).members).toEqual([]);
  });

  test("--strategy ml refuses a daily model on the bars the command trades when they are another size", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "rt-strategy-args-"));
    try {
      const c = config({ dataDir: path.join(dir, "data") });
      const log = createLogger({ format: "json", quiet: true, secrets: [] });
      const request = { symbols: ["SPX"], barSize: "1d", from: Date.UTC(2012, 0, 1), kinds: ["lr"], label: { kind: "fwd-ret", horizon: 1, threshold: 0 }, cv: "time", embargo: 1, folds: 3, seed: 1, weights: false, save: true, promoteIfBetter: true } as const;
      await runTrain(c, request, log);
      // run: config run.bar_size (5m by default) or its --bar-size; backtest: its --bar-size (1d by default).
      await expect(selectStrategy(c, { strategy: "ml" })).rejects.toThrow("was trained on 1d bars, and these are 5m bars");
      await expect(selectStrategy(c, { strategy: "ml", "bar-size": "1h" })).rejects.toThrow("and these are 1h bars");
      expect((await selectStrategy(c, { strategy: "ml", "bar-size": "1d" })).configured.name).toBe("ml");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
