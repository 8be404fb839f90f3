import { backtestEquity, backtestTrades, deleteBacktestRun, getRun, listRuns, type RunRow } from "../../adapters/sqlite/runs-repo.ts";
import type { Db } from "../../adapters/sqlite/db.ts";
import { portfolioAnalytics, type PortfolioAnalytics } from "../../backtest/analytics/analytics.ts";
import { writeReport } from "../../backtest/report/report.ts";
import { heatmapFromJson } from "../../backtest/report/heatmap-json.ts";
import type { WalkForwardHeatmap } from "../../backtest/report/heatmap.ts";
import { windowsFromJson } from "../../backtest/report/windows-json.ts";
import type { WalkForwardWindows } from "../../backtest/report/windows.ts";
import { computeStats, type Stats } from "../../backtest/stats/stats.ts";
import type { TradeRecord } from "../../backtest/types.ts";
import { barsFromArrays, isBarSize, type Bar } from "../../core/bar.ts";
import { UserError } from "../../core/errors.ts";
import { loadBarColumns } from "../data/load-bars.ts";
import { reportParams } from "./describe-run.ts";

/** One saved backtest as the store has it, with its statistics and analytics recomputed from its trades and equity. */
export interface SavedRun {
  readonly run: RunRow;
  readonly params: Record<string, unknown>;
  readonly trades: readonly TradeRecord[];
  readonly equity: { readonly time: Float64Array; readonly equity: Float64Array };
  readonly stats: Stats;
  readonly analytics: PortfolioAnalytics;
}

/** Saved backtest runs, newest first. */
export function listSavedRuns(db: Db | undefined, limit?: number): RunRow[] {
  return db ? listRuns(db, { kind: "backtest", ...(limit !== undefined ? { limit } : {}) }) : [];
}

export function loadSavedRun(db: Db | undefined, id: number): SavedRun {
  const run = db ? getRun(db, id) : undefined;
  if (!db || !run || run.kind !== "backtest") {
    throw new UserError(`No saved backtest run ${id}${db ? "" : " (the store does not exist yet)"}; list them with: robotrader backtest list`);
  }
  const params = (run.params ?? {}) as Record<string, unknown>;
  const stored = (run.stats ?? {}) as Record<string, unknown>;
  const trades = backtestTrades(db, id);
  const points = backtestEquity(db, id);
  const equity = { time: Float64Array.from(points, (p) => p.time), equity: Float64Array.from(points, (p) => p.equity) };
  const barsPerYear = typeof stored["barsPerYear"] === "number" ? stored["barsPerYear"] : 252;
  const riskFreeRate = typeof params["riskFreeRate"] === "number" ? params["riskFreeRate"] : 0;
  const initialCash = typeof params["initialCash"] === "number" ? params["initialCash"] : (equity.equity[0] ?? 0);
  const stats = withStoredFigures(computeStats({ equity, trades, initialCash, barsPerYear, riskFreeRate }), stored);
  const strategy = typeof params["strategy"] === "string" ? params["strategy"] : "unknown";
  const analytics = portfolioAnalytics({ time: equity.time, equity: equity.equity, trades, strategyOf: () => strategy, barsPerYear, riskFreeRate });
  return { run, params, trades, equity, stats, analytics };
}

/**
 * The saved curve may be downsampled (at most 4000 points), so figures recomputed from it can
 * differ a little from the run's: the plain numbers saved with the run win over recomputed ones.
 */
function withStoredFigures(stats: Stats, stored: Record<string, unknown>): Stats {
  const out: Record<string, unknown> = { ...stats };
  for (const [key, value] of Object.entries(stats)) {
    const saved = stored[key];
    if ((typeof value === "number" || value === null) && (typeof saved === "number" || saved === null) && key in stored) out[key] = saved;
  }
  return out as unknown as Stats;
}

export function removeSavedRun(db: Db | undefined, id: number): void {
  if (!db || !deleteBacktestRun(db, id)) throw new UserError(`No saved backtest run ${id}; list them with: robotrader backtest list`);
}

/** Regenerates the HTML report of a saved run from the store (its bars too, when the store or embedded data has them). */
export async function reportSavedRun(db: Db | undefined, id: number, file: string): Promise<{ path: string; bytes: number }> {
  const saved = loadSavedRun(db, id);
  const symbols = Array.isArray(saved.params["symbols"]) ? (saved.params["symbols"] as unknown[]).map(String) : [];
  const barSize = typeof saved.params["barSize"] === "string" && isBarSize(saved.params["barSize"]) ? saved.params["barSize"] : "1d";
  const start = saved.equity.time[0] ?? 0;
  const end = saved.equity.time.at(-1) ?? 0;
  const bars: Record<string, readonly Bar[]> = {};
  for (const symbol of symbols) {
    try {
      bars[symbol] = barsFromArrays(loadBarColumns({ db, symbol, barSize, from: start, to: end }).columns);
    } catch {
      // Bars deleted since the run: the report goes without that price chart.
    }
  }
  const heatmap = savedHeatmap(saved, id);
  const windows = savedWindows(saved, id);
  return writeReport(file, {
    title: `Saved run ${id}: ${String(saved.params["strategy"] ?? "backtest")} on ${symbols.join(", ")}`,
    params: savedChips(saved.params, id, windows === "not saved"),
    stats: saved.stats,
    trades: saved.trades,
    equity: saved.equity,
    bars,
    analytics: saved.analytics,
    ...(heatmap ? { heatmap } : {}),
    ...(windows ? { windows } : {}),
    notes: savedNotes(saved, id),
    footer: `Regenerated from the store (run ${id}, saved ${new Date(saved.run.startedAt).toISOString().slice(0, 16).replace("T", " ")} UTC); the equity curve is the one saved (at most 4000 points)`,
  });
}

/**
 * The header chips as the report made at run time shows them (describe-run.ts's reportParams),
 * after the run's id. Not the saved setup: a walk-forward run's holds the flag values of the
 * parameters it chose per window. Those come from the saved windows table (report.ts); a run saved
 * before runs kept it says so in their place, and a fixed value an older run saved is not shown.
 */
function savedChips(params: Readonly<Record<string, unknown>>, id: number, windowsNotSaved: boolean): Record<string, string | number | boolean | null> {
  const grid = params["walkForward"] as { readonly grid?: unknown } | undefined;
  const chosen = typeof grid?.grid === "object" && grid.grid !== null ? Object.keys(grid.grid) : [];
  const shown = Object.fromEntries(Object.entries(params).filter(([k]) => k !== "report" && !chosen.includes(k)));
  const notSaved = windowsNotSaved ? Object.fromEntries(chosen.map((k) => [k, "chosen per window (not saved with this run)"])) : {};
  return { run: id, ...reportParams(shown), ...notSaved };
}

/**
 * The walk-forward heatmap saved with the run; undefined for a plain run or one saved before runs
 * kept it (the report goes without). A damaged one is an error naming the run: nothing is changed.
 */
function savedHeatmap(saved: SavedRun, id: number): WalkForwardHeatmap | undefined {
  const stored = saved.run.stats as Record<string, unknown> | null;
  const value = stored?.["heatmap"];
  if (value === undefined) return undefined;
  const read = heatmapFromJson(value);
  if (!read.ok) throw new UserError(`backtest report ${id}: the run's saved walk-forward heatmap cannot be read (${read.error}); the run itself is intact (backtest show ${id})`);
  return read.heatmap;
}

/** The notes the run ended with (stats.notes), none when it had none or was saved before runs kept them. */
function savedNotes(saved: SavedRun, id: number): readonly string[] {
  const value = (saved.run.stats as Record<string, unknown> | null)?.["notes"];
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((n) => typeof n === "string")) {
    throw new UserError(`backtest report ${id}: the run's saved notes cannot be read (not a list of texts); the run itself is intact (backtest show ${id})`);
  }
  return value;
}

/**
 * The walk-forward windows table saved with the run; "not saved" for a walk-forward run saved
 * before runs kept it (the report says so), undefined for a plain run. A damaged one is an error
 * naming the run: nothing is changed.
 */
function savedWindows(saved: SavedRun, id: number): WalkForwardWindows | "not saved" | undefined {
  const stored = saved.run.stats as Record<string, unknown> | null;
  const value = stored?.["windows"];
  if (value === undefined) return saved.params["walkForward"] !== undefined ? "not saved" : undefined;
  const read = windowsFromJson(value);
  if (!read.ok) throw new UserError(`backtest report ${id}: the run's saved walk-forward windows cannot be read (${read.error}); the run itself is intact (backtest show ${id})`);
  return read.windows;
}
