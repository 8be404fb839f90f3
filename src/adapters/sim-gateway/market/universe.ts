import type { SymbolBar } from "../../../core/bar.ts";
import { DEFAULT_SYMBOLS } from "../../../config/schema.ts";
import { EMBEDDED_SYMBOL, embeddedBars } from "../../embedded/sp500.ts";

/**
 * The simulator's default data: the real embedded SPX daily series for "SPX", and for the
 * symbols below (common tickers plus robotrader's default watch list, so `run --sim` trades
 * the configured defaults) a SIMULATED series derived from it (same dates from a per-symbol start on,
 * SPX's path delayed by a per-symbol number of days and rescaled to a per-symbol price level).
 * These other series are not market history; they exist so tests and demos can trade several
 * symbols. Any other symbol is unknown (error 200), as at a real gateway.
 */
const COMMON_TICKERS = [
  "AAPL", "MSFT", "AMZN", "GOOGL", "META", "NVDA", "TSLA", "INTC", "CSCO", "ADBE", "NFLX", "AMD", "QQQ",
  "SPY", "IWM", "DIA", "IBM", "JPM", "XOM", "KO", "PG", "JNJ", "WMT", "DIS", "BA", "GE", "T", "VZ", "CVX", "MRK",
];
export const SIMULATED_SYMBOLS: readonly string[] = [...new Set([...COMMON_TICKERS, ...DEFAULT_SYMBOLS])];

const NASDAQ = new Set(["AAPL", "MSFT", "AMZN", "GOOGL", "META", "NVDA", "TSLA", "INTC", "CSCO", "ADBE", "NFLX", "AMD", "QQQ"]);
const ARCA = new Set(["SPY", "IWM", "DIA"]);

/** FNV-1a 32-bit: a stable small hash for conIds, seeds and per-symbol parameters. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export interface SymbolInfo {
  readonly symbol: string;
  readonly conId: number;
  readonly primaryExchange: string;
  readonly longName: string;
  readonly secType: "STK" | "IND";
}

export function symbolInfo(symbol: string): SymbolInfo {
  const s = symbol.toUpperCase();
  const conId = 100_000 + (hash32(`conId:${s}`) % 899_900_000);
  if (s === EMBEDDED_SYMBOL) return { symbol: s, conId, primaryExchange: "CBOE", longName: "S&P 500 Stock Index", secType: "IND" };
  const primaryExchange = NASDAQ.has(s) ? "NASDAQ" : ARCA.has(s) ? "ARCA" : "NYSE";
  return { symbol: s, conId, primaryExchange, longName: `${s} (simulated)`, secType: "STK" };
}

const derivedCache = new Map<string, readonly SymbolBar[]>();

const round2 = (x: number) => Math.round(x * 100) / 100;

/** Default data source: SPX as embedded, the symbols above derived from it, others undefined. */
export function defaultBars(symbol: string): readonly SymbolBar[] | undefined {
  const s = symbol.toUpperCase();
  if (s === EMBEDDED_SYMBOL) return embeddedBars();
  if (!SIMULATED_SYMBOLS.includes(s)) return undefined;
  const hit = derivedCache.get(s);
  if (hit) return hit;
  const spx = embeddedBars();
  const h = hash32(`series:${s}`);
  const delay = 20 + (h % 480); // trading days
  const level = 20 + ((h >>> 9) % 480); // first close, dollars
  const first = spx[0];
  if (!first) return undefined;
  const scale = level / first.close;
  const out: SymbolBar[] = [];
  for (let i = delay; i < spx.length; i++) {
    const src = spx[i - delay]!;
    const day = spx[i]!;
    const open = round2(src.open * scale);
    const close = round2(src.close * scale);
    const high = Math.max(round2(src.high * scale), open, close);
    const low = Math.min(round2(src.low * scale), open, close);
    out.push({ symbol: s, time: day.time, open, high, low, close, volume: Math.round(src.volume / 1000) });
  }
  derivedCache.set(s, out);
  return out;
}
