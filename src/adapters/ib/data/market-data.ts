import { BarSizeSetting, EventName, WhatToShow, type IBApi } from "@stoqey/ib";
import type { Bar, BarSize, SymbolBar } from "../../../core/bar.ts";
import type { Logger } from "../../../log/logger.ts";
import type { IbConnection } from "../connection/connection.ts";
import { fetchHistoricalBars } from "./historical.ts";
import type { HistoricalPacer } from "../requests/pacer.ts";
import { barFromIb } from "../parse/bar.ts";
import { toIbBarSize } from "../parse/bar-size.ts";
import { stockContract } from "../parse/contract.ts";
import { formatDuration, type Duration } from "../parse/duration.ts";
import type { IbFailure } from "../result.ts";

export type SubscriptionKind =
  /** reqHistoricalData with keepUpToDate: backfill of `backfill`, then updates of the live bar. */
  | { readonly kind: "bars"; readonly barSize: BarSize; readonly backfill: Duration }
  /** reqRealTimeBars: IB's 5-second bars; gaps after a reconnect are backfilled from history. */
  | { readonly kind: "realtime-5s" };

export interface BarSubscriptionRequest {
  readonly symbol: string;
  readonly stream: SubscriptionKind;
  readonly useRth?: boolean;
  /** A bar is complete once the next one starts (keepUpToDate) or when IB sends it (5s bars). */
  readonly onBar: (bar: SymbolBar) => void;
  readonly onError?: (failure: IbFailure) => void;
}

interface Sub {
  readonly id: number;
  readonly req: BarSubscriptionRequest;
  reqId: number | undefined;
  /** Start time of the last bar handed to onBar; nothing at or before it is sent again. */
  lastTime: number;
  /** keepUpToDate: the live bar, not yet complete. */
  current: Bar | undefined;
  /** 5s bars: live bars held back while the gap before them is backfilled, so order is kept. */
  held: Bar[] | undefined;
  /** Counts gap backfills; only the latest one may release what is held. */
  gap: number;
}

export interface BarSubscriptionOptions {
  /**
   * Longest time live 5-second bars are held back waiting for a gap's backfill (IB pacing can
   * delay it for minutes); then they flow on and the gap is reported. Default 15 s.
   */
  readonly maxHoldMs?: number;
}

/**
 * Streaming bar subscriptions that survive the connection's trouble: on a new session
 * (reconnect) or IB 1101 every subscription is requested again exactly once, with a backfill
 * that fills the gap; bars already delivered are never delivered twice. 1100 and 1102 need
 * nothing here: the streams stay (IB keeps them on 1102).
 */
export class BarSubscriptions {
  readonly #conn: IbConnection;
  readonly #pacer: HistoricalPacer;
  readonly #log: Logger | undefined;
  readonly #maxHoldMs: number;
  readonly #subs = new Map<number, Sub>();
  readonly #byReqId = new Map<number, Sub>();
  #nextId = 1;
  #boundApi: IBApi | undefined;
  #resubscribes = 0;
  readonly #off: (() => void)[] = [];

  constructor(conn: IbConnection, pacer: HistoricalPacer, log?: Logger, options: BarSubscriptionOptions = {}) {
    this.#conn = conn;
    this.#pacer = pacer;
    this.#log = log;
    this.#maxHoldMs = options.maxHoldMs ?? 15_000;
    this.#off.push(
      conn.events.on("session", (_s, { reconnect }) => {
        this.#bind();
        if (reconnect) this.#resubscribeAll("reconnected");
        else for (const sub of this.#subs.values()) if (sub.reqId === undefined) this.#request(sub);
      }),
      conn.events.on("restored", ({ dataLost }) => {
        if (dataLost) this.#resubscribeAll("IB 1101: market data lost");
      }),
    );
    this.#bind();
  }

  /** How many times the whole set was requested again (for monitoring and tests). */
  get resubscribes(): number {
    return this.#resubscribes;
  }
  get size(): number {
    return this.#subs.size;
  }

  subscribe(req: BarSubscriptionRequest): () => void {
    const sub: Sub = { id: this.#nextId++, req, reqId: undefined, lastTime: -Infinity, current: undefined, held: undefined, gap: 0 };
    this.#subs.set(sub.id, sub);
    this.#request(sub);
    return () => this.#unsubscribe(sub);
  }

  /** Cancels every stream and stops listening to the connection. */
  close(): void {
    for (const sub of [...this.#subs.values()]) this.#unsubscribe(sub);
    for (const off of this.#off.splice(0)) off();
    this.#unbind();
  }

  #unsubscribe(sub: Sub): void {
    this.#cancel(sub);
    this.#subs.delete(sub.id);
    sub.gap += 1;
    sub.held = undefined;
  }

  #bind(): void {
    const api = this.#conn.api;
    if (!api || api === this.#boundApi) return;
    this.#unbind();
    this.#boundApi = api;
    this.#byReqId.clear();
    api.on(EventName.historicalData, this.#onHistorical);
    api.on(EventName.historicalDataUpdate, this.#onUpdate);
    api.on(EventName.realtimeBar, this.#onRealtime);
  }

  #unbind(): void {
    const api = this.#boundApi;
    if (!api) return;
    api.off(EventName.historicalData, this.#onHistorical);
    api.off(EventName.historicalDataUpdate, this.#onUpdate);
    api.off(EventName.realtimeBar, this.#onRealtime);
    this.#boundApi = undefined;
  }

  #resubscribeAll(why: string): void {
    if (this.#subs.size === 0) return;
    this.#resubscribes += 1;
    this.#log?.info(`resubscribing ${this.#subs.size} bar streams (${why})`);
    for (const sub of this.#subs.values()) {
      this.#cancel(sub);
      this.#request(sub);
    }
  }

  #cancel(sub: Sub): void {
    if (sub.reqId === undefined) return;
    this.#byReqId.delete(sub.reqId);
    this.#conn.registry.remove(sub.reqId);
    const api = this.#conn.api;
    if (api && this.#conn.isReady) {
      if (sub.req.stream.kind === "bars") api.cancelHistoricalData(sub.reqId);
      else api.cancelRealTimeBars(sub.reqId);
    }
    sub.reqId = undefined;
  }

  #request(sub: Sub): void {
    const api = this.#conn.api;
    if (!api || !this.#conn.isReady) return; // the next session requests it
    this.#bind();
    const reqId = this.#conn.nextReqId();
    sub.reqId = reqId;
    this.#byReqId.set(reqId, sub);
    const { symbol, stream } = sub.req;
    const label = `${stream.kind === "bars" ? `bars ${toIbBarSize(stream.barSize)}` : "realtime 5s bars"} ${symbol}`;
    this.#conn.registry.add(reqId, label, (failure) => {
      if (sub.reqId === reqId) sub.reqId = undefined;
      this.#byReqId.delete(reqId);
      if (failure.kind === "disconnected") this.#log?.debug(`${label}: waiting for the connection to come back`);
      else this.#log?.warn(`${label}: IB ${failure.code} ${failure.message}`);
      sub.req.onError?.(failure);
    });
    const contract = stockContract(symbol);
    if (stream.kind === "bars") {
      sub.current = undefined;
      api.reqHistoricalData(reqId, contract, "", formatDuration(stream.backfill), toIbBarSize(stream.barSize) as BarSizeSetting, WhatToShow.TRADES, sub.req.useRth ?? true ? 1 : 0, stream.barSize === "1d" ? 1 : 2, true);
    } else {
      api.reqRealTimeBars(reqId, contract, 5, WhatToShow.TRADES, sub.req.useRth ?? true);
      if (Number.isFinite(sub.lastTime)) void this.#backfillRealtime(sub);
    }
  }

  /**
   * After a gap, 5-second history from the last delivered bar up to now. Live bars arriving
   * meanwhile are held and follow the backfill; otherwise the first live bar would move
   * `lastTime` past the gap and every backfilled bar would be dropped as old.
   */
  async #backfillRealtime(sub: Sub): Promise<void> {
    const gen = ++sub.gap;
    sub.held ??= [];
    const symbol = sub.req.symbol;
    const timer = setTimeout(() => {
      if (sub.gap === gen) this.#release(sub, `backfill of ${symbol} 5s bars still waiting after ${this.#maxHoldMs} ms (IB pacing?): live bars go on, the gap before them may stay`);
    }, this.#maxHoldMs);
    const gapS = Math.min(3600, Math.ceil((Date.now() - sub.lastTime) / 1000) + 5);
    const result = await fetchHistoricalBars(this.#conn, this.#pacer, { symbol, barSize: "5s", duration: { count: gapS, unit: "S" }, useRth: sub.req.useRth ?? true });
    clearTimeout(timer);
    if (sub.gap !== gen) return; // unsubscribed, or a newer reconnect owns the gap now
    if (result.ok) for (const bar of result.value.bars) this.#deliver(sub, bar);
    this.#release(sub, result.ok ? undefined : `backfill of ${symbol} 5s bars failed: ${result.error.message}`);
  }

  /** Hands over the live bars held during a backfill. */
  #release(sub: Sub, problem?: string): void {
    const held = sub.held ?? [];
    sub.held = undefined;
    if (problem) this.#log?.warn(problem);
    for (const bar of held) this.#deliver(sub, bar);
  }

  #deliver(sub: Sub, bar: Bar): void {
    if (bar.time <= sub.lastTime) return;
    sub.lastTime = bar.time;
    sub.req.onBar({ ...bar, symbol: sub.req.symbol });
  }

  /** keepUpToDate: a newer bar completes the current one. */
  #advance(sub: Sub, bar: Bar): void {
    if (sub.current && bar.time > sub.current.time) this.#deliver(sub, sub.current);
    if (!sub.current || bar.time >= sub.current.time) sub.current = bar;
  }

  readonly #onHistorical = (reqId: number, date: string, open: number, high: number, low: number, close: number, volume: number) => {
    const sub = this.#byReqId.get(reqId);
    if (!sub) return;
    if (typeof date === "string" && date.startsWith("finished")) return;
    const bar = barFromIb(date, open, high, low, close, volume);
    if (typeof bar === "string") this.#log?.warn(`${sub.req.symbol}: refused ${bar}`);
    else this.#advance(sub, bar);
  };

  readonly #onUpdate = (reqId: number, date: string, open: number, high: number, low: number, close: number, volume: number) => {
    const sub = this.#byReqId.get(reqId);
    if (!sub) return;
    const bar = barFromIb(date, open, high, low, close, volume);
    if (typeof bar !== "string") this.#advance(sub, bar);
  };

  readonly #onRealtime = (reqId: number, time: number, open: number, high: number, low: number, close: number, volume: number) => {
    const sub = this.#byReqId.get(reqId);
    if (!sub) return;
    const bar = barFromIb(time, open, high, low, close, volume);
    if (typeof bar === "string") this.#log?.warn(`${sub.req.symbol}: refused ${bar}`);
    else if (sub.held) sub.held.push(bar);
    else this.#deliver(sub, bar);
  };
}
