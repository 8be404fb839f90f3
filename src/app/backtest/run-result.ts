import type { SymbolSeries } from "../../backtest/historical-feed.ts";
import type { BacktestOutcome, BacktestRequest } from "./backtest-request.ts";
import type { ScoreInput, Simulated } from "./plain-run.ts";
import { DEFAULT_REGIME_INDEX } from "./regime-setup.ts";

export interface Ran {
  readonly outcome: Omit<BacktestOutcome, "runId" | "reportPath" | "params"> & { readonly params: Record<string, unknown> };
  /** The series the phases after the run read (keptAfterRun). */
  readonly series: readonly SymbolSeries[];
  readonly strategyName: string;
  readonly barsPerYear: number;
  /**
   * Whether the phases after the run hint collections (default): not after a run over a CSV
   * stream's shared columns, never printed as --json (its text is small; each hint's collection
   * cost the main thread 2-6 ms after the last bar: docs/performance.md, "start3").
   */
  readonly collectAfterRun?: boolean;
}

/** A plain run simulated, not yet scored. */
export interface Simulating extends Omit<Ran, "outcome"> {
  readonly head: Pick<Ran["outcome"], "symbols" | "params" | "setup">;
  readonly simulated: Simulated;
  readonly scoring: ScoreInput;
}

/** The series the phases after the run read: every one for --report, else the regime index's and the benchmark's when traded. */
export function keptAfterRun(series: readonly SymbolSeries[], request: BacktestRequest): readonly SymbolSeries[] {
  if (request.report !== undefined) return series;
  const wanted = [request.regimeFilter?.index ?? DEFAULT_REGIME_INDEX, request.analytics?.benchmark];
  return series.filter((s) => wanted.includes(s.symbol));
}
