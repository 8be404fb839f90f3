import type { Bar, SymbolBar } from "../../../core/bar.ts";
import type { Clock } from "../../../core/clock.ts";
import { easternDate } from "./eastern-time.ts";
import { sessionClose, sessionOpen } from "./session-times.ts";
import { SESSION_OPEN_SECONDS, SESSION_SECONDS, STEPS, STEP_SECONDS, aggregate, synthesizePath, type IntradayPath } from "./intraday.ts";

export type BarSource = (symbol: string) => readonly SymbolBar[] | undefined;

export interface ReplayOptions {
  readonly source: BarSource;
  /** Symbol whose trading days the replay clock walks through. */
  readonly calendarSymbol: string;
  /** First replayed date, "YYYY-MM-DD"; default: 250 trading days before the series' end. */
  readonly start?: string | undefined;
  readonly speed: number;
  readonly clock: Clock;
}

/** One symbol's daily bars with a date index and a small cache of synthesized intraday paths. */
export class SymbolSeries {
  readonly symbol: string;
  readonly days: readonly SymbolBar[];
  readonly #byDate = new Map<number, number>();
  readonly #paths = new Map<number, IntradayPath>();

  constructor(symbol: string, days: readonly SymbolBar[]) {
    this.symbol = symbol;
    this.days = days;
    days.forEach((d, i) => this.#byDate.set(d.time, i));
  }

  indexOf(date: number): number | undefined {
    return this.#byDate.get(date);
  }

  /** Index of the first trading day after `date`, if any. */
  nextIndexAfter(date: number): number | undefined {
    let lo = 0;
    let hi = this.days.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.days[mid]!.time <= date) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.days.length ? lo : undefined;
  }

  path(index: number): IntradayPath {
    let p = this.#paths.get(index);
    if (!p) {
      p = synthesizePath(this.symbol, this.days[index]!);
      if (this.#paths.size >= 64) this.#paths.delete(this.#paths.keys().next().value!);
      this.#paths.set(index, p);
    }
    return p;
  }
}

export { sessionClose, sessionOpen };

/** A replay start the data cannot serve; the message names the range that exists. */
export class ReplayStartError extends Error {
  override readonly name = "ReplayStartError";
}

/**
 * The replay clock: simulated "now" walks through the regular sessions of the calendar
 * symbol's trading days at `speed` x real time, skipping nights and weekends, and stops at
 * the last session's close.
 */
export class MarketReplay {
  readonly #options: ReplayOptions;
  readonly #calendar: readonly number[];
  readonly #startIndex: number;
  readonly #startedAt: number;
  #startOffset = 0;
  /** The session open of the calendar day `now` last fell on (a time-zone computation, asked for per bar). */
  #openIndex = -1;
  #open = 0;
  readonly #series = new Map<string, SymbolSeries | null>();

  constructor(options: ReplayOptions) {
    this.#options = options;
    const cal = options.source(options.calendarSymbol);
    if (!cal || cal.length === 0) throw new Error(`sim-gateway: no bars for the calendar symbol ${options.calendarSymbol}`);
    this.#calendar = cal.map((b) => b.time);
    if (options.start !== undefined) {
      const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2}))?$/.exec(options.start.trim());
      const t = m ? Date.parse(`${m[1]}T00:00:00Z`) : NaN;
      if (!m || !Number.isFinite(t)) throw new ReplayStartError(`replay start '${options.start}' is not valid; expected YYYY-MM-DD or "YYYY-MM-DD HH:MM" (New York time)`);
      const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
      const range = `${options.calendarSymbol} has bars from ${day(this.#calendar[0]!)} to ${day(this.#calendar.at(-1)!)}`;
      // Before the first bar there is nothing to replay nor to warm a strategy up on: say so, never trade nothing quietly.
      if (t < this.#calendar[0]!) throw new ReplayStartError(`replay start ${m[1]} is before the data: ${range}; pick a day in that range`);
      const i = this.#calendar.findIndex((d) => d >= t);
      if (i < 0) throw new ReplayStartError(`replay start ${m[1]} is after the data: ${range}; pick a day in that range`);
      this.#startIndex = i;
      if (m[2] !== undefined && this.#calendar[i] === t) {
        const secs = Number(m[2]) * 3600 + Number(m[3]) * 60 - SESSION_OPEN_SECONDS;
        this.#startOffset = Math.min(SESSION_SECONDS - 1, Math.max(0, secs));
      }
    } else {
      this.#startIndex = Math.max(0, this.#calendar.length - 250);
    }
    this.#startedAt = options.clock.now();
  }

  get speed(): number {
    return this.#options.speed;
  }

  /** Session seconds replayed since the start. */
  #elapsed(): number {
    return this.#startOffset + ((this.#options.clock.now() - this.#startedAt) * this.#options.speed) / 1000;
  }

  /** The replayed instant, epoch ms. */
  now(): number {
    const elapsed = this.#elapsed();
    const dayOffset = Math.floor(elapsed / SESSION_SECONDS);
    const index = this.#startIndex + dayOffset;
    if (index >= this.#calendar.length) return sessionClose(this.#calendar[this.#calendar.length - 1]!);
    const into = elapsed - dayOffset * SESSION_SECONDS;
    if (index !== this.#openIndex) {
      this.#openIndex = index;
      this.#open = sessionOpen(this.#calendar[index]!);
    }
    return this.#open + Math.floor(into * 1000);
  }

  /** True once the replay has passed the last session's close: the market is shut for good. */
  get ended(): boolean {
    return this.#startIndex + Math.floor(this.#elapsed() / SESSION_SECONDS) >= this.#calendar.length;
  }

  /** Real ms until the replayed clock reaches the given session-relative step boundary. */
  realMsPerReplaySecond(): number {
    return 1000 / this.#options.speed;
  }

  series(symbol: string): SymbolSeries | undefined {
    const key = symbol.toUpperCase();
    let s = this.#series.get(key);
    if (s === undefined) {
      const bars = this.#options.source(key);
      s = bars && bars.length > 0 ? new SymbolSeries(key, bars) : null;
      this.#series.set(key, s);
    }
    return s ?? undefined;
  }

  /** Last traded price at instant t (the session's path), or undefined outside its data. */
  priceAt(symbol: string, t: number): number | undefined {
    const s = this.series(symbol);
    if (!s) return undefined;
    const i = s.indexOf(easternDate(t));
    if (i === undefined) return undefined;
    const open = sessionOpen(s.days[i]!.time);
    const step = Math.floor((t - open) / (STEP_SECONDS * 1000));
    if (step < 0) return undefined;
    return s.path(i).price[Math.min(step, STEPS)];
  }

  /** The day's bar as known at instant t: whole if its session has closed, partial if running. */
  dayBarAt(s: SymbolSeries, index: number, t: number): Bar | undefined {
    const day = s.days[index]!;
    const open = sessionOpen(day.time);
    if (t < open) return undefined;
    if (t >= sessionClose(day.time)) return day;
    const step = Math.floor((t - open) / (STEP_SECONDS * 1000));
    if (step === 0) return undefined;
    return { time: day.time, ...aggregate(s.path(index), 0, step) };
  }

  /** Daily bars with time in [from, to] as known at instant `asOf` (never past the replay's now). */
  dailyBars(s: SymbolSeries, fromMs: number, asOf: number): Bar[] {
    const out: Bar[] = [];
    for (let i = 0; i < s.days.length; i++) {
      const day = s.days[i]!;
      if (day.time < easternDate(fromMs) || day.time > easternDate(asOf)) continue;
      const bar = this.dayBarAt(s, i, asOf);
      if (bar) out.push(bar);
    }
    return out;
  }

  /**
   * Intraday bars of `seconds` length (a multiple of 5) aligned to New York clock multiples,
   * clipped to the session, starting in [fromMs, asOf]; the running bar is partial.
   */
  intradayBars(s: SymbolSeries, seconds: number, fromMs: number, asOf: number): Bar[] {
    const out: Bar[] = [];
    const firstDate = easternDate(fromMs);
    const lastDate = easternDate(asOf);
    for (let i = 0; i < s.days.length; i++) {
      const date = s.days[i]!.time;
      if (date < firstDate || date > lastDate) continue;
      const open = sessionOpen(date);
      const path = s.path(i);
      const stepsPerBar = seconds / STEP_SECONDS;
      const known = Math.min(STEPS, Math.floor((asOf - open) / (STEP_SECONDS * 1000)));
      // Bars align to multiples of `seconds` since New York midnight; the session starts at 09:30.
      const phase = (SESSION_OPEN_SECONDS / STEP_SECONDS) % stepsPerBar;
      let from = 0;
      while (from < known) {
        const to = Math.min(STEPS, from + (stepsPerBar - ((from + phase) % stepsPerBar)));
        const startMs = open + from * STEP_SECONDS * 1000;
        if (startMs >= fromMs) out.push({ time: startMs, ...aggregate(path, from, Math.min(to, known)) });
        from = to;
      }
    }
    return out;
  }

  /** The calendar's trading days (00:00 UTC dates), for duration arithmetic. */
  get calendar(): readonly number[] {
    return this.#calendar;
  }
}
