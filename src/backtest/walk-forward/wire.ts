import { money, type Money } from "../../core/money.ts";
import { columns, type Stats } from "../stats/stats.ts";
import type { DataCounts } from "../../core/data-validation/index.ts";
import type { BacktestExit, BacktestRefusal, TradeRecord } from "../types.ts";
import type { RunJob, RunResult, StatsContext } from "./walk-forward.ts";

/** Messages between the walk-forward pool and its workers (structured clone: no classes, no Big). */
export type ToWorker =
  | { readonly kind: "setup"; readonly setup: unknown }
  | { readonly kind: "run"; readonly id: number; readonly job: RunJob }
  | { readonly kind: "stats"; readonly id: number; readonly jobs: readonly RunJob[]; readonly context: StatsContext };

export type FromWorker =
  | { readonly kind: "done"; readonly id: number; readonly result: WireResult }
  | { readonly kind: "stats-done"; readonly id: number; readonly stats: readonly WireStats[] }
  | { readonly kind: "failed"; readonly id: number; readonly message: string; readonly userError: boolean };

export interface WireResult {
  readonly time: Float64Array;
  readonly equity: Float64Array;
  readonly exposure: Uint8Array | null;
  readonly trades: readonly WireTrade[];
  /** Plain data already (numbers and strings): cloned as is. */
  readonly exits: readonly BacktestExit[] | null;
  readonly refusals: readonly BacktestRefusal[] | null;
  readonly data: DataCounts | null;
  readonly killSwitch: { readonly time: number; readonly reason: string } | null;
}

type WireTrade = Omit<TradeRecord, "entryPrice" | "exitPrice" | "pnl" | "commission"> & {
  readonly entryPrice: string;
  readonly exitPrice: string | null;
  readonly pnl: string;
  readonly commission: string;
};

export function toWire(result: RunResult): WireResult {
  const { time, value } = columns(result.equity);
  return {
    time: Float64Array.from(time),
    equity: Float64Array.from(value),
    exposure: result.exposure ? Uint8Array.from(result.exposure, (x) => (x ? 1 : 0)) : null,
    trades: result.trades.map((t) => ({
      ...t,
      entryPrice: t.entryPrice.toString(),
      exitPrice: t.exitPrice === null ? null : t.exitPrice.toString(),
      pnl: t.pnl.toString(),
      commission: t.commission.toString(),
    })),
    exits: result.exits ?? null,
    refusals: result.refusals ?? null,
    data: result.data ?? null,
    killSwitch: result.killSwitch ?? null,
  };
}

export function fromWire(wire: WireResult): RunResult {
  return {
    equity: { time: wire.time, equity: wire.equity },
    ...(wire.exposure ? { exposure: wire.exposure } : {}),
    ...(wire.exits ? { exits: wire.exits } : {}),
    ...(wire.refusals ? { refusals: wire.refusals } : {}),
    data: wire.data,
    killSwitch: wire.killSwitch,
    trades: wire.trades.map((t) => ({
      ...t,
      entryPrice: money(t.entryPrice),
      exitPrice: t.exitPrice === null ? null : money(t.exitPrice),
      pnl: money(t.pnl),
      commission: money(t.commission),
    })),
  };
}

/** Stats with its exact-money fields as decimal strings. */
export type WireStats = { readonly [K in keyof Stats]: Stats[K] extends Money ? string : Stats[K] extends Money | null ? string | null : Stats[K] };

const MONEY_KEYS = ["grossProfit", "grossLoss", "avgWin", "avgLoss", "expectancy", "realizedPnl", "openPnl", "commissions", "tradedValue"] as const;

export function statsToWire(stats: Stats): WireStats {
  const out: Record<string, unknown> = { ...stats };
  for (const key of MONEY_KEYS) out[key] = stats[key] === null ? null : stats[key].toString();
  return out as WireStats;
}

export function statsFromWire(wire: WireStats): Stats {
  const out: Record<string, unknown> = { ...wire };
  for (const key of MONEY_KEYS) out[key] = wire[key] === null ? null : money(wire[key]);
  return out as unknown as Stats;
}
