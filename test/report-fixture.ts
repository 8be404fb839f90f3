// A real sma-cross backtest on the embedded SPX series, shaped as writeReport's input.
import { embeddedBars } from "../src/adapters/embedded/sp500.ts";
import { HistoricalFeed, seriesFromBars } from "../src/backtest/historical-feed.ts";
import type { ReportInput } from "../src/backtest/report/report.ts";
import { runBacktest } from "../src/backtest/run-backtest.ts";
import { computeStats } from "../src/backtest/stats/stats.ts";
import { buyAndHoldEquity } from "../src/backtest/stats/benchmark.ts";
import { configureStrategy } from "../src/strategy/registry.ts";

export function spxReportInput(title = "sma-cross 10/30 on SPX"): ReportInput {
  const bars = embeddedBars();
  const feed = new HistoricalFeed([seriesFromBars("SPX", bars)]);
  const result = runBacktest({ feed, strategy: configureStrategy("sma-cross", { fast: 10, slow: 30 }), initialCash: 100_000 });
  const benchmark = buyAndHoldEquity({ SPX: bars }, 100_000);
  const stats = computeStats({
    equity: result.equity,
    trades: result.trades,
    exposure: result.exposure,
    initialCash: result.initialCash,
    benchmark,
    barsPerYear: result.barsPerYear,
  });
  return {
    title,
    params: { strategy: "sma-cross", fast: 10, slow: 30, symbols: "SPX", cash: 100_000, commission: "ib-fixed", "slippage (bps)": 0 },
    stats,
    trades: result.trades,
    equity: result.equity,
    benchmark,
    bars: { SPX: bars },
  };
}
