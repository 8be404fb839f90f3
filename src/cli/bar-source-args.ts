import type { ArgsDef } from "citty";
import type { BarsRequest } from "../app/backtest/backtest-bars.ts";
import { UserError } from "../core/errors.ts";
import { barSizeArg, flagList, rangeArgs, symbolArg, timeZoneArg } from "./_series-args.ts";

/** The bars a backtest runs over (`backtest`, and `strategy check` over the same bars). */
export const BAR_SOURCE_ARGS = {
  symbol: { type: "string", description: "Tickers, comma-separated (store, or the embedded SPX daily series); default SPX" },
  data: { type: "string", description: "CSV or Parquet file(s) of bars instead of --symbol, comma-separated; each file is one symbol named after it" },
  catalog: { type: "string", description: "Read --symbol's bars from this catalogue of Parquet files (DIR/<bar size>/<SYMBOL>.parquet) instead of the store" },
  "bar-size": { type: "string", description: "1s 5s 1m 5m 15m 30m 1h 1d", default: "1d" },
  tz: { type: "string", description: "Zone of --data date-times written without one (default UTC)" },
  from: { type: "string", description: "First bar date (inclusive), e.g. 2010-01-01" },
  to: { type: "string", description: "Last bar date (inclusive)" },
} as const satisfies ArgsDef;

type BarSourceFlags = { readonly [K in keyof typeof BAR_SOURCE_ARGS]?: string | undefined };

/** Whether any flag names bars other than the default (daily SPX). */
export function barSourceGiven(args: BarSourceFlags): boolean {
  return (Object.keys(BAR_SOURCE_ARGS) as (keyof typeof BAR_SOURCE_ARGS)[]).some((k) => args[k] !== undefined && !(k === "bar-size" && args[k] === "1d"));
}

/**
 * The flags as backtest reads them, as a request for its loading (backtest-bars.ts); a bad one is
 * a UserError naming it. `symbols`: the tickers to load without --data when the caller has
 * already settled them (backtest: --symbol's, or the strategies' own); default --symbol's, or SPX.
 */
export function barSourceRequest(args: BarSourceFlags, symbols?: readonly string[]): BarsRequest {
  if (args.symbol !== undefined && args.data !== undefined) throw new UserError("Give either --symbol or --data, not both");
  const range = rangeArgs(args.from, args.to);
  return {
    ...(args.data !== undefined
      ? { dataFiles: flagList(args.data, "--data") }
      : { symbols: symbols ?? (args.symbol !== undefined ? flagList(args.symbol, "--symbol").map((s) => symbolArg(s)) : ["SPX"]), catalog: args.catalog }),
    barSize: barSizeArg(args["bar-size"]),
    timeZone: args.tz !== undefined ? timeZoneArg(args.tz) : undefined,
    from: range.from,
    to: range.to,
  };
}
