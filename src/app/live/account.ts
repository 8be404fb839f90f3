import { fetchAccountSummary } from "../../adapters/ib/execution/account.ts";
import type { IbConnection } from "../../adapters/ib/connection/connection.ts";
import type { Money } from "../../core/money.ts";
import type { Logger } from "../../log/logger.ts";
import { maskSecret } from "../../log/mask.ts";
import type { AccountValues } from "../../engine/risk-gate.ts";

/** How often the broker's account values are asked again (also after each fill). */
export const ACCOUNT_REFRESH_MS = 60_000;

export interface BrokerAccountOptions {
  readonly conn: IbConnection;
  /** The IB account traded: only its rows count. */
  readonly account: string;
  readonly log: Logger;
  readonly refreshMs?: number;
}

/**
 * --broker ibkr: the account's NetLiquidation (equity) and TotalCashValue (cash) as the
 * broker reports them (reqAccountSummary), asked at start, every minute and soon after each
 * fill. The risk limits size on these, not on a local guess. Until the broker has answered,
 * both are undefined (unknown); a failed refresh keeps the last known values and says so.
 */
export class BrokerAccount implements AccountValues {
  readonly #o: BrokerAccountOptions;
  #equity: Money | undefined;
  #cash: Money | undefined;
  #at: number | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  #soon: ReturnType<typeof setTimeout> | undefined;
  #inFlight: Promise<void> | undefined;
  #warned = 0;

  constructor(options: BrokerAccountOptions) {
    this.#o = options;
  }

  equity(): Money | undefined {
    return this.#equity;
  }

  cash(): Money | undefined {
    return this.#cash;
  }

  /** Wall time of the last values the broker reported. */
  get updatedAt(): number | undefined {
    return this.#at;
  }

  /** Asks now (at most one request at a time); resolves when the answer is in. */
  refresh(): Promise<void> {
    this.#inFlight ??= this.#ask().finally(() => (this.#inFlight = undefined));
    return this.#inFlight;
  }

  /** First values (awaited before trading), then a refresh every `refreshMs`. */
  async start(): Promise<this> {
    await this.refresh();
    if (this.#equity === undefined) this.#o.log.warn(`the broker did not report NetLiquidation for ${maskSecret(this.#o.account)}: %-of-equity limits and the daily loss limit refuse new exposure until it does`);
    this.#timer = setInterval(() => void this.refresh(), this.#o.refreshMs ?? ACCOUNT_REFRESH_MS);
    this.#timer.unref?.();
    return this;
  }

  /** A fill moved the account: ask again shortly (fills in a burst share one request). */
  onFill(): void {
    if (this.#soon !== undefined) return;
    this.#soon = setTimeout(() => {
      this.#soon = undefined;
      void this.refresh();
    }, 250);
    this.#soon.unref?.();
  }

  stop(): void {
    clearInterval(this.#timer);
    clearTimeout(this.#soon);
  }

  async #ask(): Promise<void> {
    const result = await fetchAccountSummary(this.#o.conn, "NetLiquidation,TotalCashValue");
    if (!result.ok) {
      if (this.#warned++ < 5) this.#o.log.warn(`account values not refreshed (${result.error.message}); keeping the last known`);
      return;
    }
    const mine = result.value.filter((r) => r.account === this.#o.account && typeof r.value !== "string");
    const value = (tag: string) => mine.find((r) => r.tag === tag)?.value as Money | undefined;
    const equity = value("NetLiquidation");
    const cash = value("TotalCashValue");
    if (equity !== undefined) this.#equity = equity;
    if (cash !== undefined) this.#cash = cash;
    if (equity !== undefined || cash !== undefined) this.#at = Date.now();
    this.#o.log.debug(`account values: NetLiquidation ${equity?.toFixed(2) ?? "unknown"}, TotalCashValue ${cash?.toFixed(2) ?? "unknown"}`);
  }
}
