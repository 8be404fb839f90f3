import type { DataCounts } from "../../core/data-validation/index.ts";
import type { LatencySummary } from "../../core/metrics/index.ts";
import { toCents } from "../../core/money.ts";
import type { Portfolio } from "../../core/portfolio.ts";
import type { MetricsSnapshot } from "../../core/metrics/index.ts";
import type { TradingSetup } from "../../engine/trading-setup.ts";
import { sizingLimitHint } from "../setup/sizing-limit-hint.ts";

/** What a finished run session reports (text or --json), also stored as the run's stats. */
export interface RunSummary {
  readonly runId: number;
  readonly mode: "paper" | "live";
  readonly broker: "paper" | "ibkr";
  readonly sim: { readonly speed: number; readonly marketFrom: string; readonly marketTo: string } | null;
  readonly strategy: string;
  readonly symbols: readonly string[];
  readonly startedAt: string;
  readonly endedAt: string;
  readonly stopReason: string;
  readonly bars: { readonly live: number; readonly backfill: number };
  readonly fills: number;
  readonly orders: Readonly<Record<string, number>>;
  readonly refused: Readonly<Record<string, number>>;
  readonly dataRejected: Readonly<Record<string, number>>;
  readonly reconnects: Readonly<Record<string, number>>;
  /** Exact decimal strings, USD. */
  readonly pnl: { readonly session: string; readonly realized: string; readonly commissions: string; readonly unrealized: string };
  readonly positions: readonly { readonly symbol: string; readonly qty: number; readonly avgCost: string }[];
  /** Orders not final when the run stopped (after waiting for in-flight answers): the next start reconciles them. */
  readonly unsettled: readonly { readonly key: string; readonly symbol: string; readonly state: string }[];
  readonly latencyMs: Readonly<Record<string, LatencySummary>>;
}

export interface SummaryInput {
  readonly base: Pick<RunSummary, "runId" | "mode" | "broker" | "sim" | "strategy" | "symbols" | "startedAt" | "stopReason" | "bars" | "fills" | "orders"> & { readonly unsettled?: RunSummary["unsettled"] };
  readonly portfolio: Portfolio;
  readonly equityAtStart: number;
  readonly dataCounts: DataCounts;
  readonly metrics: MetricsSnapshot;
}

const fixed = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : "unknown");

export function buildSummary(i: SummaryInput): RunSummary {
  const { portfolio, metrics } = i;
  const rejected: Record<string, number> = {};
  for (const [reason, n] of Object.entries(i.dataCounts)) if (reason !== "accepted" && n > 0) rejected[reason] = n;
  const latencyMs: Record<string, LatencySummary> = {};
  for (const [name, m] of Object.entries(metrics.latency)) latencyMs[name] = m.total;
  return {
    ...i.base,
    unsettled: i.base.unsettled ?? [],
    endedAt: new Date().toISOString(),
    refused: metrics.counters["refused-orders"]?.by ?? {},
    dataRejected: rejected,
    reconnects: metrics.counters["reconnects"]?.by ?? {},
    pnl: {
      session: fixed(portfolio.equity() - i.equityAtStart),
      realized: toCents(portfolio.realized).toFixed(2),
      commissions: toCents(portfolio.commissions).toFixed(2),
      unrealized: toCents(portfolio.unrealized()).toFixed(2),
    },
    positions: portfolio.positions().map((p) => ({ symbol: p.symbol, qty: p.qty, avgCost: p.avgCost.toFixed(4) })),
    latencyMs,
  };
}

const ms = (v: number | null) => (v === null ? "-" : v < 1 ? v.toFixed(3) : v.toFixed(1));
const pairs = (r: Readonly<Record<string, number>>) => Object.entries(r).map(([k, n]) => `${k} ${n}`).join(", ") || "none";

/** Notes the text summary ends with: the size-limit note when they refused risk-parity/target-vol entries. */
export function summaryNotes(s: RunSummary, setup: Pick<TradingSetup, "sizing" | "risk">): string[] {
  const hint = sizingLimitHint(setup.sizing, setup.risk?.limits, s.refused);
  return hint !== undefined ? [hint] : [];
}

/** The summary as text; `notes` (e.g. the size-limit note, app/setup/sizing-limit-hint.ts) end it. */
export function formatSummary(s: RunSummary, notes: readonly string[] = []): string {
  const lines = [
    `run ${s.runId} ${s.mode} (broker ${s.broker})${s.sim ? `, simulator at ${s.sim.speed}x, market ${s.sim.marketFrom} .. ${s.sim.marketTo}` : ""}`,
    `strategy ${s.strategy} on ${s.symbols.join(", ")}`,
    `${s.startedAt} .. ${s.endedAt}, stopped: ${s.stopReason}`,
    `bars: ${s.bars.live} live, ${s.bars.backfill} backfill`,
    `trades (fills): ${s.fills}`,
    `orders: ${pairs(s.orders)}`,
    `refused: ${pairs(s.refused)}`,
    `data rejected: ${pairs(s.dataRejected)}`,
    `reconnects: ${pairs(s.reconnects)}`,
    `P&L USD: session ${s.pnl.session} (realized ${s.pnl.realized}, commissions ${s.pnl.commissions}, unrealized ${s.pnl.unrealized})`,
    `positions: ${s.positions.map((p) => `${p.symbol} ${p.qty} @ ${p.avgCost}`).join(", ") || "none"}`,
    ...(s.unsettled.length > 0 ? [`unsettled orders (the next start reconciles them): ${s.unsettled.map((u) => `${u.key} ${u.state}`).join(", ")}`] : []),
    "latency ms          count    p50     p90     p99     max",
    ...Object.entries(s.latencyMs).map(
      ([name, l]) => `  ${name.padEnd(16)} ${String(l.count).padStart(6)} ${ms(l.p50).padStart(7)} ${ms(l.p90).padStart(7)} ${ms(l.p99).padStart(7)} ${ms(l.max).padStart(7)}`,
    ),
    ...notes,
  ];
  return lines.join("\n");
}
