import { accountValues, moneyText, positionValue } from "./account/values.ts";
import { easternClock } from "./market/eastern-time.ts";
import { accountTime, accountValue, portfolioValue, position } from "./out/account.ts";
import type { Session } from "./session.ts";
import type { SimWorld } from "./world.ts";

/** Keys reqAccountUpdates reports (updateAccountValue), with their currency column. */
const UPDATE_KEYS = ["AccountType", "NetLiquidation", "TotalCashValue", "SettledCash", "AccruedCash", "BuyingPower", "EquityWithLoanValue", "GrossPositionValue", "InitMarginReq", "MaintMarginReq", "AvailableFunds", "ExcessLiquidity", "Cushion", "StockMarketValue", "UnrealizedPnL", "RealizedPnL", "CashBalance", "TotalCashBalance"];

/** Pushes account changes (after fills) to connections subscribed to positions or account updates. */
export class AccountFeed {
  readonly #world: SimWorld;
  readonly positionSubscribers = new Set<Session>();
  readonly updateSubscribers = new Set<Session>();

  constructor(world: SimWorld) {
    this.#world = world;
  }

  priceOf = (symbol: string): number | undefined => this.#world.replay.priceAt(symbol, this.#world.replay.now()) ?? this.#lastClose(symbol);

  #lastClose(symbol: string): number | undefined {
    const s = this.#world.replay.series(symbol);
    if (!s) return undefined;
    const now = this.#world.replay.now();
    const before = s.days.filter((d) => d.time <= now);
    return before.at(-1)?.close;
  }

  /** The updateAccountValue / updatePortfolio / updateAccountTime burst for one connection. */
  sendAccountUpdate(session: Session, onlySymbol?: string): void {
    const w = this.#world;
    const values = accountValues(w.account, this.priceOf);
    for (const key of UPDATE_KEYS) {
      const v = values[key];
      if (v === undefined) continue;
      const ccy = key === "AccountType" || key === "Cushion" ? "" : "USD";
      session.send(accountValue(key, moneyText(v), ccy, w.accountId));
      if (key === "CashBalance" || key === "TotalCashBalance") session.send(accountValue(key, moneyText(v), "BASE", w.accountId));
    }
    session.send(accountValue("Currency", "USD", "USD", w.accountId));
    for (const p of w.account.positions.values()) {
      if (onlySymbol !== undefined && p.symbol !== onlySymbol) continue;
      const v = positionValue(p, this.priceOf(p.symbol));
      session.send(portfolioValue(w.accountId, p, v.marketPrice.toString(), v.marketValue.toFixed(2), v.unrealizedPnl.toFixed(2)));
    }
    session.send(accountTime(easternClock(w.replay.now())));
  }

  changed(symbol: string): void {
    const p = this.#world.account.position(symbol);
    for (const s of this.positionSubscribers) if (s.isOpen && p) s.send(position(this.#world.accountId, p));
    for (const s of this.updateSubscribers) if (s.isOpen) this.sendAccountUpdate(s, symbol);
  }

  forget(session: Session): void {
    this.positionSubscribers.delete(session);
    this.updateSubscribers.delete(session);
  }
}
