import type { Money } from "../../core/money.ts";
import type { Db } from "./db.ts";

/** One equity_snapshots row: exact decimals (big.js strings), wall time, and the market time it marks. */
export interface EquitySnapshot {
  readonly runId: number | null;
  /** Wall clock, epoch ms, when it was taken. */
  readonly time: number;
  /** The close of the time step it values (the replay clock under --sim). */
  readonly marketTime: number;
  readonly cash: Money;
  readonly equity: Money;
  readonly realized: Money;
  readonly unrealized: Money;
  /** What equity adds to cash: open positions at the prices used. */
  readonly positions: readonly { readonly symbol: string; readonly qty: number; readonly price: number }[];
}

export function insertEquitySnapshot(db: Db, s: EquitySnapshot): void {
  db.query(
    `INSERT INTO equity_snapshots (run_id, time, market_time, cash, equity, realized, unrealized, positions)
     VALUES ($runId, $time, $marketTime, $cash, $equity, $realized, $unrealized, $positions)`,
  ).run({
    runId: s.runId, time: s.time, marketTime: s.marketTime, cash: s.cash.toString(), equity: s.equity.toString(),
    realized: s.realized.toString(), unrealized: s.unrealized.toString(), positions: JSON.stringify(s.positions),
  });
}

/** One strategy decision (signals row); `value` is stored as JSON. */
export interface SignalRecord {
  readonly runId: number | null;
  /** Wall clock, epoch ms. */
  readonly time: number;
  readonly strategy: string;
  readonly symbol: string;
  readonly kind: string;
  readonly value: unknown;
}

export function insertSignal(db: Db, s: SignalRecord): void {
  db.query("INSERT INTO signals (run_id, time, strategy, symbol, kind, value) VALUES ($runId, $time, $strategy, $symbol, $kind, $value)").run({
    runId: s.runId, time: s.time, strategy: s.strategy, symbol: s.symbol, kind: s.kind, value: JSON.stringify(s.value ?? null),
  });
}
