import type { Db } from "../db.ts";
import { PREDICTION_KIND } from "./predictions.ts";

export interface SignalView {
  readonly time: number;
  readonly strategy: string;
  readonly symbol: string;
  readonly kind: string;
  readonly value: unknown;
}

type Raw = { id: number; time: number; strategy: string; symbol: string; kind: string; value: string | null };

const toView = (r: Raw): SignalView => ({ time: r.time, strategy: r.strategy, symbol: r.symbol, kind: r.kind, value: r.value === null ? null : JSON.parse(r.value) });
const bySymbol = (a: Raw, b: Raw) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : a.strategy < b.strategy ? -1 : a.strategy > b.strategy ? 1 : 0);

function latestRows(db: Db): Raw[] {
  return db
    .query(
      `SELECT s.id, s.time, s.strategy, s.symbol, s.kind, s.value FROM signals s
       JOIN (SELECT symbol, strategy, max(id) AS id FROM signals WHERE kind <> $prediction GROUP BY symbol, strategy) last ON last.id = s.id`,
    )
    .all({ prediction: PREDICTION_KIND }) as Raw[];
}

/** The newest signal per (symbol, strategy), by symbol; a model's predictions (every bar) are not decisions and are left out (a scan; the status page uses SignalsReader). */
export function readLatestSignals(db: Db): SignalView[] {
  return latestRows(db).sort(bySymbol).map(toView);
}

/**
 * readLatestSignals kept up to date incrementally: one scan on the first read, then only
 * rows with an id above the last one seen. Starts over on another connection or when rows
 * were deleted.
 */
export class SignalsReader {
  #db: Db | undefined;
  #lastId = 0;
  #latest = new Map<string, Raw>();
  /** Rows fetched by the last read (for tests). */
  rowsRead = 0;

  read(db: Db): SignalView[] {
    const maxId = (db.query("SELECT coalesce(max(id), 0) AS id FROM signals").get() as { id: number }).id;
    let rows: Raw[];
    if (db !== this.#db || maxId < this.#lastId) {
      this.#db = db;
      this.#latest.clear();
      rows = latestRows(db);
    } else {
      rows = db.query("SELECT id, time, strategy, symbol, kind, value FROM signals WHERE id > $lastId AND kind <> $prediction ORDER BY id").all({ lastId: this.#lastId, prediction: PREDICTION_KIND }) as Raw[];
    }
    this.rowsRead = rows.length;
    for (const row of rows) {
      const key = `${row.symbol}\u0000${row.strategy}`;
      if ((this.#latest.get(key)?.id ?? 0) < row.id) this.#latest.set(key, row);
    }
    this.#lastId = maxId;
    return [...this.#latest.values()].sort(bySymbol).map(toView);
  }
}
