import type { ArgsDef } from "citty";

/** Flags shared by the data subcommands. */
export const dataDirArg = {
  "data-dir": { type: "string", description: "Data directory holding robotrader.db (default: config dataDir, 'data')" },
} as const satisfies ArgsDef;

export const seriesArgs = {
  symbol: { type: "string", description: "Ticker, e.g. AAPL (SPX is the embedded S&P 500 daily series)", required: true },
  "bar-size": { type: "string", description: "1s 5s 1m 5m 15m 30m 1h 1d 1w", default: "1d" },
} as const satisfies ArgsDef;

/** commandContext overrides for --data-dir. */
export function dataDirOverride(value: string | undefined): [Record<string, unknown>, Record<string, string>] {
  return [{ dataDir: value }, { dataDir: "--data-dir" }];
}
