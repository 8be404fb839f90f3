import type { ArgsDef } from "citty";
import type { RiskOverrides, SetupOverrides } from "../app/setup/trading-setup.ts";
import { COMMISSION_MODELS, type CommissionModelName } from "../core/commission/index.ts";
import { UserError } from "../core/errors.ts";
import type { Sizing } from "../core/sizing.ts";
import type { ExitRules } from "../engine/trading-setup.ts";
import { portfolioSizing, PORTFOLIO_SIZING_ARGS, REGIME_FILTER_ARGS } from "./backtest-portfolio-flags.ts";

// The flags that change a TradingSetup, shared by `backtest` and `run`: each overrides the config
// key of the same name for this command only (docs/pipeline.md).

const EXIT_FLAGS = {
  "stop-loss-pct": ["stopLossPct", "Stop loss: close a position this many % against its cost; 0 = off (default: config risk.stop_loss_pct)"],
  "take-profit-pct": ["takeProfitPct", "Take profit: close a position this many % in its favour; 0 = off (default: config risk.take_profit_pct)"],
  "trailing-stop-pct": ["trailingStopPct", "Trailing stop: close once the close falls this many % from its best since entry; 0 = off (default: config risk.trailing_stop_pct)"],
} as const satisfies Record<string, readonly [keyof ExitRules, string]>;

const RISK_FLAGS = {
  "max-open-positions": ["maxOpenPositions", "integer", "Most positions open at once (default: config risk.max_open_positions)"],
  "max-position-value": ["maxPositionValue", "number", "Largest position, USD (default: config risk.max_position_value)"],
  "max-position-pct": ["maxPositionPct", "percent", "Largest position, % of equity (default: config risk.max_position_pct)"],
  "max-order-value": ["maxOrderValue", "number", "Largest order, USD (default: config risk.max_order_value)"],
  "max-daily-trades": ["maxDailyTradesPerSymbol", "integer", "Most orders per symbol and day (default: config risk.max_daily_trades_per_symbol)"],
  "daily-loss-limit": ["dailyLossLimit", "number", "Loss in a day, USD, that turns the kill switch on (default: config risk.daily_loss_limit)"],
  "duplicate-window-minutes": ["duplicateWindowMinutes", "number", "Same symbol and side again within this many minutes is refused (default: config risk.duplicate_window_minutes)"],
} as const satisfies Record<string, readonly [keyof RiskOverrides, "integer" | "number" | "percent", string]>;


/** The setup flags of `run`: everything but the research switches. */
export const LIVE_SETUP_ARGS = {
  qty: { type: "string", description: "Sizing: N shares per entry (default: config run.qty, else run.cash_per_trade)" },
  "cash-per-trade": { type: "string", description: "Sizing: this many USD per entry (default: config run.cash_per_trade)" },
  "pct-equity": { type: "string", description: "Sizing: P% of current equity per entry" },
  "vol-target": { type: "string", description: "Sizing: annualized volatility target in % (e.g. 15), from realized volatility, at most 100% of equity" },
  "vol-lookback": { type: "string", description: "Bars of realized volatility for --vol-target (default 20)" },
  ...PORTFOLIO_SIZING_ARGS,
  "regime-filter": REGIME_FILTER_ARGS["regime-filter"],
  "regime-of": REGIME_FILTER_ARGS["regime-of"],
  commission: { type: "string", description: `Commission model: ${COMMISSION_MODELS.join(", ")} (default: config run.commission, ib-fixed)` },
  "slippage-bps": { type: "string", description: "Adverse slippage on market and stop fills, basis points (default: config run.slippage_bps, 0)" },
  ...Object.fromEntries(Object.entries(EXIT_FLAGS).map(([flag, [, description]]) => [flag, { type: "string", description }])),
  ...Object.fromEntries(Object.entries(RISK_FLAGS).map(([flag, [, , description]]) => [flag, { type: "string", description }])),
} as const satisfies ArgsDef;

/** The setup flags of `backtest`: `run`'s, and --no-risk / --no-validate for research. */
export const SETUP_ARGS = {
  ...LIVE_SETUP_ARGS,
  risk: { type: "boolean", description: "Apply the [risk] rules and exits (--no-risk: research only, no rules, no exits unless an exit flag is given)", default: true },
  validate: { type: "boolean", description: "Validate every bar as run does (--no-validate: bars reach the strategy unchecked)", default: true },
} as const satisfies ArgsDef;

/** The setup flags given, as overrides of the configured setup. */
export function parseSetupFlags(args: Record<string, unknown>): Omit<SetupOverrides, "strategy" | "symbols"> {
  const exits: Partial<Record<keyof ExitRules, number>> = {};
  for (const [flag, [key]] of Object.entries(EXIT_FLAGS)) {
    if (args[flag] === undefined) continue;
    const pct = flagNumber(flag, args[flag], true);
    if (pct >= 100) throw new UserError(`--${flag} must be a percentage in [0, 100) (0 = off), got '${String(args[flag])}'`);
    exits[key] = pct;
  }
  const risk: Record<string, number> = {};
  for (const [flag, [key, kind]] of Object.entries(RISK_FLAGS)) {
    if (args[flag] === undefined) continue;
    const n = flagNumber(flag, args[flag], true);
    if (kind === "integer" && !Number.isInteger(n)) throw new UserError(`--${flag} must be a whole number >= 0, got '${String(args[flag])}'`);
    if (kind === "percent" && n > 100) throw new UserError(`--${flag} must be a percentage in [0, 100], got '${String(args[flag])}'`);
    risk[key] = n;
  }
  const sizing = sizingFlags(args);
  const regime = setupRegimeFilter(args);
  return {
    ...(regime ? { regimeFilter: regime } : {}),
    ...(sizing ? { sizing } : {}),
    ...(Object.keys(exits).length > 0 ? { exits } : {}),
    ...(Object.keys(risk).length > 0 ? { risk: risk as RiskOverrides } : {}),
    ...(args["risk"] === false ? { noRisk: true } : {}),
    ...(args["validate"] === false ? { noValidate: true } : {}),
    ...(args["commission"] !== undefined ? { commission: commissionName(args["commission"]) } : {}),
    ...(args["slippage-bps"] !== undefined ? { slippageBps: flagNumber("slippage-bps", args["slippage-bps"], true) } : {}),
  };
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A flag's number; UserError naming the flag and the expected form. */
export function flagNumber(flag: string, value: unknown, zeroOk = false): number {
  const text = String(value ?? "").trim().replace(/_/g, "");
  const n = NUMBER.test(text) ? Number(text) : NaN;
  if (!Number.isFinite(n) || n < 0 || (!zeroOk && n === 0)) {
    throw new UserError(`--${flag} must be a number ${zeroOk ? ">= 0" : "> 0"}, got '${String(value ?? "")}'`);
  }
  return n;
}

function commissionName(value: unknown): CommissionModelName {
  const name = String(value);
  if (!(COMMISSION_MODELS as readonly string[]).includes(name)) {
    throw new UserError(`--commission must be one of ${COMMISSION_MODELS.join(", ")}, got '${name}'`);
  }
  return name as CommissionModelName;
}

function sizingFlags(args: Record<string, unknown>): Sizing | undefined {
  const modeFlag = args["sizing"] !== undefined ? "sizing" : "target-vol";
  const given = (["qty", "cash-per-trade", "pct-equity", "vol-target", modeFlag] as const).filter((f) => args[f] !== undefined);
  if (given.length > 1) throw new UserError(`Give one sizing flag, not ${given.map((f) => `--${f}`).join(" and ")}`);
  const portfolio = portfolioSizing(args);
  if (portfolio) return portfolio;
  if (args["vol-lookback"] !== undefined && given[0] !== "vol-target") throw new UserError("--vol-lookback only applies with --vol-target");
  const v = (f: string) => flagNumber(f, args[f]);
  switch (given[0]) {
    case undefined:
      return undefined;
    case "qty": {
      const qty = v("qty");
      if (!Number.isInteger(qty)) throw new UserError(`--qty must be a whole number of shares > 0, got '${String(args["qty"])}'`);
      return { kind: "qty", qty };
    }
    case "cash-per-trade":
      return { kind: "cash", amount: v("cash-per-trade") };
    case "pct-equity": {
      const pct = v("pct-equity");
      if (pct > 100) throw new UserError(`--pct-equity must be a percentage in (0, 100], got '${String(args["pct-equity"])}'`);
      return { kind: "pct-equity", pct };
    }
    case "vol-target": {
      const lookback = args["vol-lookback"] === undefined ? 20 : v("vol-lookback");
      if (!Number.isInteger(lookback) || lookback < 2) throw new UserError(`--vol-lookback must be a whole number of bars >= 2, got '${String(args["vol-lookback"])}'`);
      return { kind: "vol-target", pct: v("vol-target"), lookback };
    }
  }
}

/**
 * --regime-filter with rules regimes goes into the setup (the pipeline applies it in backtest,
 * replay and run alike); with `backtest --regime-method hmm` the backtest applies it itself.
 */
function setupRegimeFilter(args: Record<string, unknown>): { filter: string; source: "market" | "symbol" } | undefined {
  const filter = args["regime-filter"];
  if (filter === undefined || args["regime-method"] === "hmm") return undefined;
  const of = args["regime-of"];
  if (of !== undefined && of !== "market" && of !== "symbol") throw new UserError(`--regime-of must be market or symbol, got '${String(of)}'`);
  return { filter: String(filter), source: of === "symbol" ? "symbol" : "market" };
}
