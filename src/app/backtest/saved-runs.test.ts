import { describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import * as v from "valibot";
import { AppConfigSchema } from "../../config/schema.ts";
import { createLogger } from "../../log/logger.ts";
import { withExistingStore } from "../data/store.ts";
import { runBacktestCommand } from "./run-backtest.ts";
import { listSavedRuns, loadSavedRun, removeSavedRun, reportSavedRun } from "./saved-runs.ts";

const dir = mkdtempSync(path.join(tmpdir(), "robotrader-saved-runs-"));
const config = v.parse(AppConfigSchema, { dataDir: path.join(dir, "data") });
const log = createLogger({ quiet: true, stream: { write: () => true, isTTY: false } as unknown as NodeJS.WriteStream });

describe("saved backtest runs", () => {
  test("list, show (figures as saved), report regenerated from the store, rm", async () => {
    const request = { symbols: ["SPX"], barSize: "1d", strategy: "sma-cross", params: {}, direction: "long-only", initialCash: 100_000, commission: "ib-fixed", slippageBps: 0, save: true, analytics: { riskFreeRate: 0.04 } } as const;
    const first = await runBacktestCommand(config, { ...request, from: Date.UTC(2015, 0, 1) }, log);
    const second = await runBacktestCommand(config, { ...request, params: { fast: 5, slow: 20 }, from: Date.UTC(2015, 0, 1) }, log);
    await withExistingStore(config, async (db) => {
      expect(listSavedRuns(db).map((r) => r.id)).toEqual([second.runId!, first.runId!]);
      const saved = loadSavedRun(db, first.runId!);
      expect(saved.stats.sharpe).toBe(first.stats.sharpe);
      expect(saved.stats.trades).toBe(first.stats.trades);
      expect(saved.params["riskFreeRate"]).toBe(0.04);
      expect(saved.analytics.attribution.bySymbol[0]!.trades).toBe(first.trades.length);

      const file = path.join(dir, "run.html");
      await reportSavedRun(db, first.runId!, file);
      const html = readFileSync(file, "utf8");
      expect(html).toContain(`Saved run ${first.runId}`);
      expect(html).toContain("Attribution");
      expect(html).toContain(`data-symbol="SPX"`); // bars reloaded (embedded SPX) for the candle chart

      removeSavedRun(db, second.runId!);
      expect(listSavedRuns(db).map((r) => r.id)).toEqual([first.runId!]);
      expect(() => removeSavedRun(db, second.runId!)).toThrow(`No saved backtest run ${second.runId}`);
      expect(() => loadSavedRun(db, 999)).toThrow("robotrader backtest list");
    });
  });
});
