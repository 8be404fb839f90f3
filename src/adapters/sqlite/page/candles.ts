import type { Bar } from "../../../core/bar.ts";
import type { Db } from "../db.ts";

/** Bars kept per symbol for the status page's price panels (the newest). */
export const PAGE_CANDLES = 240;
/** Fills shown per symbol (the newest). */
export const PAGE_FILLS = 200;

/** A price panel's bar: a bar as everywhere (core/bar.ts). */
export type PageCandle = Bar;

export interface PageFill {
  readonly time: number;
  readonly side: "buy" | "sell";
  readonly qty: number;
  readonly price: string;
}

export interface CandlesView {
  /** The run whose bars these are: the newest run with a recording; null before any. */
  readonly runId: number | null;
  readonly barSize: string | null;
  readonly symbols: readonly SymbolCandles[];
}

/** Candles as columns (time in epoch ms), the compact form the page receives several times a second. */
export interface SymbolCandles {
  readonly symbol: string;
  readonly t: readonly number[];
  readonly o: readonly number[];
  readonly h: readonly number[];
  readonly l: readonly number[];
  readonly c: readonly number[];
  readonly v: readonly number[];
  readonly fills: readonly PageFill[];
}

type Row = { seq: number; kind: string; slot: number | null; time: number; open: number; high: number; low: number; close: number; volume: number; data: string | null };

/** A recorded broker event that is a fill (docs/replay.md): its market time, as the engine saw it. */
function fillOf(data: string | null): (PageFill & { symbol: string }) | undefined {
  if (data === null) return undefined;
  try {
    const e = JSON.parse(data) as { kind?: unknown; fill?: { symbol?: unknown; side?: unknown; qty?: unknown; price?: unknown; time?: unknown } };
    const f = e.fill;
    if (e.kind !== "fill" || !f || typeof f.symbol !== "string" || (f.side !== "buy" && f.side !== "sell") || typeof f.qty !== "number" || typeof f.time !== "number") return undefined;
    return { symbol: f.symbol, side: f.side, qty: f.qty, price: String(f.price), time: f.time };
  } catch {
    return undefined;
  }
}

/**
 * The price panels' data: the newest recorded run's bars per symbol (what its engine consumed,
 * docs/replay.md; a bar at the same time as the previous one replaces it) and its fills as the engine
 * received them, in market time (a --sim or replay run's bars are not on the wall clock, so the fills
 * table's times would not line up). Kept incrementally: only inputs past the last seen are read.
 */
export class CandlesReader {
  #db: Db | undefined;
  #runId: number | null = null;
  #symbols: string[] = [];
  #barSize: string | null = null;
  #lastSeq = -1;
  #bars = new Map<string, PageCandle[]>();
  #fills = new Map<string, PageFill[]>();

  read(db: Db): CandlesView {
    const run = db.query("SELECT run_id AS id FROM run_inputs ORDER BY run_id DESC LIMIT 1").get() as { id: number } | null;
    if (run === null) return { runId: null, barSize: null, symbols: [] };
    if (db !== this.#db || run.id !== this.#runId) this.#start(db, run.id);
    const rows = db
      .query("SELECT seq, kind, slot, time, open, high, low, close, volume, data FROM run_inputs WHERE run_id = ?1 AND seq > ?2 AND kind IN ('bar', 'event') ORDER BY seq")
      .all(run.id, this.#lastSeq) as Row[];
    for (const r of rows) {
      this.#lastSeq = r.seq;
      if (r.kind === "event") {
        const fill = fillOf(r.data);
        if (!fill) continue;
        const list = this.#fills.get(fill.symbol) ?? [];
        list.push({ time: fill.time, side: fill.side, qty: fill.qty, price: fill.price });
        if (list.length > PAGE_FILLS) list.splice(0, list.length - PAGE_FILLS);
        this.#fills.set(fill.symbol, list);
        continue;
      }
      const symbol = r.slot === null ? undefined : this.#symbols[r.slot];
      if (symbol === undefined) continue;
      const list = this.#bars.get(symbol) ?? [];
      const bar = { time: r.time, open: r.open, high: r.high, low: r.low, close: r.close, volume: r.volume };
      if (list.length > 0 && list[list.length - 1]!.time >= r.time) {
        if (list[list.length - 1]!.time === r.time) list[list.length - 1] = bar;
        continue; // an older bar than the newest shown: the panel keeps time increasing
      }
      list.push(bar);
      if (list.length > PAGE_CANDLES) list.splice(0, list.length - PAGE_CANDLES);
      this.#bars.set(symbol, list);
    }
    const symbols = this.#symbols.map((symbol) => {
      const candles = this.#bars.get(symbol) ?? [];
      const first = candles[0]?.time ?? Infinity;
      const fills = (this.#fills.get(symbol) ?? []).filter((f) => f.time >= first);
      return {
        symbol,
        t: candles.map((b) => b.time),
        o: candles.map((b) => b.open),
        h: candles.map((b) => b.high),
        l: candles.map((b) => b.low),
        c: candles.map((b) => b.close),
        v: candles.map((b) => b.volume),
        fills,
      };
    });
    return { runId: run.id, barSize: this.#barSize, symbols };
  }

  #start(db: Db, runId: number): void {
    this.#db = db;
    this.#runId = runId;
    this.#lastSeq = -1;
    this.#bars.clear();
    this.#fills.clear();
    const row = db.query("SELECT setup FROM run_setups WHERE run_id = ?1").get(runId) as { setup: string } | null;
    const setup = row === null ? {} : (JSON.parse(row.setup) as { symbols?: unknown; barSize?: unknown });
    this.#symbols = Array.isArray(setup.symbols) ? setup.symbols.filter((s): s is string => typeof s === "string") : [];
    this.#barSize = typeof setup.barSize === "string" ? setup.barSize : null;
  }
}
