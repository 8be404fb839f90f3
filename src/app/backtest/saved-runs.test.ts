import { describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import * as v from "valibot";
import { AppConfigSchema } from "../../config/schema.ts";
import { createLogger } from "../../log/logger.ts";
import { getRun } from "../../adapters/sqlite/runs-repo.ts";
import { heatmapFromJson } from "../../backtest/report/heatmap-json.ts";
import { walkForwardHeatmap } from "../../backtest/report/heatmap.ts";
import { UserError } from "../../core/errors.ts";
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

  test("risk-parity entries the default size limits refused: the run-time report and backtest report ID show the size-limit note; a damaged one is refused by name", async () => {
    const original = path.join(dir, "rp.html");
    const outcome = await runBacktestCommand(config, {
      symbols: ["SPX"], barSize: "1d", strategy: "sma-cross", params: {}, direction: "long-only", initialCash: 100_000, save: true, report: original,
      setup: { sizing: { kind: "risk-parity", lookback: 60 } },
    }, log);
    const notesOf = (file: string) => readFileSync(file, "utf8").match(/<p class="note">Note: --sizing[^<]*<\/p>/g);
    const refused = outcome.refusals.filter((r) => r.rule === "max-order-value").length;
    expect(refused).toBeGreaterThan(0);
    expect(notesOf(original)).toEqual([
      `<p class="note">Note: --sizing risk-parity sizes entries as a share of equity, and the [risk] size limits refused ${refused} of them (max_order_value 10000, max_position_value 10000, max_position_pct 25); ` +
        "to trade them as sized, raise these in robotrader.toml or with --max-order-value N --max-position-value N --max-position-pct N</p>",
    ]);
    await withExistingStore(config, async (store) => {
      const db = store!;
      const id = outcome.runId!;
      const again = path.join(dir, "rp-again.html");
      await reportSavedRun(db, id, again);
      expect(notesOf(again)).toEqual(notesOf(original));
      db.run("UPDATE runs SET stats = json_set(stats, '$.notes', json('[1]')) WHERE id = ?1", [id]);
      let refusedReport: unknown;
      await reportSavedRun(db, id, again).catch((error: unknown) => (refusedReport = error));
      expect((refusedReport as Error).message).toBe(`backtest report ${id}: the run's saved notes cannot be read (not a list of texts); the run itself is intact (backtest show ${id})`);
      // Saved before runs kept their notes: the report goes without.
      db.run("UPDATE runs SET stats = json_remove(stats, '$.notes') WHERE id = ?1", [id]);
      await reportSavedRun(db, id, again);
      expect(notesOf(again)).toBeNull();
    });
  });

  test("a walk-forward run keeps its parameter heatmap and windows table: backtest report ID draws the original's; older runs go without (a note for the table); a damaged one is refused by name", async () => {
    const original = path.join(dir, "wf.html");
    const outcome = await runBacktestCommand(config, {
      symbols: ["SPX"], barSize: "1d", strategy: "sma-cross", params: {}, direction: "long-only", initialCash: 100_000, save: true, report: original,
      walkForward: { windows: { mode: "rolling", train: { unit: "bars", n: 756 }, test: { unit: "bars", n: 504 } }, grid: { fast: [5, 10, 20], slow: [30, 60] }, objective: "sharpe" },
    }, log);
    const id = outcome.runId!;
    const heatmapOf = (file: string) => readFileSync(file, "utf8").match(/<section><h2>Parameter heatmap[\s\S]*?<\/section>/)?.[0];
    const cells = (html: string) => [...html.matchAll(/data-x="([^"]*)" data-y="([^"]*)" data-score="([^"]*)"/g)].map((m) => m.slice(1).join(" "));
    const windowsOf = (file: string) => readFileSync(file, "utf8").match(/<section><h2>Walk-forward windows[\s\S]*?<\/section>/)?.[0];
    const chipsOf = (file: string) => readFileSync(file, "utf8").match(/<li><b>(?:fast|slow|walk-forward)<\/b>[^<]*<\/li>/g);
    const allChipsOf = (file: string) => readFileSync(file, "utf8").match(/<li><b>[^<]*<\/b>[^<]*<\/li>/g);
    await withExistingStore(config, async (store) => {
      const db = store!;
      const stored = (getRun(db, id)!.stats as Record<string, unknown>)["heatmap"];
      const read = heatmapFromJson(stored);
      expect(read.ok && read.heatmap).toEqual(walkForwardHeatmap(outcome.windows!, "sharpe")!);
      const again = path.join(dir, "wf-again.html");
      await reportSavedRun(db, id, again);
      const drawn = heatmapOf(again)!;
      expect(cells(drawn)).toHaveLength(6);
      expect(cells(drawn).filter((c) => !c.endsWith(" "))).toHaveLength(6); // every cell scored
      expect(drawn).toBe(heatmapOf(original)!);
      // The windows table: the same rows as the report made at run time, one per window.
      const table = windowsOf(again)!;
      expect(table).toBe(windowsOf(original)!);
      expect([...table.matchAll(/<tr><td>\d+<\/td>/g)]).toHaveLength(outcome.windows!.length);
      expect(outcome.windows!.length).toBeGreaterThan(1);
      expect(chipsOf(original)).toHaveLength(3);
      expect(chipsOf(again)).toEqual(chipsOf(original));
      // Every chip as the run-time report has it, after the run's id: no saved setup with the grid's flag values.
      expect(allChipsOf(again)).toEqual([`<li><b>run</b> ${id}</li>`, ...allChipsOf(original)!]);

      // Saved before runs kept it: the report goes without the heatmap, the rest as before.
      const storedWindows = (getRun(db, id)!.stats as Record<string, unknown>)["windows"];
      db.run("UPDATE runs SET stats = json_remove(stats, '$.heatmap', '$.windows') WHERE id = ?1", [id]);
      await reportSavedRun(db, id, again);
      expect(heatmapOf(again)).toBeUndefined();
      expect(windowsOf(again)).toContain("saved before runs kept their walk-forward windows");
      expect(windowsOf(again)).not.toContain("<table");
      // The chosen parameters are said not to be saved, never shown with a fixed value.
      expect(chipsOf(again)).toEqual(["<li><b>fast</b> chosen per window (not saved with this run)</li>", "<li><b>slow</b> chosen per window (not saved with this run)</li>"]);
      expect(readFileSync(again, "utf8")).toContain(`Saved run ${id}`);

      db.run("UPDATE runs SET stats = json_set(stats, '$.heatmap', json(?2)) WHERE id = ?1", [id, JSON.stringify({ ...(stored as object), xs: ["5"] })]);
      let refused: unknown;
      await reportSavedRun(db, id, again).catch((error: unknown) => (refused = error));
      expect(refused).toBeInstanceOf(UserError);
      expect((refused as Error).message).toBe(`backtest report ${id}: the run's saved walk-forward heatmap cannot be read (xs is not a list of parameter values); the run itself is intact (backtest show ${id})`);

      db.run("UPDATE runs SET stats = json_set(json_remove(stats, '$.heatmap'), '$.windows', json(?2)) WHERE id = ?1", [id, JSON.stringify(storedWindows).replace('"testSharpe":', '"testSharpe":"high","was":')]);
      refused = undefined;
      await reportSavedRun(db, id, again).catch((error: unknown) => (refused = error));
      expect((refused as Error).message).toBe(`backtest report ${id}: the run's saved walk-forward windows cannot be read (window 1: testSharpe "high" is not a number); the run itself is intact (backtest show ${id})`);
      expect(loadSavedRun(db, id).trades.length).toBe(outcome.trades.length);
    });
  });
});
