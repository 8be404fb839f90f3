import { isoTime } from "../core/iso-time.ts";
import { intentKeyPrefix, type OrderIntent } from "../core/order.ts";
import type { BacktestRefusal } from "./types.ts";

/** How a record is kept: as its object, or as numbers its key and reason are made again from. */
const EAGER = 0;
const MARKET_HOURS = 1;
const MAX_DAILY_TRADES = 2;
const RULES = ["", "market-hours", "max-daily-trades"] as const;

/** An order's strategy, symbol and side, with its keys' prefix ("rt:sma-cross:AAPL:buy:"). */
interface OrderOf {
  readonly index: number;
  readonly strategy: string;
  readonly symbol: string;
  readonly side: "buy" | "sell";
  readonly keyPrefix: string;
  /** The last size a market-hours reason was measured for, and its head's length. */
  headQty: number;
  headLength: number;
}

/**
 * A backtest's refusals, in order, kept compactly while the run goes: the common ones whose key
 * and reason are made of the order and the time alone (market-hours, max-daily-trades; 18,780 in
 * a million minute bars) as numbers in typed arrays, any other as its object. Their key and reason
 * are made again, the same text, when read: `all()` makes every record once (JSON, the report),
 * `count`, `byRule()` and `first(n)` make none or a few (the text summary). Kept as objects for the
 * whole run, 16k+ records grew the heap (docs/performance.md, sections mainloop and refrec).
 */
export class RefusalList {
  #n = 0;
  #kind = new Uint8Array(1024);
  /** EAGER: the index in #eager; else the index in #orders. */
  #ref = new Int32Array(1024);
  #time = new Float64Array(1024);
  #qty = new Float64Array(1024);
  /** By max-daily-trades record, in order: the rule's limit and today's count. */
  readonly #counts: number[] = [];
  readonly #eager: BacktestRefusal[] = [];
  readonly #orders: OrderOf[] = [];
  /** The end of a market-hours reason (the allowed sessions), taken from the first one. */
  #sessions: string | undefined;
  #all: BacktestRefusal[] | undefined;

  /** How long after its signal time an order is judged (a market-hours reason's time). */
  readonly #decisionMs: number;

  constructor(decisionMs: number) {
    this.#decisionMs = decisionMs;
  }

  get count(): number {
    return this.#n;
  }

  /** How many are kept as numbers (the rest as their records). */
  get compact(): number {
    return this.#n - this.#eager.length;
  }

  /** A record as it is (a rule whose reason has more than the order and the time in it). */
  pushEager(record: BacktestRefusal): void {
    this.#push(EAGER, this.#eager.length, record.time, 0);
    this.#eager.push(record);
  }

  /**
   * A market-hours refusal, kept as numbers if its key and reason are the ones made again from
   * them (same length, the order's own key without a ":2"); false if not (the caller keeps the object).
   */
  pushMarketHours(intent: OrderIntent, reason: string): boolean {
    const o = this.#orderOf(intent);
    const at = intent.signalTime + this.#decisionMs;
    if (!(at >= 0 && at < YEAR_10000) || !keyFits(intent, o)) return false;
    if (intent.qty !== o.headQty) {
      o.headQty = intent.qty;
      o.headLength = hoursHead(intent.side, intent.qty, intent.symbol).length;
    }
    if (this.#sessions === undefined) {
      const start = hoursHead(intent.side, intent.qty, intent.symbol) + isoTime(at);
      if (!reason.startsWith(start)) return false;
      this.#sessions = reason.slice(start.length);
    } else if (reason.length !== o.headLength + ISO_LENGTH + this.#sessions.length) return false;
    this.#push(MARKET_HOURS, o.index, intent.signalTime, intent.qty);
    return true;
  }

  /** A max-daily-trades refusal, kept as numbers if its reason is the one made again from them; false if not. */
  pushMaxDailyTrades(intent: OrderIntent, reason: string, limit: number, actual: number): boolean {
    const o = this.#orderOf(intent);
    if (!keyFits(intent, o) || reason !== dailyReason(intent.side, intent.qty, intent.symbol, limit, actual)) return false;
    this.#push(MAX_DAILY_TRADES, o.index, intent.signalTime, intent.qty);
    this.#counts.push(limit, actual);
    return true;
  }

  /** Every record, made once (and kept) when first asked. */
  all(): BacktestRefusal[] {
    if (this.#all === undefined) {
      const out: BacktestRefusal[] = [];
      let daily = 0;
      for (let i = 0; i < this.#n; i++) {
        out.push(this.#record(i, daily));
        if (this.#kind[i] === MAX_DAILY_TRADES) daily++;
      }
      this.#all = out;
    }
    return this.#all;
  }

  /** The first `n` records (made, not kept). */
  first(n: number): BacktestRefusal[] {
    if (this.#all !== undefined) return this.#all.slice(0, n);
    const out: BacktestRefusal[] = [];
    let daily = 0;
    for (let i = 0; i < Math.min(n, this.#n); i++) {
      out.push(this.#record(i, daily));
      if (this.#kind[i] === MAX_DAILY_TRADES) daily++;
    }
    return out;
  }

  /** Counted by rule, in the order the rules first refused (as refusalsByRule counts a list). */
  byRule(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (let i = 0; i < this.#n; i++) {
      const kind = this.#kind[i]!;
      const rule = kind === EAGER ? this.#eager[this.#ref[i]!]!.rule : RULES[kind]!;
      counts[rule] = (counts[rule] ?? 0) + 1;
    }
    return counts;
  }

  /** The i-th record; `daily`: how many max-daily-trades records come before it. */
  #record(i: number, daily: number): BacktestRefusal {
    const kind = this.#kind[i]!;
    if (kind === EAGER) return this.#eager[this.#ref[i]!]!;
    const o = this.#orders[this.#ref[i]!]!;
    const time = this.#time[i]!;
    const qty = this.#qty[i]!;
    const key = o.keyPrefix + time;
    // Fields in refusalOf's order.
    if (kind === MARKET_HOURS) {
      return { key, time, symbol: o.symbol, side: o.side, qty, rule: "market-hours", reason: hoursHead(o.side, qty, o.symbol) + isoTime(time + this.#decisionMs) + this.#sessions! };
    }
    const limit = this.#counts[2 * daily]!;
    const actual = this.#counts[2 * daily + 1]!;
    return { key, time, symbol: o.symbol, side: o.side, qty, rule: "max-daily-trades", reason: dailyReason(o.side, qty, o.symbol, limit, actual), limit, actual };
  }

  #orderOf(intent: OrderIntent): OrderOf {
    const orders = this.#orders;
    for (let i = orders.length - 1; i >= 0; i--) {
      const o = orders[i]!;
      if (o.side === intent.side && o.symbol === intent.symbol && o.strategy === intent.strategy) return o;
    }
    const o = { index: orders.length, strategy: intent.strategy, symbol: intent.symbol, side: intent.side, keyPrefix: intentKeyPrefix(intent.strategy, intent.symbol, intent.side), headQty: NaN, headLength: 0 };
    orders.push(o);
    return o;
  }

  #push(kind: number, ref: number, time: number, qty: number): void {
    const i = this.#n;
    if (i === this.#kind.length) this.#grow();
    this.#kind[i] = kind;
    this.#ref[i] = ref;
    this.#time[i] = time;
    this.#qty[i] = qty;
    this.#n = i + 1;
  }

  #grow(): void {
    const size = 2 * this.#kind.length;
    this.#kind = grown(this.#kind, new Uint8Array(size));
    this.#ref = grown(this.#ref, new Int32Array(size));
    this.#time = grown(this.#time, new Float64Array(size));
    this.#qty = grown(this.#qty, new Float64Array(size));
  }
}

/** 10000-01-01T00:00:00.000Z: before it (from 1970) every ISO time is 24 characters. */
const YEAR_10000 = 253_402_300_800_000;
const ISO_LENGTH = 24;

function grown<T extends Uint8Array | Int32Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/** The key is the order's prefix and signal time (the first of its side on its bar: no ":2"). */
function keyFits(intent: OrderIntent, o: OrderOf): boolean {
  const t = intent.signalTime;
  return Number.isSafeInteger(t) && t >= 0 && intent.key.length === o.keyPrefix.length + digits(t);
}

/** How many digits a whole number >= 0 has. */
function digits(n: number): number {
  let d = 1;
  for (let p = 10; p <= n; p *= 10) d++;
  return d;
}

/** As the risk gate words them (engine/risk-gate.ts, core/risk/max-daily-trades.ts). */
function hoursHead(side: string, qty: number, symbol: string): string {
  return `market-hours: ${side} ${qty} ${symbol} refused: `;
}

function dailyReason(side: string, qty: number, symbol: string, limit: number, actual: number): string {
  return `max-daily-trades: ${side} ${qty} ${symbol} refused: ${actual} ${symbol} orders already today, limit ${limit} per symbol per day`;
}
