import { largeFloat64Array } from "../../adapters/os/huge-pages.ts";
import type { CsvStream } from "../../adapters/csv/csv-stream.ts";
import type { SymbolSeries } from "../../backtest/historical-feed.ts";
import { TRADING_DAYS_PER_YEAR } from "../../backtest/stats/bars-per-year.ts";
import { inferBarsPerYear } from "../../backtest/stats/infer-bars-per-year.ts";
import { warmSeriesPasses } from "../../backtest/stats/series-passes.ts";
import { StreamingFeed, type GrowingSeries } from "../../backtest/streaming-feed.ts";
import { needsCovariance } from "../../core/sizing.ts";
import type { MarketRegimeSource } from "../../engine/market-view.ts";
import type { TradingSetup } from "../../engine/trading-setup.ts";
import type { ConfiguredStrategy } from "../../strategy/types.ts";
import { streamedBars } from "../data/load-series.ts";
import { prepareSimulation, type PreparedSimulation, type Simulated } from "./plain-run.ts";
import { mergedKeepingRefusals } from "../../backtest/refusals-of.ts";

export interface StreamedInput {
  readonly stream: CsvStream;
  readonly symbol: string;
  readonly strategy: ConfiguredStrategy;
  readonly setup: TradingSetup;
  readonly initialCash: number;
  /** Made before the file's columns: it may read the run's symbol, never its bars. */
  readonly marketRegime: MarketRegimeSource;
  readonly onProgress?: ((done: number, total: number) => void) | undefined;
  /** The ordinary run's check before its loop (too few bars to warm up): made once the bars are known. */
  readonly checkBars: (bars: number) => void;
}

export interface StreamedRun {
  readonly simulated: Simulated;
  /** The file's series, whole. */
  readonly series: SymbolSeries;
  readonly barsPerYear: number;
}

/**
 * Whether a setup's run reads nothing of the bars before its loop but the bars themselves:
 * volatility sizing reads the bars per year of the whole time line.
 */
export function streamableSetup(setup: TradingSetup): boolean {
  return setup.sizing.kind !== "vol-target" && !needsCovariance(setup.sizing);
}

/**
 * A plain backtest of one CSV file run while a worker reads the file (csv-stream.ts): the loop
 * takes each bar once it is settled and waits when it catches up. Once the file is read the run
 * stands only if it was the whole file's run: the file had no problem (else the same UserError
 * as the ordinary way, and nothing of the run is kept), its times rose row after row and the run
 * saw every bar. The ordinary run's checks come in its order: the file, too few bars, then
 * whatever the run threw. Undefined: run it the ordinary way, from streamedBars (a file read
 * newest first, a run that stopped early).
 */
export async function simulateStreamed(input: StreamedInput): Promise<StreamedRun | undefined> {
  const { stream, symbol } = input;
  // Made while the worker starts (this thread would only wait for its columns): the run's set-up,
  // then simulate's warm-up of the scoring.
  const prepared = prepareStreamed(input);
  warmSeriesPasses();
  const columns = await stream.columns();
  // No wait for the first bar here: the run starts while the worker reads it, and a file without
  // one runs no bar and is read the ordinary way below (not whole).
  if (columns === null) return undefined;
  const growing: GrowingSeries = { symbol, ...columns, waitFor: (n) => stream.waitFor(n), expected: stream.expected };
  let simulated: Simulated | undefined;
  let failure: unknown;
  try {
    simulated = prepared.run(new StreamingFeed(growing), [growing]);
  } catch (error) {
    failure = error;
  }
  const { bars, whole } = await streamedBars(stream);
  const n = bars.time.length;
  if (!whole || (failure === undefined && simulated?.result.bars !== n)) return undefined;
  input.checkBars(n);
  if (failure !== undefined || simulated === undefined) throw failure;
  const series = { symbol, ...bars };
  const barsPerYear = inferBarsPerYear(bars.time);
  return { simulated: { result: mergedKeepingRefusals(simulated.result, { barsPerYear }), closes: [{ symbol, time: bars.time, close: bars.close }] }, series, barsPerYear };
}

/** The streamed run's set-up, before its columns: a plain run of the file's one symbol from its first bar. */
function prepareStreamed(input: StreamedInput): PreparedSimulation {
  const { stream } = input;
  return prepareSimulation({
    symbols: [input.symbol],
    strategy: input.strategy,
    setup: input.setup,
    initialCash: input.initialCash,
    // Read only by volatility sizing (not streamable); the result's is set from the whole time line.
    barsPerYear: TRADING_DAYS_PER_YEAR,
    // The command streams only large files.
    long: true,
    marketRegime: input.marketRegime,
    onProgress: input.onProgress,
    // The stream's buffer holds the recorder's columns too (shared-columns.ts: no large allocation
    // here after the buffer came); else huge pages only where the file's bars are expected.
    newColumn: (n) => (stream.recorder?.equity.length === n ? stream.recorder.equity : largeFloat64Array(n, stream.expected)),
    newFlags: (n) => (stream.recorder?.exposure.length === n ? stream.recorder.exposure : new Uint8Array(n)),
  });
}
