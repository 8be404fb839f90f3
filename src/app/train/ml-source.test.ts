import { afterAll, describe, expect, test } from "bun:test";
import * as v from "valibot";
import { AppConfigSchema } from "../../config/schema.ts";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { embeddedBars } from "../../adapters/embedded/sp500.ts";
import { barArrays } from "../../core/bar.ts";
import { createLogger } from "../../log/logger.ts";
import { runBacktestCommand } from "../backtest/run-backtest.ts";
import { withStore } from "../data/store.ts";
import { batchSource, resolveMlModel, streamingSource } from "./ml-source.ts";
import { runTrain } from "./train.ts";

const dir = mkdtempSync(path.join(os.tmpdir(), "rt-ml-source-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const config = { dataDir: path.join(dir, "data") };
const log = createLogger({ format: "json", quiet: true, secrets: [] });

describe("ml strategy sources", () => {
  test("a promoted model scores each bar the same in batch (backtest) and streaming (run), then trades in a backtest", async () => {
    const trained = await runTrain(
      config,
      { symbols: ["SPX"], barSize: "1d", from: Date.UTC(2010, 0, 1), kinds: ["gbt"], label: { kind: "fwd-ret", horizon: 5, threshold: 0 }, cv: "time", trainEnd: Date.UTC(2015, 11, 31), embargo: 5, folds: 3, seed: 1, weights: false, save: true, promoteIfBetter: true },
      log,
    );
    expect(trained.promotion?.promoted).toBe(true);
    const bars = embeddedBars().slice(-600);
    await withStore(config, (db) => {
      const model = resolveMlModel(db, config.dataDir, undefined);
      const batch = batchSource(model, new Map([["SPX", barArrays(bars)]])).scorer("SPX");
      const stream = streamingSource(model).scorer("SPX");
      if (typeof batch === "string" || typeof stream === "string") throw new Error("refused");
      let scored = 0;
      for (const bar of bars) {
        const s = stream.score(bar), b = batch.score(bar);
        expect(Object.is(s, b)).toBe(true);
        if (s === s) scored++;
      }
      expect(scored).toBeGreaterThan(550);
      // Trained on daily bars: 5-minute bars are refused (its features would mean something else).
      expect(model.meta.data.barSize).toBe("1d");
      expect(() => resolveMlModel(db, config.dataDir, undefined, "5m")).toThrow(`strategy ml: model ${model.row.id} was trained on 1d bars, and these are 5m bars`);
      expect(resolveMlModel(db, config.dataDir, undefined, "1d").row.id).toBe(model.row.id);
    });
    const outcome = await runBacktestCommand(
      v.parse(AppConfigSchema, config),
      { symbols: ["SPX"], barSize: "1d", from: Date.UTC(2016, 0, 1), strategy: "ml", params: { entry: "0.52" }, direction: "long-only", initialCash: 100_000, setup: { noRisk: true, sizing: { kind: "pct-equity", pct: 100 } }, save: false },
      log,
    );
    expect(outcome.trades.length).toBeGreaterThan(0);
    expect(outcome.params["model"]).toBe(trained.promotion?.id);
    // Over the bars it was trained on, the backtest is in-sample: a warning says so; after them, none.
    const backtestWarnings = async (from: number) => {
      const lines: string[] = [];
      const capture = createLogger({ format: "json", quiet: true, secrets: [], stream: { write: (t: string) => lines.push(t) } });
      const request = { symbols: ["SPX"], barSize: "1d", from, strategy: "ml", params: {}, direction: "long-only", initialCash: 100_000, save: false } as const;
      await runBacktestCommand(v.parse(AppConfigSchema, config), request, capture);
      return lines.join("");
    };
    expect(await backtestWarnings(Date.UTC(2013, 0, 1))).toContain(`model ${trained.promotion?.id} was trained on SPX bars through 201`);
    expect(await backtestWarnings(Date.UTC(2016, 2, 1))).not.toContain("in-sample");
  });

  test("a model with cross-asset features scores the same in batch and streaming when the index is traded", async () => {
    const trained = await runTrain(
      config,
      { symbols: ["SPX"], market: "SPX", barSize: "1d", from: Date.UTC(2012, 0, 1), kinds: ["lr"], label: { kind: "fwd-ret", horizon: 1, threshold: 0 }, cv: "time", embargo: 1, folds: 3, seed: 1, weights: false, save: true, promoteIfBetter: false },
      log,
    );
    const bars = embeddedBars().slice(-300);
    await withStore(config, (db) => {
      const model = resolveMlModel(db, config.dataDir, trained.models[0]!.id);
      expect(model.meta.features.names).toContain("rel_strength_20");
      const source = streamingSource(model);
      expect(source.marketSymbol).toBe("SPX");
      const stream = source.scorer("SPX");
      const batch = batchSource(model, new Map([["SPX", barArrays(bars)]])).scorer("SPX");
      if (typeof batch === "string" || typeof stream === "string") throw new Error("refused");
      let scored = 0;
      for (const bar of bars) {
        const s = stream.score(bar, bar);
        expect(Object.is(s, batch.score(bar))).toBe(true);
        if (s === s) scored++;
      }
      expect(scored).toBeGreaterThan(250);
      expect(batchSource(model, new Map([["X", barArrays(bars)]])).scorer("X")).toBe("its cross-asset features need SPX among the symbols traded");
    });
  });
});
