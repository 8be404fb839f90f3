import { defineCommand, type CommandDef } from "citty";
import { analyticsJson } from "../backtest/analytics/json.ts";
import { statsToJson } from "../backtest/stats/json.ts";
import { listSavedRuns, loadSavedRun, removeSavedRun, reportSavedRun, type SavedRun } from "../app/backtest/saved-runs.ts";
import { withExistingStore } from "../app/data/store.ts";
import { UserError } from "../core/errors.ts";
import { commonArgs } from "./_args.ts";
import { commandContext } from "./_context.ts";
import { formatTable, printJson, printText } from "./_output.ts";
import { dataDirArg, dataDirOverride } from "./data-args.ts";

import { SAVED_RUN_COMMANDS } from "./backtest-run-names.ts";

export { SAVED_RUN_COMMANDS };

const idArg = (name: string) => ({ type: "positional", required: true, description: `${name}: a saved run's id (robotrader backtest list)` }) as const;

function runId(text: string | undefined): number {
  const id = Number(text);
  if (!Number.isInteger(id) || id <= 0) throw new UserError(`A run id is a whole number > 0 (robotrader backtest list), got '${text ?? ""}'`);
  return id;
}

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
const pct = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? `${(v * 100).toFixed(2)}%` : "-");
const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v.toFixed(2) : "-");
const describe = (p: Record<string, unknown>) => `${String(p["strategy"] ?? "?")} on ${Array.isArray(p["symbols"]) ? (p["symbols"] as unknown[]).join(",") : "?"}`;

const list = defineCommand({
  meta: { name: "list", description: "Saved backtest runs, newest first" },
  args: { ...commonArgs, limit: { type: "string", description: "At most this many (default all)" }, ...dataDirArg },
  async run({ args }) {
    const limit = args.limit === undefined ? undefined : runId(args.limit);
    const ctx = await commandContext(args, ...dataDirOverride(args["data-dir"]));
    const runs = await withExistingStore(ctx.config, (db) => listSavedRuns(db, limit));
    const rows = runs.map((r) => {
      const s = (r.stats ?? {}) as Record<string, unknown>;
      const p = (r.params ?? {}) as Record<string, unknown>;
      return { id: r.id, savedAt: iso(r.startedAt), strategy: p["strategy"] ?? null, symbols: p["symbols"] ?? null, totalReturn: s["totalReturn"] ?? null, sharpe: s["sharpe"] ?? null, trades: s["trades"] ?? null, report: p["report"] ?? null };
    });
    if (ctx.json) return printJson({ runs: rows });
    if (rows.length === 0) return printText("No saved backtest runs. Every `robotrader backtest` saves one (unless --no-save).");
    printText(formatTable(["ID", "SAVED (UTC)", "RUN", "RETURN", "SHARPE", "TRADES"], runs.map((r, i) => [String(r.id), rows[i]!.savedAt!.slice(0, 16).replace("T", " "), describe((r.params ?? {}) as Record<string, unknown>), pct(rows[i]!.totalReturn), num(rows[i]!.sharpe), String(rows[i]!.trades ?? "-")])));
  },
});

function savedJson(saved: SavedRun): unknown {
  return { id: saved.run.id, savedAt: iso(saved.run.startedAt), params: saved.params, stats: statsToJson(saved.stats), analytics: analyticsJson(saved.analytics), trades: saved.trades.length };
}

const show = defineCommand({
  meta: { name: "show", description: "One saved run: parameters, statistics and analytics recomputed from the stored trades and equity" },
  args: { ...commonArgs, id: idArg("ID"), ...dataDirArg },
  async run({ args }) {
    const id = runId(args.id);
    const ctx = await commandContext(args, ...dataDirOverride(args["data-dir"]));
    const saved = await withExistingStore(ctx.config, (db) => loadSavedRun(db, id));
    if (ctx.json) return printJson(savedJson(saved));
    const s = saved.stats;
    const a = saved.analytics.attribution;
    printText(
      [
        `Run ${id}: ${describe(saved.params)}, saved ${iso(saved.run.startedAt)}`,
        `Return ${pct(s.totalReturn)}, CAGR ${pct(s.cagr)}, Sharpe ${num(s.sharpe)}, max drawdown ${pct(s.maxDrawdown ? -s.maxDrawdown.depth : null)}, ${s.trades} closed trades, exposure ${pct(s.exposure)}`,
        "",
        formatTable(["SYMBOL", "TRADES", "NET P&L", "WIN RATE"], a.bySymbol.map((r) => [r.key, String(r.trades), r.pnl.toFixed(2), pct(r.winRate)])),
        "",
        formatTable(["MONTH CLOSED", "TRADES", "NET P&L"], a.byMonth.slice(-12).map((r) => [r.key, String(r.trades), r.pnl.toFixed(2)])),
      ].join("\n"),
    );
  },
});

const report = defineCommand({
  meta: { name: "report", description: "Regenerate a saved run's HTML report from the store" },
  args: { ...commonArgs, id: idArg("ID"), out: { type: "string", description: "File to write (default data/reports/run-ID.html)" }, ...dataDirArg },
  async run({ args }) {
    const id = runId(args.id);
    const ctx = await commandContext(args, ...dataDirOverride(args["data-dir"]));
    const file = args.out ?? `${ctx.config.dataDir}/reports/run-${id}.html`;
    const written = await withExistingStore(ctx.config, (db) => reportSavedRun(db, id, file));
    if (ctx.json) return printJson({ id, report: written.path, bytes: written.bytes });
    printText(`Report: ${written.path}`);
  },
});

const rm = defineCommand({
  meta: { name: "rm", description: "Delete a saved backtest run (its trades and equity too)" },
  args: { ...commonArgs, id: idArg("ID"), ...dataDirArg },
  async run({ args }) {
    const id = runId(args.id);
    const ctx = await commandContext(args, ...dataDirOverride(args["data-dir"]));
    await withExistingStore(ctx.config, (db) => removeSavedRun(db, id));
    if (ctx.json) return printJson({ id, deleted: true });
    printText(`Deleted run ${id}`);
  },
});

const compare = defineCommand({
  meta: { name: "compare", description: "Two saved runs side by side" },
  args: { ...commonArgs, a: idArg("ID"), b: idArg("ID"), ...dataDirArg },
  async run({ args }) {
    const ids = [runId(args.a), runId(args.b)];
    const ctx = await commandContext(args, ...dataDirOverride(args["data-dir"]));
    const runs = await withExistingStore(ctx.config, (db) => ids.map((id) => loadSavedRun(db, id)));
    if (ctx.json) return printJson({ runs: runs.map(savedJson) });
    const row = (label: string, f: (r: SavedRun) => string) => [label, ...runs.map(f)];
    printText(
      formatTable(["", ...ids.map((id) => `run ${id}`)], [
        row("Run", (r) => describe(r.params)),
        row("Total return", (r) => pct(r.stats.totalReturn)),
        row("CAGR", (r) => pct(r.stats.cagr)),
        row("Volatility", (r) => pct(r.stats.volatility)),
        row("Sharpe", (r) => num(r.stats.sharpe)),
        row("Max drawdown", (r) => pct(r.stats.maxDrawdown ? -r.stats.maxDrawdown.depth : null)),
        row("Closed trades", (r) => String(r.stats.trades)),
        row("Win rate", (r) => pct(r.stats.winRate)),
        row("Exposure", (r) => pct(r.stats.exposure)),
        row("Avg holding (days)", (r) => num(r.analytics.habits.averageHoldingDays)),
      ]),
    );
  },
});

export const savedRunCommands: Record<(typeof SAVED_RUN_COMMANDS)[number], () => Promise<CommandDef<any>>> = {
  list: async () => list as CommandDef<any>,
  show: async () => show as CommandDef<any>,
  report: async () => report as CommandDef<any>,
  rm: async () => rm as CommandDef<any>,
  compare: async () => compare as CommandDef<any>,
};
