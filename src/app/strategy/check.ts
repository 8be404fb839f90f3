import path from "node:path";
import { embeddedBars, EMBEDDED_SYMBOL } from "../../adapters/embedded/sp500.ts";
import { loadStrategyFile, shownPath } from "../../adapters/strategy-file/load-strategy-file.ts";
import { HistoricalFeed, seriesFromBars, type SymbolSeries } from "../../backtest/historical-feed.ts";
import { runBacktest } from "../../backtest/run-backtest.ts";
import { barSizeMs, type BarSize } from "../../core/bar.ts";
import { isUserError } from "../../core/errors.ts";
import { defaultSizing } from "../../core/sizing.ts";
import { plainSetup } from "../../engine/trading-setup.ts";
import { guardStrategy, type StrategyFailure } from "../../strategy/guard.ts";
import { defaultProblems } from "../../strategy/params.ts";
import { strategyNames } from "../../strategy/registry.ts";
import { checkInstances, type InstanceProblem } from "./check-instance.ts";
import { StrategySource } from "./source-line.ts";

export interface CheckProblem {
  /** "path:line:column" when known. */
  readonly where: string | null;
  readonly message: string;
}

export interface CheckReport {
  readonly file: string;
  readonly ok: boolean;
  readonly name: string | null;
  readonly kind: "symbol" | "portfolio" | null;
  readonly params: Readonly<Record<string, unknown>> | null;
  readonly problems: readonly CheckProblem[];
  /** Notes that are not errors (e.g. no order on the whole series). */
  readonly notes: readonly string[];
  readonly bars: number;
  readonly fills: number;
  readonly trades: number;
}

/** A bar's time in a problem: its date, with the UTC time of day for intraday bars. */
const when = (time: number, intraday: boolean) =>
  Number.isNaN(time) ? "start" : intraday ? `${new Date(time).toISOString().slice(0, 16).replace("T", " ")} UTC` : new Date(time).toISOString().slice(0, 10);

/** The bars to check over (`--symbol`/`--data`/`--bar-size`... as backtest loads them); default: the embedded SPX daily series. */
export interface CheckBars {
  readonly series: readonly SymbolSeries[];
  readonly barSize: BarSize;
}

/** "SPX", "AAPL, MSFT", or the first five and how many more. */
export function barsOf(symbols: readonly string[]): string {
  return symbols.length <= 5 ? symbols.join(", ") : `${symbols.slice(0, 5).join(", ")} and ${symbols.length - 5} more`;
}

/** "file:line:col" relative to the working directory. */
const shownWhere = (where: string | undefined) => (where === undefined ? null : shownPath(where));

/**
 * `robotrader strategy check FILE`: loads the file, checks its parameters (`raw` over the
 * defaults; every default against its own schema) and runs it over `bars` (default: the embedded
 * SPX daily series), checking what `create` and the callbacks return. Every problem names the file, with
 * its line when known. Types are not checked (docs/strategies.md: tsc --noEmit does that).
 */
export async function checkStrategyFile(file: string, raw: Readonly<Record<string, unknown>> = {}, bars?: CheckBars): Promise<CheckReport> {
  const empty = { file, name: null, kind: null, params: null, notes: [], bars: 0, fills: 0, trades: 0 };
  const source = new StrategySource(path.resolve(file));
  let registered;
  try {
    registered = await loadStrategyFile(file, strategyNames());
  } catch (error) {
    if (!isUserError(error)) throw error;
    // "strategy file ./x.ts:3:5: Unexpected ;" -> where ./x.ts:3:5, message "Unexpected ;".
    const located = /^strategy file (\S+:\d+:\d+): ([\s\S]*)$/.exec(error.message);
    const inFile = `strategy file ${source.shown}: `;
    const problem = located
      ? { where: located[1]!, message: located[2]! }
      : error.message.startsWith(inFile) ? { where: source.shown, message: error.message.slice(inFile.length) } : { where: null, message: error.message };
    return { ...empty, ok: false, problems: [problem] };
  }
  const base = { ...empty, name: registered.name, kind: registered.kind };
  // Parameters a run would refuse without --set: every default its own schema fails, or none at all.
  const given = new Set(Object.keys(raw).filter((k) => raw[k] !== undefined));
  const defaults = registered.schema ? defaultProblems(registered.schema, given) : [];
  if (defaults.length > 0) {
    return { ...base, ok: false, problems: defaults.map((d) => ({ where: source.param(d.name), message: `strategy ${registered.name}: ${d.message}` })) };
  }
  let configured;
  try {
    configured = registered.configure(raw);
  } catch (error) {
    if (!isUserError(error)) throw error;
    const param = /: parameter '([^']+)'/.exec(error.message)?.[1];
    return { ...base, ok: false, problems: [{ where: param !== undefined ? source.param(param) : source.shown, message: error.message }] };
  }
  const failures: StrategyFailure[] = [];
  const shapes: InstanceProblem[] = [];
  const guarded = guardStrategy(checkInstances(configured, (p) => shapes.push(p)), (f) => failures.push(f));
  const series = bars?.series ?? [seriesFromBars(EMBEDDED_SYMBOL, embeddedBars())];
  const feed = new HistoricalFeed(series);
  // The bare engine, as a backtest without a setup; the bar size given, so the clock steps by it.
  const setup = bars ? { setup: plainSetup({ sizing: defaultSizing(series.length), barSize: bars.barSize }) } : {};
  const intraday = bars !== undefined && barSizeMs(bars.barSize) < 86_400_000;
  let result;
  try {
    result = runBacktest({ feed, strategy: guarded, ...setup });
  } catch (error) {
    // Not the strategy's own code: a bad order it asked for (the engine says why).
    const message = error instanceof Error ? error.message : String(error);
    return { ...base, params: configured.params, ok: false, problems: [{ where: source.shown, message }] };
  }
  const problems = [
    ...shapes.map((p) => ({ where: source.member(p.part), message: p.message })),
    ...failures.map((f) => ({
      where: shownWhere(f.where) ?? source.shown,
      message: `${f.phase === "create" ? "create" : f.phase === "fill" ? "onFill" : registered.kind === "portfolio" ? "onStep" : "onBar"} threw on ${f.symbol} at ${when(f.time, intraday)}: ${f.message}`,
    })),
  ];
  const fills = result.fills.length;
  const notes: string[] = [];
  if (result.fills.length === 0 && problems.length === 0) notes.push(`no order filled on ${result.bars} bars of ${barsOf(series.map((s) => s.symbol))}: check the entry rule`);
  return {
    ...base,
    params: configured.params,
    ok: problems.length === 0,
    problems,
    notes,
    bars: result.bars,
    fills,
    trades: result.trades.length,
  };
}
