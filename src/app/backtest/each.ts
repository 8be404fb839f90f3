import type { Stats } from "../../backtest/stats/stats.ts";
import type { TradeRecord } from "../../backtest/types.ts";
import { mapInWorkers } from "../../backtest/job-pool.ts";
import { workerEntry } from "../../core/worker-entry.ts";
import { shardJobs, type Shard } from "../../backtest/shard-parts.ts";
import { reviveStats, stashStats } from "../../backtest/walk-forward/shard.ts";
import type { AppConfig } from "../../config/schema.ts";
import { UserError } from "../../core/errors.ts";
import { money, type Money } from "../../core/money.ts";
import type { Logger } from "../../log/logger.ts";
import { findStrategy } from "../../strategy/registry.ts";
import { symbolFromFile } from "./backtest-bars.ts";
import type { BacktestRequest } from "./backtest-request.ts";
import { runBacktestCommand } from "./run-backtest.ts";
import { DEFAULT_REGIME_INDEX, marketRegimeSource } from "./regime-setup.ts";
import type { MarketRegimeSource } from "../../engine/market-view.ts";
import type { RiskLimits } from "../../core/risk/standard-rules.ts";
import type { Sizing } from "../../core/sizing.ts";
import { sizingLimitHint, sumByRule } from "../setup/sizing-limit-hint.ts";
import { refusalCount, refusalCountsByRule } from "../../backtest/refusals-of.ts";

/** One symbol's own backtest in a `backtest --each` batch. */
export interface SymbolResult {
  readonly symbol: string;
  readonly stats: Stats;
  readonly trades: readonly TradeRecord[];
  /** Protective exits, refused orders and broker notices of the run (counts). */
  readonly exits: number;
  readonly refusals: number;
  readonly notices: number;
  /** The refusals counted by rule (absent in shard files written before it was kept). */
  readonly refusedByRule?: Readonly<Record<string, number>>;
  /** The run's sizing and [risk] limits, for the batch's size-limit note (app/setup/sizing-limit-hint.ts). */
  readonly sizing?: Sizing;
  readonly limits?: RiskLimits;
}

/** The batch at a glance: sums and spreads over the symbols' separate accounts. */
export interface EachAggregate {
  readonly symbols: number;
  /** Symbols with at least one trade (closed or open). */
  readonly traded: number;
  /** Symbols whose total return is above 0. */
  readonly winners: number;
  readonly trades: number;
  readonly openTrades: number;
  /** Sum over the symbols of realized + open P&L, net of commissions (exact). */
  readonly netPnl: Money;
  readonly commissions: Money;
  readonly meanReturn: number | null;
  readonly medianReturn: number | null;
  readonly meanSharpe: number | null;
  readonly medianSharpe: number | null;
  readonly best: { readonly symbol: string; readonly totalReturn: number } | null;
  readonly worst: { readonly symbol: string; readonly totalReturn: number } | null;
}

export interface EachOutcome {
  readonly symbols: readonly string[];
  readonly initialCash: number;
  readonly results: readonly SymbolResult[];
  readonly aggregate: EachAggregate;
  /** The symbols' refused orders by rule, summed (from shard files that kept them). */
  readonly refusedByRule: Readonly<Record<string, number>>;
  /** Notes the text ends with (the size-limit note when the [risk] limits refused risk-parity/target-vol entries). */
  readonly notes: readonly string[];
}

/** What one shard of a batch leaves: its symbols' results (stashed JSON) by job number. */
export interface EachShardOutcome {
  readonly symbols: readonly string[];
  readonly jobs: number;
  readonly results: readonly (readonly [number, unknown])[];
}

export interface EachOptions {
  /** Worker threads (default: every core; 1 = this thread). A strategy file or [[strategies]] runs in this thread. */
  readonly workers?: number | undefined;
  readonly quiet?: boolean | undefined;
}

/** The setup each worker gets once: plain data only. */
interface EachSetup {
  readonly config: AppConfig;
  readonly request: Omit<BacktestRequest, "onProgress">;
  readonly quiet: boolean;
}

/**
 * `backtest --each`: every symbol (or --data file) is its own backtest, with its own account of
 * --cash, so the batch splits exactly over cores and machines (a shared account does not: see
 * docs/performance.md). Results come back in the symbols' order whatever ran them.
 */
export async function runEach(config: AppConfig, request: BacktestRequest, options: EachOptions, log: Logger): Promise<EachOutcome> {
  const names = eachSymbols(request);
  const stashed = await runJobs(config, request, shardJobs(names.length, undefined), options, log);
  return eachOutcome(names, request.initialCash, stashed);
}

/** One shard's part of a batch (--shard I/N): symbol k runs in shard k % N. */
export async function runEachShard(config: AppConfig, request: BacktestRequest, shard: Shard, options: EachOptions, log: Logger): Promise<EachShardOutcome> {
  const names = eachSymbols(request);
  const mine = shardJobs(names.length, shard);
  const stashed = await runJobs(config, request, mine, options, log);
  return { symbols: names, jobs: names.length, results: mine.map((k, i) => [k, stashed[i]] as const) };
}

/** The batch's result from every symbol's stashed result, in the symbols' order (also what merge does). */
export function eachOutcome(symbols: readonly string[], initialCash: number, stashed: readonly unknown[]): EachOutcome {
  if (stashed.length !== symbols.length) throw new UserError(`the shards hold ${stashed.length} symbols' results; this batch has ${symbols.length}: not the same run`);
  const results = stashed.map((s) => reviveStats(s) as SymbolResult);
  results.forEach((r, k) => {
    if (r.symbol !== symbols[k]) throw new UserError(`the shards' symbol ${k + 1} is ${r.symbol}, this batch's is ${symbols[k]}: not the same run`);
  });
  const refusedByRule = sumByRule(results.map((r) => r.refusedByRule ?? {}));
  return { symbols, initialCash, results, aggregate: aggregate(results), refusedByRule, notes: batchNotes(results, refusedByRule) };
}

/**
 * The size-limit note of a single backtest, over the whole batch: every symbol runs with the same
 * sizing and limits, so the refusals by rule are summed and the note is written once.
 */
function batchNotes(results: readonly SymbolResult[], refused: Readonly<Record<string, number>>): string[] {
  const first = results.find((r) => r.sizing !== undefined);
  if (first?.sizing === undefined) return [];
  const hint = sizingLimitHint(first.sizing, first.limits, refused);
  return hint === undefined ? [] : [hint];
}

/** The batch's symbols (named as their runs name them), checked before anything runs. */
export function eachSymbols(request: BacktestRequest): string[] {
  if (request.walkForward) throw new UserError("--each runs one plain backtest per symbol; it does not combine with --walk-forward (shard the walk-forward itself with --shard)");
  if (request.report !== undefined) throw new UserError("--report draws one account; --each runs one account per symbol (use --json for the batch)");
  const portfolio = typeof request.strategy === "string" ? findStrategy(request.strategy).kind === "portfolio" : request.strategy.createPortfolio !== undefined;
  if (portfolio) {
    const name = typeof request.strategy === "string" ? request.strategy : request.strategy.name;
    throw new UserError(`--each runs each symbol alone; ${name} is a portfolio strategy that trades the symbols together`);
  }
  const names = request.dataFiles ? request.dataFiles.map(symbolFromFile) : [...(request.symbols ?? [])];
  if (names.length === 0) throw new UserError("--each needs symbols: --symbol A,B,... or --data FILE,FILE,...");
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) throw new UserError(`symbol ${n} is given twice`);
    seen.add(n);
  }
  return names;
}

/** The request of job k alone: one symbol or file, not saved, no analytics. */
function oneRequest(request: Omit<BacktestRequest, "onProgress">, k: number): BacktestRequest {
  const source = request.dataFiles ? { dataFiles: [request.dataFiles[k]!] } : { symbols: [request.symbols![k]!] };
  return { ...request, ...source, save: false, report: undefined, skipAnalytics: true };
}

/** What the jobs of one thread share: the market index's regimes, read and computed once. */
export interface EachShared {
  marketRegime?: MarketRegimeSource;
}

/**
 * The market index's regime source for job k, computed once per thread: the same call the single
 * backtest makes (its own bars not among the index's), so the same labels. Not for a job trading
 * the index itself (its slot is the source) nor for ml, whose run reads the index from the store.
 */
function sharedMarketRegime(config: AppConfig, request: Omit<BacktestRequest, "onProgress">, symbol: string, shared: EachShared): MarketRegimeSource | undefined {
  const rf = request.regimeFilter;
  const index = rf?.index ?? DEFAULT_REGIME_INDEX;
  const isMl = (typeof request.strategy === "string" ? request.strategy : request.strategy.name) === "ml";
  if (symbol === index || isMl) return undefined;
  shared.marketRegime ??= marketRegimeSource(config, index, [], request.barSize, undefined, rf?.source === "market");
  return shared.marketRegime;
}

/** Runs job k and returns its result stashed for JSON or a worker message (money as decimal strings). */
export async function runOne(config: AppConfig, request: Omit<BacktestRequest, "onProgress">, k: number, log: Logger, shared: EachShared = {}): Promise<unknown> {
  const one = oneRequest(request, k);
  const symbol = one.dataFiles ? symbolFromFile(one.dataFiles[0]!) : one.symbols![0]!;
  const marketRegime = sharedMarketRegime(config, request, symbol, shared);
  const o = await runBacktestCommand(config, marketRegime ? { ...one, marketRegime } : one, log);
  const limits = o.setup.risk?.limits;
  const result: SymbolResult = {
    symbol: o.symbols[0]!, stats: o.stats, trades: o.trades, exits: o.exits.length, refusals: refusalCount(o), notices: o.notices.length,
    refusedByRule: refusalCountsByRule(o), sizing: o.setup.sizing, ...(limits !== undefined ? { limits } : {}),
  };
  return stashStats(result);
}

async function runJobs(config: AppConfig, request: BacktestRequest, jobs: readonly number[], options: EachOptions, log: Logger): Promise<unknown[]> {
  const { onProgress, ...plain } = request;
  let done = 0;
  const tick = (n: number) => onProgress?.((done += n), jobs.length);
  // Workers configure a built-in strategy by name; a configured object (a strategy file,
  // [[strategies]]) holds functions and runs here.
  const workers = Math.min(options.workers ?? navigator.hardwareConcurrency ?? 1, jobs.length);
  if (workers > 1 && typeof request.strategy === "string") {
    const setup: EachSetup = { config, request: plain, quiet: options.quiet ?? false };
    // This thread takes batches too: one worker fewer to start.
    const shared: EachShared = {};
    return mapInWorkers<unknown>(workerEntry("app/backtest/each-worker.ts"), jobs, { setup, size: workers, onDone: tick, here: (k) => runOne(config, plain, k, log, shared) });
  }
  const out: unknown[] = [];
  const shared: EachShared = {};
  for (const k of jobs) {
    out.push(await runOne(config, plain, k, log, shared));
    tick(1);
  }
  return out;
}

function aggregate(results: readonly SymbolResult[]): EachAggregate {
  let netPnl = money(0);
  let commissions = money(0);
  let trades = 0, openTrades = 0, traded = 0, winners = 0;
  const returns: { symbol: string; r: number }[] = [];
  const sharpes: number[] = [];
  for (const { symbol, stats: s } of results) {
    netPnl = netPnl.plus(s.realizedPnl).plus(s.openPnl);
    commissions = commissions.plus(s.commissions);
    trades += s.trades;
    openTrades += s.openTrades;
    if (s.trades + s.openTrades > 0) traded++;
    if (s.totalReturn !== null) {
      returns.push({ symbol, r: s.totalReturn });
      if (s.totalReturn > 0) winners++;
    }
    if (s.sharpe !== null) sharpes.push(s.sharpe);
  }
  const byReturn = [...returns].sort((a, b) => b.r - a.r);
  return {
    symbols: results.length, traded, winners, trades, openTrades, netPnl, commissions,
    meanReturn: mean(returns.map((x) => x.r)),
    medianReturn: median(returns.map((x) => x.r)),
    meanSharpe: mean(sharpes),
    medianSharpe: median(sharpes),
    best: byReturn.length > 0 ? { symbol: byReturn[0]!.symbol, totalReturn: byReturn[0]!.r } : null,
    worst: byReturn.length > 0 ? { symbol: byReturn[byReturn.length - 1]!.symbol, totalReturn: byReturn[byReturn.length - 1]!.r } : null,
  };
}

function mean(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
