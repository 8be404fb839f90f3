import { defineCommand } from "citty";
import { isDateBarSize } from "../core/bar.ts";
import { barSizeArg, symbolArg, timeZoneArg } from "./_series-args.ts";
import { computeIndicators, DEFAULT_INDICATORS, loadIndicatorBars, type IndicatorTable } from "../app/data/indicators.ts";
import { parseOnlyFlag } from "./_only-flag.ts";
import { commonArgs } from "./_args.ts";
import { commandContext } from "./_context.ts";
import { formatTable, printText } from "./_output.ts";
import { dataDirArg, dataDirOverride } from "./data-args.ts";

const SHOWN_BARS = 5;

export default defineCommand({
  meta: {
    name: "indicators",
    description: "Compute TA-Lib-compatible indicators over stored, embedded (SPX) or CSV bars",
  },
  args: {
    ...commonArgs,
    symbol: { type: "string", description: "Ticker in the store; SPX is the embedded S&P 500 daily series" },
    data: { type: "string", description: "CSV file of bars (time,open,high,low,close,volume) instead of --symbol" },
    only: { type: "string", description: "Comma-separated names with parameters, e.g. sma_10,bbands_20_2_2,sar_0.02_0.2 (default: all)" },
    "bar-size": { type: "string", description: "1s 5s 1m 5m 15m 30m 1h 1d 1w", default: "1d" },
    tz: { type: "string", description: "Zone of --data date-times written without one (default UTC)" },
    ...dataDirArg,
  },
  async run({ args }) {
    const specs = parseOnlyFlag(args.only, DEFAULT_INDICATORS);
    const barSize = barSizeArg(args["bar-size"]);
    const source = {
      symbol: args.symbol !== undefined ? symbolArg(args.symbol) : undefined,
      data: args.data,
      barSize,
      timeZone: args.tz !== undefined ? timeZoneArg(args.tz) : undefined,
    };
    const ctx = await commandContext(args, ...dataDirOverride(args["data-dir"]));
    const bars = await loadIndicatorBars(ctx.config, source);
    const table = computeIndicators(bars, specs);
    ctx.log.debug(`computed ${table.series.size} series over ${bars.length} bars`);
    const text = ctx.json ? toJson(table) : toText(table, isDateBarSize(barSize));
    // Output can be megabytes: main.ts waits until it is flushed before it exits (pipes).
    printText(text + "\n");
  },
});

/** {"bars", "time": ISO[], "indicators": {name: (number|null)[]}}, compact (it can be large). */
function toJson(table: IndicatorTable): string {
  const indicators: Record<string, (number | null)[]> = {};
  for (const [name, values] of table.series) {
    indicators[name] = Array.from(values, (v) => (Number.isFinite(v) ? v : null));
  }
  return JSON.stringify({ bars: table.time.length, time: table.time.map((t) => new Date(t).toISOString()), indicators });
}

function toText(table: IndicatorTable, daily: boolean): string {
  const n = table.time.length;
  const from = Math.max(0, n - SHOWN_BARS);
  const stamp = (t: number) => (daily ? new Date(t).toISOString().slice(0, 10) : new Date(t).toISOString().slice(0, 16).replace("T", " "));
  const header = ["indicator", ...table.time.slice(from).map(stamp)];
  const rows = [...table.series].map(([name, values]) => [name, ...Array.from(values.subarray(from), fmt)]);
  return `${n} bars; last ${n - from} shown (--json for all)\n${formatTable(header, rows)}`;
}

function fmt(v: number): string {
  if (!Number.isFinite(v)) return "-";
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e9 || a < 1e-4)) return v.toExponential(4);
  return v.toFixed(a >= 1000 ? 2 : 4);
}
