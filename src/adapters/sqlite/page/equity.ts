import type { Db } from "../db.ts";

export interface EquityPointView {
  readonly time: number;
  readonly equity: string;
}

type Latest = { time: number; cash: string; equity: string; realized: string; unrealized: string; runId: number | null; marketTime: number | null };

export interface EquityView {
  /** The newest snapshot as stored (exact decimals), or null when none was written. */
  readonly latest: Latest | null;
  /** The curve of the newest snapshot's run, oldest first, thinned to at most `maxPoints` (the newest point always kept). */
  readonly points: readonly EquityPointView[];
  /** Snapshots of that run. */
  readonly count: number;
  readonly runId: number | null;
}

export const EQUITY_POINTS = 600;

/**
 * The thinning rule: keep every step-th snapshot of the run (k = 0, step, 2*step, ...) plus
 * the newest, where step is the smallest power of two that keeps fewer than maxPoints. A
 * power of two lets EquityReader thin as rows arrive and still give exactly this set.
 */
export function thinningStep(count: number, maxPoints = EQUITY_POINTS): number {
  let step = 1;
  while (Math.ceil(count / step) >= maxPoints) step *= 2;
  return step;
}

const LATEST = "SELECT time, cash, equity, realized, unrealized, run_id AS runId, market_time AS marketTime FROM equity_snapshots ORDER BY time DESC, id DESC LIMIT 1";

/**
 * Equity snapshots of the runner (equity_snapshots), one run's curve: each run starts its
 * own books, so curves of different runs joined end to end would invent jumps. Reads the
 * whole run (a scan); the status page uses EquityReader, which reads only new rows.
 */
export function readEquity(db: Db, maxPoints = EQUITY_POINTS): EquityView {
  const latest = db.query(LATEST).get() as Latest | null;
  const runId = latest?.runId ?? null;
  const count = (db.query("SELECT count(*) AS n FROM equity_snapshots WHERE run_id IS $runId").get({ runId }) as { n: number }).n;
  const step = thinningStep(count, maxPoints);
  const points = db
    .query(
      `SELECT time, equity FROM (SELECT time, equity, id, row_number() OVER (ORDER BY id) AS k FROM equity_snapshots WHERE run_id IS $runId)
       WHERE (k - 1) % $step = 0 OR k = $count ORDER BY time, id`,
    )
    .all({ step, count, runId }) as EquityPointView[];
  return { latest, points, count, runId };
}

type Kept = { readonly k: number; readonly id: number; readonly time: number; readonly equity: string };

/**
 * readEquity kept up to date incrementally: after the first read it fetches only rows with
 * an id above the last one seen (a rowid range), so a run with months of snapshots costs the
 * status page a few index lookups per new snapshot, not a scan. Starts over when the
 * connection, the newest run or the table (rows deleted) changes.
 */
export class EquityReader {
  #db: Db | undefined;
  #runId: number | null | undefined;
  #lastId = 0;
  #count = 0;
  #step = 1;
  #kept: Kept[] = [];
  #newest: Kept | undefined;
  readonly #maxPoints: number;
  /** Rows fetched by the last read (for tests: a refresh reads only what is new). */
  rowsRead = 0;

  constructor(maxPoints = EQUITY_POINTS) {
    this.#maxPoints = maxPoints;
  }

  read(db: Db): EquityView {
    const latest = db.query(LATEST).get() as Latest | null;
    const runId = latest?.runId ?? null;
    const maxId = (db.query("SELECT coalesce(max(id), 0) AS id FROM equity_snapshots").get() as { id: number }).id;
    if (db !== this.#db || runId !== this.#runId || maxId < this.#lastId) this.#reset(db, runId);
    // "+run_id" keeps SQLite on the rowid range instead of walking the whole run in its (run_id, time) index.
    const rows = db
      .query("SELECT id, time, equity FROM equity_snapshots WHERE id > $lastId AND +run_id IS $runId ORDER BY id")
      .all({ lastId: this.#lastId, runId }) as { id: number; time: number; equity: string }[];
    this.rowsRead = rows.length;
    for (const row of rows) this.#add(row);
    const points = [...this.#kept];
    if (this.#newest && points.at(-1)?.k !== this.#newest.k) points.push(this.#newest);
    points.sort((a, b) => a.time - b.time || a.id - b.id);
    return { latest, points: points.map((p) => ({ time: p.time, equity: p.equity })), count: this.#count, runId };
  }

  #add(row: { id: number; time: number; equity: string }): void {
    const point: Kept = { k: this.#count, id: row.id, time: row.time, equity: row.equity };
    this.#count += 1;
    this.#lastId = row.id;
    this.#newest = point;
    if (point.k % this.#step !== 0) return;
    this.#kept.push(point);
    while (this.#kept.length >= this.#maxPoints) {
      this.#step *= 2;
      this.#kept = this.#kept.filter((p) => p.k % this.#step === 0);
    }
  }

  #reset(db: Db, runId: number | null): void {
    this.#db = db;
    this.#runId = runId;
    this.#lastId = 0;
    this.#count = 0;
    this.#step = 1;
    this.#kept = [];
    this.#newest = undefined;
  }
}
