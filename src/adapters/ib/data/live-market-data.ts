import { barSizeMs, type Bar, type BarSize } from "../../../core/bar.ts";
import type { MarketData, MarketDataSink } from "../../../engine/ports.ts";
import type { Logger } from "../../../log/logger.ts";
import type { IbConnection } from "../connection/connection.ts";
import { systemClock } from "../../clock/system-clock.ts";
import { fetchPacedHistory } from "./live-market-data-backfill.ts";
import { FiveSecondAggregator } from "./live-market-data-aggregate.ts";
import { TimeSteps } from "./live-market-data-steps.ts";
import { BarSubscriptions } from "./market-data.ts";
import type { HistoricalPacer } from "../requests/pacer.ts";
import type { Duration } from "../parse/duration.ts";
import type { IbFailure } from "../result.ts";

export interface LiveMarketDataOptions {
  readonly conn: IbConnection;
  readonly pacer: HistoricalPacer;
  readonly symbols: readonly string[];
  readonly barSize: BarSize;
  /** History requested per symbol on connect, so indicators are warm before the first live bar. */
  readonly backfill: Duration;
  /** Market time: the wall clock live, the replay clock under the simulator. */
  readonly clock: { now(): number };
  readonly useRth?: boolean;
  /** Backfill requests in flight at once (default 6); the pacer still applies IB's limits. */
  readonly concurrency?: number;
  readonly log?: Logger;
  /** A backfill or stream request failed (data failure, for the circuit breaker). */
  readonly onFailure?: (symbol: string, failure: IbFailure) => void;
  /** A time the live stream shows has passed (a 5-second bar's end, a keepUpToDate bar's start): a replay clock follows it. */
  readonly onStreamBar?: (end: number) => void;
  /** Waits before a backfill refused for pacing (162) is asked again (default: the one pacing schedule, requests/pacing-retry.ts). */
  readonly pacingRetryMs?: readonly number[];
}

/** A real-time bar this far behind the market clock is no live data: say why nothing trades. */
const FAR_BEHIND_MS = 3_600_000;

/** Bar sizes built from 5-second real-time bars; longer ones use keepUpToDate history. */
const FROM_REALTIME: ReadonlySet<BarSize> = new Set(["5s", "1m", "5m", "15m", "30m"]);
/** keepUpToDate requests stay open and IB allows 50 open history requests: keep room for backfills. */
export const MAX_KEEP_UP_TO_DATE = 40;

/**
 * The MarketData port over IB streaming subscriptions. Bar sizes up to 30 minutes: one
 * paced history request per symbol (bounded concurrency) backfills, then 5-second
 * real-time bars are aggregated to the run bar size; 1h and 1d use keepUpToDate history,
 * which carries its own backfill. No history is polled per bar. Reconnects and IB 1101
 * resubscribe once (BarSubscriptions); bars that arrive as backfill, at start or after a
 * gap, are told apart by `isBackfill` so the runner warms up on them but never trades.
 */
export class LiveMarketData implements MarketData {
  readonly symbols: readonly string[];
  readonly barMs: number;
  /** performance.now() when the bar being delivered arrived from IB (was decoded), for latency metrics. */
  arrivedAt = 0;
  /**
   * performance.now() when the socket read that carried the bar began: the bars of one read all
   * arrived then, so a bar's wait behind the others of its read (their decoding included) counts.
   */
  readAt = 0;
  readonly #o: LiveMarketDataOptions;
  readonly #slots = new Map<string, number>();
  readonly #liveFrom: Float64Array;
  readonly #last: Float64Array;
  #subs: BarSubscriptions | undefined;
  #steps: TimeSteps | undefined;
  #sink: MarketDataSink | undefined;
  #stopped = false;
  #warnedBehind = false;
  #checkedBehind = NaN;
  readonly #abort = new AbortController();
  #finish: ((error?: unknown) => void) | undefined;
  readonly #off: (() => void)[] = [];

  constructor(options: LiveMarketDataOptions) {
    if (options.symbols.length === 0) throw new RangeError("live market data: no symbols");
    if (!FROM_REALTIME.has(options.barSize) && options.symbols.length > MAX_KEEP_UP_TO_DATE) {
      throw new RangeError(
        `live market data: ${options.barSize} bars stream as keepUpToDate history, at most ${MAX_KEEP_UP_TO_DATE} symbols (IB allows 50 open history requests); got ${options.symbols.length}. Use a bar size of 30m or less for more symbols.`,
      );
    }
    this.#o = options;
    this.symbols = options.symbols;
    this.barMs = barSizeMs(options.barSize);
    options.symbols.forEach((s, i) => this.#slots.set(s, i));
    this.#liveFrom = new Float64Array(options.symbols.length).fill(Infinity);
    this.#last = new Float64Array(options.symbols.length).fill(-Infinity);
  }

  /** A bar ending at or before the moment its stream was (re)opened is history: warm up, do not trade. */
  isBackfill(slot: number, bar: Bar): boolean {
    return bar.time + this.barMs <= this.#liveFrom[slot]!;
  }

  /** Times all bar streams were requested again after a reconnect or IB 1101. */
  get resubscribes(): number {
    return this.#subs?.resubscribes ?? 0;
  }

  run(sink: MarketDataSink): Promise<void> {
    if (this.#sink) throw new Error("live market data: run() called twice");
    this.#sink = sink;
    this.#steps = new TimeSteps(this.symbols.length, this.barMs, (t) => sink.timeEnd(t));
    const { conn, pacer, log } = this.#o;
    this.#subs = new BarSubscriptions(conn, pacer, log);
    // Whatever arrives for the gap after a reconnect or 1101 is backfill too.
    const markGap = () => this.#liveFrom.fill(this.#o.clock.now());
    this.#off.push(
      conn.events.on("session", (_s, { reconnect }) => reconnect && markGap()),
      conn.events.on("restored", ({ dataLost }) => dataLost && markGap()),
    );
    const done = new Promise<void>((resolve, reject) => {
      this.#finish = (error) => (error === undefined ? resolve() : reject(error));
    });
    void this.#start().catch((error) => this.#end(error));
    return done;
  }

  stop(): void {
    this.#end();
  }

  #end(error?: unknown): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#abort.abort();
    for (const off of this.#off.splice(0)) off();
    this.#subs?.close();
    try {
      this.#steps?.flush();
    } catch (e) {
      error ??= e;
    }
    this.#finish?.(error);
  }

  async #start(): Promise<void> {
    const realtime = FROM_REALTIME.has(this.#o.barSize);
    const queue = [...this.symbols];
    const worker = async () => {
      for (let symbol = queue.shift(); symbol !== undefined && !this.#stopped; symbol = queue.shift()) {
        if (realtime) await this.#openRealtime(symbol);
        else this.#openKeepUpToDate(symbol);
      }
    };
    const n = Math.max(1, Math.min(this.#o.concurrency ?? 6, queue.length));
    await Promise.all(Array.from({ length: n }, worker));
  }

  async #openRealtime(symbol: string): Promise<void> {
    const slot = this.#slots.get(symbol)!;
    const { conn, pacer, clock, barSize, backfill } = this.#o;
    const result = await fetchPacedHistory(conn, pacer, { symbol, barSize, duration: backfill, useRth: this.#o.useRth ?? true }, {
      clock: systemClock, signal: this.#abort.signal, ...(this.#o.pacingRetryMs ? { retryMs: this.#o.pacingRetryMs } : {}),
      onWait: (ms, attempt) => this.#o.log?.warn(`${symbol}: IB refused the backfill for pacing (162; an identical request within 15 s, as after a quick restart); asking again in ${Math.round(ms / 1000)} s (retry ${attempt})`),
    });
    if (this.#stopped) return;
    const now = clock.now();
    this.#liveFrom[slot] = now;
    if (result.ok) {
      for (const bar of result.value.bars) if (bar.time + this.barMs <= now) this.#deliver(slot, bar);
    } else {
      this.#o.log?.warn(`${symbol}: backfill failed (${result.error.message}); warming up on live bars`);
      this.#o.onFailure?.(symbol, result.error);
    }
    const agg = this.#o.barSize === "5s" ? undefined : new FiveSecondAggregator(this.barMs);
    this.#subs!.subscribe({
      symbol,
      stream: { kind: "realtime-5s" },
      useRth: this.#o.useRth ?? true,
      onBar: (five) => {
        this.#o.onStreamBar?.(five.time + 5_000);
        this.#warnIfBehind(symbol, five);
        if (!agg) return this.#deliver(slot, five);
        for (const bar of agg.add(five)) this.#deliver(slot, bar);
      },
      onError: (failure) => {
        agg?.reset();
        if (failure.kind !== "disconnected") this.#o.onFailure?.(symbol, failure);
      },
    });
  }

  #openKeepUpToDate(symbol: string): void {
    const slot = this.#slots.get(symbol)!;
    this.#liveFrom[slot] = this.#o.clock.now();
    this.#subs!.subscribe({
      symbol,
      stream: { kind: "bars", barSize: this.#o.barSize, backfill: this.#o.backfill },
      useRth: this.#o.useRth ?? true,
      onBar: (bar) => {
        // keepUpToDate repeats the bar in progress: only its start is known to have passed.
        this.#o.onStreamBar?.(bar.time);
        this.#deliver(slot, bar);
      },
      onError: (failure) => {
        if (failure.kind !== "disconnected") this.#o.onFailure?.(symbol, failure);
      },
    });
  }

  /**
   * Real-time bars are never history, so one from long before the market clock means the
   * gateway's clock is not ours (a simulator replaying an old day): such bars only warm up,
   * and without this warning the run would sit there trading nothing, silently.
   */
  #warnIfBehind(symbol: string, five: Bar): void {
    // Once per 5-second step: the other symbols' bars of a step tell the same.
    if (this.#warnedBehind || five.time === this.#checkedBehind) return;
    this.#checkedBehind = five.time;
    const behind = this.#o.clock.now() - (five.time + 5_000);
    if (behind < FAR_BEHIND_MS) return;
    this.#warnedBehind = true;
    this.#o.log?.warn(
      `${symbol}: the gateway's real-time bars are from ${new Date(five.time).toISOString()}, ${Math.round(behind / 86_400_000)} day(s) behind the market clock ` +
        `(${new Date(this.#o.clock.now()).toISOString()}): they count as history and nothing is traded on them. ` +
        `A robotrader sim-gateway replaying past days needs 'run --replay-clock'; with TWS / IB Gateway, check this computer's clock.`,
    );
  }

  #deliver(slot: number, bar: Bar): void {
    // The same bar again (history overlapping a stream) is not news; anything else, even out
    // of order, goes on to the runner's data validator, which counts and rejects it.
    if (this.#stopped || bar.time === this.#last[slot]!) return;
    if (bar.time > this.#last[slot]!) this.#last[slot] = bar.time;
    this.arrivedAt = performance.now();
    this.readAt = this.#o.conn.readAt || this.arrivedAt;
    try {
      this.#sink!.bar(slot, bar);
      this.#steps!.arrived(bar.time);
    } catch (error) {
      this.#end(error);
    }
  }
}
