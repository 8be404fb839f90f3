import path from "node:path";
import type { Sizing } from "../../core/sizing.ts";
import { hasExits, type ExitRules, type TradingSetup } from "../../engine/trading-setup.ts";
import type { ConfiguredStrategy } from "../../strategy/types.ts";
import type { BacktestRequest } from "./backtest-request.ts";

/** What the run is, as saved and printed (params). */
export function runParams(request: BacktestRequest, strategy: ConfiguredStrategy, symbols: readonly string[], setup: TradingSetup): Record<string, unknown> {
  // Walk-forward chooses the grid's parameters per window: saving the defaults would mislead.
  const optimized = new Set(request.walkForward ? Object.keys(request.walkForward.grid) : []);
  return {
    strategy: strategy.name,
    ...Object.fromEntries(Object.entries(strategy.params).filter(([k]) => !optimized.has(k))),
    symbols,
    source: request.dataFiles ? request.dataFiles.map((f) => path.basename(f)) : "symbols",
    barSize: request.barSize,
    direction: request.direction,
    sizing: setup.sizing,
    initialCash: request.initialCash,
    commission: setup.costs.commission,
    slippageBps: setup.costs.slippageBps,
    risk: setup.risk ? "config [risk]" : "off (--no-risk)",
    exits: describeExits(setup.exits),
    validation: setup.validation ? "on" : "off (--no-validate)",
    setup,
    ...(request.walkForward ? { walkForward: request.walkForward } : {}),
    ...(request.regimeFilter ? { regimeFilter: `${request.regimeFilter.filter} (${request.regimeFilter.source === "market" ? `market ${request.regimeFilter.index}` : "own"}, ${request.regimeFilter.method ?? "rules"})` } : {}),
  };
}

export function reportParams(params: Record<string, unknown>): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = {};
  for (const [k, v] of Object.entries(params)) {
    if (k === "walkForward" || k === "setup") continue;
    if (k === "sizing" && typeof v === "object" && v !== null) out[k] = describeSizing(v as Sizing);
    else if (Array.isArray(v)) out[k] = v.join(", ");
    else out[k] = typeof v === "number" || typeof v === "boolean" || typeof v === "string" || v === null ? v : JSON.stringify(v);
  }
  return out;
}

/** "pct-equity 100%" rather than {"kind":"pct-equity","pct":100} in the report header. */
function describeSizing(sizing: Sizing): string {
  const { kind, ...rest } = sizing as { kind: string } & Record<string, unknown>;
  const values = Object.entries(rest).map(([k, v]) => (k === "pct" ? `${String(v)}%` : `${k} ${String(v)}`));
  return [kind, ...values].join(" ");
}

/** "stop loss 5%, take profit 10%" for the report header and the saved run. */
function describeExits(exits: ExitRules): string {
  if (!hasExits(exits)) return "off";
  const parts: string[] = [];
  if (exits.stopLossPct > 0) parts.push(`stop loss ${exits.stopLossPct}%`);
  if (exits.takeProfitPct > 0) parts.push(`take profit ${exits.takeProfitPct}%`);
  if (exits.trailingStopPct > 0) parts.push(`trailing stop ${exits.trailingStopPct}%`);
  return parts.join(", ");
}

/** What the pipeline applied, in words (report, text output). */
export function riskSummary(setup: TradingSetup): string {
  const rules = setup.risk ? `config [risk] rules (${describeLimits(setup.risk.limits)})` : "no risk rules (--no-risk)";
  return `${rules}; exits: ${describeExits(setup.exits)}; data validation ${setup.validation ? "on" : "off (--no-validate)"}`;
}

/** The main limits as applied (config, or a flag over it): max open positions 1, max position 10000 USD / 25%, ... */
function describeLimits(l: TradingSetupLimits): string {
  const position = `max position ${l.maxPositionValue} USD${l.maxPositionPct !== undefined ? ` / ${l.maxPositionPct}%` : ""}`;
  return [
    `max open positions ${l.maxOpenPositions}`,
    position,
    ...(l.maxOrderValue !== undefined ? [`max order ${l.maxOrderValue} USD`] : []),
    `max daily trades per symbol ${l.maxDailyTradesPerSymbol}`,
    `daily loss limit ${l.dailyLossLimit} USD`,
  ].join(", ");
}

type TradingSetupLimits = NonNullable<TradingSetup["risk"]>["limits"];
