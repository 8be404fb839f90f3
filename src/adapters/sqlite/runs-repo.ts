import type { EquityColumns, EquityPoint, TradeRecord } from "../../backtest/types.ts";
import { money } from "../../core/money.ts";
import { writeTransaction, type Db } from "./db.ts";

export type RunKind = "backtest" | "live" | "paper" | "sim";
export type RunStatus = "running" | "completed" | "failed" | "aborted";

export interface RunRow {
  readonly id: number;
  readonly kind: RunKind;
  readonly status: RunStatus;
  readonly startedAt: number;
  readonly endedAt: number | null;
  readonly params: unknown;
  readonly stats: unknown;
  readonly pid: number | null;
  readonly host: string | null;
}

export interface NewRun {
  readonly kind: RunKind;
  readonly params: unknown;
  readonly startedAt?: number;
  readonly pid?: number;
  readonly host?: string;
}

export interface BacktestRunInput {
  readonly kind?: RunKind;
  /** Strategy, symbols, flags: anything JSON-serialisable. */
  readonly params: unknown;
  /** Statistics; non-finite numbers are stored as null (JSON has no NaN). */
  readonly stats: unknown;
  readonly trades: readonly TradeRecord[];
  /** The curve to keep (the backtest saves a downsampled one: see downsampleEquity). */
  readonly equity: readonly EquityPoint[] | EquityColumns;
  readonly startedAt?: number;
  readonly endedAt?: number;
}

type RawRun = { id: number; kind: RunKind; status: RunStatus; started_at: number; ended_at: number | null; params: string; stats: string | null; pid: number | null; host: string | null };

const json = (value: unknown): string => JSON.stringify(value ?? null);

function toRun(r: RawRun): RunRow {
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    params: JSON.parse(r.params),
    stats: r.stats === null ? null : JSON.parse(r.stats),
    pid: r.pid,
    host: r.host,
  };
}

/** Records a run that has started (live, paper, sim); returns its id. */
export function startRun(db: Db, run: NewRun): number {
  const row = db
    .query("INSERT INTO runs (kind, status, started_at, params, pid, host) VALUES ($kind, 'running', $startedAt, $params, $pid, $host) RETURNING id")
    .get({ kind: run.kind, startedAt: run.startedAt ?? Date.now(), params: json(run.params), pid: run.pid ?? null, host: run.host ?? null }) as { id: number };
  return row.id;
}

export function finishRun(db: Db, id: number, end: { status: Exclude<RunStatus, "running">; stats?: unknown; endedAt?: number }): void {
  db.query("UPDATE runs SET status = $status, ended_at = $endedAt, stats = $stats WHERE id = $id").run({
    id,
    status: end.status,
    endedAt: end.endedAt ?? Date.now(),
    stats: end.stats === undefined ? null : json(end.stats),
  });
}

/** A whole backtest (run row, trades, equity curve) in one transaction; returns the run id. */
export function saveBacktestRun(db: Db, run: BacktestRunInput): number {
  return writeTransaction(db, () => {
    const endedAt = run.endedAt ?? Date.now();
    const id = (
      db
        .query("INSERT INTO runs (kind, status, started_at, ended_at, params, stats) VALUES ($kind, 'completed', $startedAt, $endedAt, $params, $stats) RETURNING id")
        .get({ kind: run.kind ?? "backtest", startedAt: run.startedAt ?? endedAt, endedAt, params: json(run.params), stats: json(run.stats) }) as { id: number }
    ).id;
    const trade = db.query(
      `INSERT INTO backtest_trades (run_id, seq, symbol, side, qty, entry_time, entry_price, exit_time, exit_price, pnl, commission)
       VALUES ($id, $seq, $symbol, $side, $qty, $entryTime, $entryPrice, $exitTime, $exitPrice, $pnl, $commission)`,
    );
    run.trades.forEach((t, seq) =>
      trade.run({
        id,
        seq,
        symbol: t.symbol,
        side: t.side,
        qty: t.qty,
        entryTime: t.entryTime,
        entryPrice: t.entryPrice.toString(),
        exitTime: t.exitTime,
        exitPrice: t.exitPrice?.toString() ?? null,
        pnl: t.pnl.toString(),
        commission: t.commission.toString(),
      }),
    );
    const point = db.query("INSERT INTO backtest_equity (run_id, time, equity) VALUES ($id, $time, $equity)");
    if (Array.isArray(run.equity)) for (const p of run.equity as readonly EquityPoint[]) point.run({ id, time: p.time, equity: p.equity });
    else {
      const { time, equity } = run.equity as EquityColumns;
      for (let i = 0; i < time.length; i++) point.run({ id, time: time[i]!, equity: equity[i]! });
    }
    return id;
  });
}

export function getRun(db: Db, id: number): RunRow | undefined {
  const row = db.query("SELECT * FROM runs WHERE id = $id").get({ id }) as RawRun | null;
  return row ? toRun(row) : undefined;
}

/** Newest first. */
export function listRuns(db: Db, filter: { kind?: RunKind; limit?: number } = {}): RunRow[] {
  const rows = db
    .query("SELECT * FROM runs WHERE ($kind IS NULL OR kind = $kind) ORDER BY started_at DESC, id DESC LIMIT $limit")
    .all({ kind: filter.kind ?? null, limit: filter.limit ?? -1 }) as RawRun[];
  return rows.map(toRun);
}

export function backtestTrades(db: Db, runId: number): TradeRecord[] {
  type Raw = { symbol: string; side: "long" | "short"; qty: number; entry_time: number; entry_price: string; exit_time: number | null; exit_price: string | null; pnl: string; commission: string };
  const rows = db.query("SELECT * FROM backtest_trades WHERE run_id = $runId ORDER BY seq").all({ runId }) as Raw[];
  return rows.map((r) => ({
    symbol: r.symbol,
    side: r.side,
    qty: r.qty,
    entryTime: r.entry_time,
    entryPrice: money(r.entry_price),
    exitTime: r.exit_time,
    exitPrice: r.exit_price === null ? null : money(r.exit_price),
    pnl: money(r.pnl),
    commission: money(r.commission),
  }));
}

export function backtestEquity(db: Db, runId: number): EquityPoint[] {
  return db.query("SELECT time, equity FROM backtest_equity WHERE run_id = $runId ORDER BY time").all({ runId }) as EquityPoint[];
}

/** Deletes a saved backtest run with its trades and equity (cascade); false when no backtest run has that id. */
export function deleteBacktestRun(db: Db, id: number): boolean {
  return writeTransaction(db, () => db.query("DELETE FROM runs WHERE id = $id AND kind = 'backtest'").run({ id }).changes > 0);
}
