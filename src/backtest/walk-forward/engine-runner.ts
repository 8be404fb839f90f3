import type { TradingSetup } from "../../engine/trading-setup.ts";
import { configureStrategy } from "../../strategy/registry.ts";
import { HistoricalFeed, type SymbolSeries } from "../historical-feed.ts";
import { runBacktest } from "../run-backtest.ts";
import type { RunBacktest } from "./walk-forward.ts";
import type { Params } from "./grid.ts";
import { switchingStrategy } from "./switching.ts";

/**
 * Everything a walk-forward run keeps fixed, in a form a worker can receive (structured clone:
 * typed arrays, plain objects, names instead of functions).
 */
export interface EngineSetup {
  readonly series: readonly SymbolSeries[];
  readonly strategy: string;
  /** Parameters not in the grid (e.g. from flags); grid values override them. */
  readonly fixedParams: Readonly<Record<string, unknown>>;
  /** Sizing, risk, exits, validation and costs, as the plain backtest and \`run\` apply them. */
  readonly setup: TradingSetup;
  readonly barsPerYear: number;
}

/**
 * The real engine as a walk-forward runner: one backtest per job on the job's bar range; a job
 * with parameter switches runs one account whose strategy changes parameters at each switch.
 */
export function engineRunner(setup: EngineSetup): RunBacktest {
  const feed = new HistoricalFeed(setup.series);
  const configured = (params: Params) => configureStrategy(setup.strategy, { ...setup.fixedParams, ...params });
  return (job) => {
    const switches = (job.switches ?? []).map((s) => ({ fromTime: feed.timeline[s.from]!, strategy: configured(s.params) }));
    const result = runBacktest({
      feed,
      strategy: switchingStrategy(configured(job.params), switches),
      setup: setup.setup,
      initialCash: job.initialCash,
      barsPerYear: setup.barsPerYear,
      range: { from: job.range.from, to: job.range.to },
    });
    return { equity: result.equity, trades: result.trades, exposure: result.exposure, exits: result.exits, refusals: result.refusals, data: result.data, killSwitch: result.killSwitch };
  };
}
