import type { Bar, BarSize } from "../../core/bar.ts";
import { writeTransaction, type Db } from "./db.ts";

export interface SeriesKey {
  readonly symbol: string;
  readonly barSize: BarSize;
}

export interface BarRange extends SeriesKey {
  /** Inclusive bounds on bar start time, epoch ms. */
  readonly from?: number | undefined;
  readonly to?: number | undefined;
}

/** Columns of one series: what a backtest feed replays without per-bar objects. */
export interface BarArrays {
  readonly time: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

export interface SeriesSummary extends SeriesKey {
  readonly first: number;
  readonly last: number;
  readonly count: number;
}

/** A stored bar that an incoming bar would change. */
export interface BarConflict {
  readonly stored: Bar;
  readonly incoming: Bar;
}

export interface SaveBarsResult {
  readonly inserted: number;
  readonly unchanged: number;
  readonly replaced: number;
  /** Non-empty only with onConflict "refuse"; then nothing was written. */
  readonly conflicts: readonly BarConflict[];
}

const COLUMNS = "time, open, high, low, close, volume";
type Row = [number, number, number, number, number, number];

function rangeSql(range: BarRange): { where: string; params: Record<string, string | number> } {
  const params: Record<string, string | number> = { symbol: range.symbol, barSize: range.barSize };
  let where = "symbol = $symbol AND bar_size = $barSize";
  if (range.from !== undefined) (where += " AND time >= $from"), (params.from = range.from);
  if (range.to !== undefined) (where += " AND time <= $to"), (params.to = range.to);
  return { where, params };
}

function sameBar(a: Bar, b: Bar): boolean {
  return a.open === b.open && a.high === b.high && a.low === b.low && a.close === b.close && a.volume === b.volume;
}

const toBar = (r: Row): Bar => ({ time: r[0], open: r[1], high: r[2], low: r[3], close: r[4], volume: r[5] });

/**
 * Saves bars of one series in ONE transaction: all or nothing. Identical bars already
 * stored are left alone; a stored bar with different values is a conflict: "refuse"
 * writes nothing and returns the conflicts, "replace" overwrites them.
 */
export function saveBars(
  db: Db,
  key: SeriesKey,
  bars: readonly Bar[],
  onConflict: "refuse" | "replace" = "refuse",
): SaveBarsResult {
  return writeTransaction(db, () => {
    const stored = new Map<number, Bar>();
    if (bars.length > 0) {
      let from = Infinity;
      let to = -Infinity;
      for (const b of bars) (from = Math.min(from, b.time)), (to = Math.max(to, b.time));
      for (const bar of queryBars(db, { ...key, from, to })) stored.set(bar.time, bar);
    }
    const fresh: Bar[] = [];
    const conflicts: BarConflict[] = [];
    let unchanged = 0;
    for (const bar of bars) {
      const old = stored.get(bar.time);
      if (!old) fresh.push(bar);
      else if (sameBar(old, bar)) unchanged++;
      else conflicts.push({ stored: old, incoming: bar });
    }
    if (conflicts.length > 0 && onConflict === "refuse") return { inserted: 0, unchanged: 0, replaced: 0, conflicts };
    const insert = db.query(`INSERT OR REPLACE INTO bars (symbol, bar_size, ${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
    const { symbol, barSize } = key;
    for (const b of fresh) insert.run(symbol, barSize, b.time, b.open, b.high, b.low, b.close, b.volume);
    for (const { incoming: b } of conflicts) insert.run(symbol, barSize, b.time, b.open, b.high, b.low, b.close, b.volume);
    return { inserted: fresh.length, unchanged, replaced: conflicts.length, conflicts: [] };
  });
}

/** Bars of one series in time order, within the optional inclusive range. */
export function queryBars(db: Db, range: BarRange): Bar[] {
  const { where, params } = rangeSql(range);
  const rows = db.query(`SELECT ${COLUMNS} FROM bars WHERE ${where} ORDER BY time`).values(params) as Row[];
  return rows.map(toBar);
}

/** Same as queryBars, as columns. */
export function queryBarArrays(db: Db, range: BarRange): BarArrays {
  const { where, params } = rangeSql(range);
  const rows = db.query(`SELECT ${COLUMNS} FROM bars WHERE ${where} ORDER BY time`).values(params) as Row[];
  const n = rows.length;
  const out = { time: new Float64Array(n), open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n), volume: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    out.time[i] = r[0];
    out.open[i] = r[1];
    out.high[i] = r[2];
    out.low[i] = r[3];
    out.close[i] = r[4];
    out.volume[i] = r[5];
  }
  return out;
}

/** One line per stored series: symbol, bar size, first and last bar time, bar count. */
export function listSeries(db: Db): SeriesSummary[] {
  const rows = db
    .query("SELECT symbol, bar_size, MIN(time), MAX(time), COUNT(*) FROM bars GROUP BY symbol, bar_size ORDER BY symbol, bar_size")
    .values() as [string, BarSize, number, number, number][];
  return rows.map(([symbol, barSize, first, last, count]) => ({ symbol, barSize, first, last, count }));
}

/** First/last time and count of one stored series, or undefined when nothing is stored. */
export function seriesSummary(db: Db, key: SeriesKey): SeriesSummary | undefined {
  const row = db
    .query("SELECT MIN(time), MAX(time), COUNT(*) FROM bars WHERE symbol = $symbol AND bar_size = $barSize")
    .values({ symbol: key.symbol, barSize: key.barSize })[0] as [number | null, number | null, number] | undefined;
  if (!row || row[2] === 0) return undefined;
  return { ...key, first: row[0]!, last: row[1]!, count: row[2] };
}
