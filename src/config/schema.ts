import * as v from "valibot";
import { parseWebhookSpec, WEBHOOK_EXPECTED } from "./webhook-spec.ts";
import { COMMISSION_MODELS } from "../core/commission/index.ts";

/** The symbols robotrader trades when none are configured. */
export const DEFAULT_SYMBOLS = [
  "AAPL", "NVDA", "TSLA", "IXHL", "NUAI", "BZAI", "ELTP", "OPEN", "CEG", "VRT",
  "PLTR", "UPST", "TEM", "HTFL", "SDGR", "APLD", "SOFI", "CORZ", "WULF",
] as const;

// Upper-cased like every --symbol flag, so "aapl" in robotrader.toml means AAPL.
const Symbol = v.pipe(v.string(), v.trim(), v.toUpperCase(), v.regex(/^[A-Z][A-Z0-9.]{0,9}$/, "a ticker like AAPL or BRK.B"));
const Port = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(65535));
const Percent = v.pipe(v.number(), v.minValue(0), v.maxValue(100));
const PositiveMoney = v.pipe(v.number(), v.minValue(0));

export const GatewaySchema = v.object({
  /** Where TWS / IB Gateway listens. */
  host: v.optional(v.pipe(v.string(), v.minLength(1)), "127.0.0.1"),
  /** 4002 IB Gateway paper, 4001 Gateway live, 7497 TWS paper, 7496 TWS live. */
  port: v.optional(Port, 4002),
  /** API client id; a fresh one is tried when IB answers 326 (id in use). */
  clientId: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(2147483647)), 17),
  /** The IB account this runner trades (secret: masked in output). */
  accountId: v.optional(v.pipe(v.string(), v.regex(/^[A-Z]{1,3}[0-9]{4,}$/, "an IB account id: 1-3 capital letters, then 4 or more digits (paper accounts start with DU)"))),
  /** How long the API handshake may take before the connection counts as failed (ms). */
  handshakeTimeoutMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(100)), 5000),
});

export const RiskSchema = v.object({
  /** Positions open at once, across symbols. */
  maxOpenPositions: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0)), 10),
  /** One position may not exceed this value (USD). */
  maxPositionValue: v.optional(PositiveMoney, 10_000),
  /** Orders per symbol per New York trading day. */
  maxDailyTradesPerSymbol: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0)), 4),
  /** Close a position once it lost this many percent from its average cost; 0 = off. */
  stopLossPct: v.optional(Percent, 5),
  /** Close a position once it gained this many percent over its average cost; 0 = off. */
  takeProfitPct: v.optional(Percent, 10),
  /** Close a position once the price falls this many percent below its best close since entry (above, for a short); 0 = off. */
  trailingStopPct: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(99.99)), 0),
  /** Realized + unrealized loss for the day (USD) that trips the kill switch. */
  dailyLossLimit: v.optional(PositiveMoney, 1_000),
  /** A position may not exceed this share of equity (percent). */
  maxPositionPct: v.optional(Percent, 25),
  /** One order may not exceed this value (USD). */
  maxOrderValue: v.optional(PositiveMoney, 10_000),
  /** The same symbol and side again within this many minutes is refused. */
  duplicateWindowMinutes: v.optional(v.pipe(v.number(), v.minValue(0)), 5),
  /** With the kill switch on, still let orders that only reduce a position through (stop-loss exits); new exposure stays blocked. */
  killSwitchAllowsReducing: v.optional(v.boolean(), true),
  /** Symbols correlated above correlationThreshold may hold at most this share of equity together (percent); unset = not checked. */
  maxCorrelatedExposurePct: v.optional(Percent),
  /** Rolling correlation above which two symbols count as one group for maxCorrelatedExposurePct. */
  correlationThreshold: v.optional(v.pipe(v.number(), v.minValue(-0.99), v.maxValue(0.99)), 0.7),
});

export const CircuitBreakerSchema = v.object({
  /** Consecutive data or broker failures that stop new orders. */
  failureThreshold: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1)), 5),
  /** How long the breaker stays open before it tries again (ms). */
  coolDownMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0)), 60_000),
});

export const DataSchema = v.object({
  /** A bar this many robust standard deviations from the recent median return is an outlier and rejected... */
  outlierSigma: v.optional(v.pipe(v.number(), v.minValue(1)), 8),
  /** ...and moved more than this percent from the last accepted close on 5-minute bars (quiet series have tiny sigmas); longer bars scale it by sqrt(trading minutes / 5): 26.5% on daily bars. */
  outlierMinMovePct: v.optional(v.pipe(v.number(), v.minValue(0)), 3),
  /** A live bar older than this (ms) when it arrives is stale and rejected. */
  maxAgeMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1000)), 120_000),
});

export const RunSchema = v.object({
  /** Strategy the runner trades, by registry name. */
  strategy: v.optional(v.pipe(v.string(), v.minLength(1)), "sma-cross"),
  /** Bar size the runner trades on. */
  barSize: v.optional(v.picklist(["5s", "1m", "5m", "15m", "30m", "1h", "1d"]), "5m"),
  /** NYSE sessions in which new orders may be sent. */
  sessions: v.optional(v.pipe(v.array(v.picklist(["pre-market", "regular", "after-hours"])), v.minLength(1)), ["regular"]),
  /** Cancel open orders on SIGINT/SIGTERM (default: leave them working at the broker). */
  cancelOnShutdown: v.optional(v.boolean(), false),
  /** Whole shares per entry; 0 means size by run.cashPerTrade. */
  qty: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0)), 0),
  /** USD per entry when qty is 0. */
  cashPerTrade: v.optional(PositiveMoney, 5_000),
  /** Commission model for paper fills and backtests (ibkr: IB charges its own). */
  commission: v.optional(v.picklist(COMMISSION_MODELS), "ib-fixed"),
  /** Adverse slippage on paper and backtest market and stop fills, basis points (100 = 1%). */
  slippageBps: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(9_999)), 0),
  /** --broker ibkr: seconds between reconciliation passes while running (0 = only at start, reconnects and anomalies). */
  reconcileIntervalS: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(86_400)), 60),
  /** --broker ibkr: seconds an acknowledgement, fill or commission report may take before reconciliation runs; also the shutdown's wait for in-flight orders. */
  ackTimeoutS: v.optional(v.pipe(v.number(), v.minValue(0.1), v.maxValue(600)), 10),
});

/** Parameter values of the configured strategy: numbers, booleans, strings (checked by the strategy's own schema). */
const StrategyParamValue = v.union([v.number(), v.boolean(), v.string()], "a number, true/false or a string");

export const StrategySchema = v.object({
  /** A built-in strategy (robotrader strategy list) or a strategy file (./my-strategy.ts); default run.strategy. */
  name: v.optional(v.pipe(v.string(), v.minLength(1))),
  /** [strategy.params]: the strategy's parameters (name = value). */
  params: v.optional(v.record(v.string(), StrategyParamValue), {}),
});

/** One of several strategies of an account: [[strategies]] in robotrader.toml. */
export const StrategyEntrySchema = v.strictObject({
  /** A built-in strategy or a strategy file (./my-strategy.ts). */
  name: v.pipe(v.string(), v.minLength(1)),
  /** Its name in orders, positions and P&L when the same strategy runs twice (default: the strategy's name). */
  id: v.optional(v.pipe(v.string(), v.regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, "lower-case words joined by '-'"))),
  /** The symbols it trades (default: the command's symbols). */
  symbols: v.optional(v.pipe(v.array(Symbol), v.minLength(1))),
  /** The strategy's parameters (name = value), checked by the strategy's own schema. */
  params: v.optional(v.record(v.string(), StrategyParamValue), {}),
  /**
   * [strategies.risk]: this strategy's own limits besides the account's [risk]. Spelled as in
   * TOML (snake_case): keys inside a list of tables are not translated.
   */
  risk: v.optional(
    v.strictObject({
      max_position_value: v.optional(PositiveMoney),
      max_open_positions: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
    }),
  ),
});

export const DashboardSchema = v.object({
  /** Address the status page (serve, run --serve) binds; anything but loopback needs a token. */
  host: v.optional(v.pipe(v.string(), v.minLength(1)), "127.0.0.1"),
  /** Port of the status page. */
  port: v.optional(Port, 5555),
  /** Required when host is not a loopback address (secret: masked in output). */
  token: v.optional(v.pipe(v.string(), v.minLength(16, "at least 16 characters"))),
});

export const NotifySchema = v.object({
  /** Where events go (fills, refusals, kill switch, ...): URLs, each optionally prefixed json:, slack:, discord: or telegram: (secret: masked in output). */
  webhooks: v.optional(v.array(v.pipe(v.string(), v.check((s) => parseWebhookSpec(s).ok, WEBHOOK_EXPECTED))), []),
});

export const AppConfigSchema = v.object({
  /** paper, or live for real money (also needs run --live and a live port). */
  mode: v.optional(v.picklist(["paper", "live"]), "paper"),
  /** The watch list that run, data fetch and backtest use when no --symbols is given. */
  symbols: v.optional(v.pipe(v.array(Symbol), v.minLength(1)), [...DEFAULT_SYMBOLS]),
  /** Folder of robotrader.db (bars, orders, fills, runs) and logs; --data-dir overrides it. */
  dataDir: v.optional(v.pipe(v.string(), v.minLength(1)), "data"),
  gateway: v.optional(GatewaySchema, {}),
  risk: v.optional(RiskSchema, {}),
  circuitBreaker: v.optional(CircuitBreakerSchema, {}),
  data: v.optional(DataSchema, {}),
  run: v.optional(RunSchema, {}),
  strategy: v.optional(StrategySchema, {}),
  /** Several strategies in one account ([[strategies]]); used when --strategy is not given. */
  strategies: v.optional(v.array(StrategyEntrySchema), []),
  dashboard: v.optional(DashboardSchema, {}),
  notify: v.optional(NotifySchema, {}),
});

export type AppConfig = v.InferOutput<typeof AppConfigSchema>;
export type AppConfigInput = v.InferInput<typeof AppConfigSchema>;

/** Dotted keys whose values are secrets and must be masked wherever they are shown. */
export const SECRET_KEYS: ReadonlySet<string> = new Set(["gateway.accountId", "dashboard.token", "notify.webhooks"]);
