import { money, type Money } from "../core/money.ts";
import type { PortfolioView } from "../core/portfolio.ts";
import type { Position } from "../core/position.ts";
import type { PriceLookup, RecentOrder, RiskContext, WorkingOrder } from "../core/risk/index.ts";

/** What LocalRiskContext takes besides the books: the RiskContext fields that are not money. */
export interface LocalRiskFields {
  readonly now: number;
  readonly workingOrders: readonly WorkingOrder[];
  readonly prices: PriceLookup;
  readonly tradesToday: ReadonlyMap<string, number>;
  readonly recentOrders: readonly RecentOrder[];
  readonly killSwitch: RiskContext["killSwitch"];
  readonly circuit: RiskContext["circuit"];
  readonly correlation: ((a: string, b: string) => number) | undefined;
}

/**
 * The risk rules' view of one order when the account is the local books (paper, a backtest)
 * and the day's loss baseline is known as a float64: equity and today's P&L are given as
 * float64 (`equityNumber`, `dailyPnlNumber`), and as money only when a rule reads them. A rule
 * that is surely within its limit in float64 decides without them (core/risk surelyAtMost): in
 * a minute-bar backtest that is nearly every order, and big.js is left to the rare close call.
 * The money is what the eager context held: the equity's decimal form, minus the baseline's.
 */
export class LocalRiskContext implements RiskContext {
  // Written by the constructor and by `judge` only (the rules read them through RiskContext, read-only).
  now: number;
  workingOrders: readonly WorkingOrder[];
  readonly prices: PriceLookup;
  readonly tradesToday: ReadonlyMap<string, number>;
  recentOrders: readonly RecentOrder[];
  killSwitch: RiskContext["killSwitch"];
  circuit: RiskContext["circuit"];
  readonly correlation: ((a: string, b: string) => number) | undefined;
  equityNumber: number;
  dailyPnlNumber: number;
  readonly #books: PortfolioView;
  readonly #baseline: () => Money;
  #positions: readonly Position[] | undefined;
  #equity: Money | undefined;
  #dailyPnl: Money | undefined;

  /** `baseline`: the day's baseline as money (made from the float64 one when first asked). */
  constructor(fields: LocalRiskFields, books: PortfolioView, equity: number, baseline: number, baselineMoney: () => Money) {
    this.now = fields.now;
    this.workingOrders = fields.workingOrders;
    this.prices = fields.prices;
    this.tradesToday = fields.tradesToday;
    this.recentOrders = fields.recentOrders;
    this.killSwitch = fields.killSwitch;
    this.circuit = fields.circuit;
    this.correlation = fields.correlation;
    this.equityNumber = equity;
    this.dailyPnlNumber = equity - baseline;
    this.#books = books;
    this.#baseline = baselineMoney;
  }

  /**
   * The view of the next order, in place: the gate keeps one context and judges each order with
   * it (a backtest's thousands of orders made two objects each). The rules read a context only
   * while they judge, so nothing sees it change. What was made from the last order's figures
   * (positions, equity and P&L as money) is forgotten.
   */
  judge(now: number, workingOrders: readonly WorkingOrder[], recentOrders: readonly RecentOrder[], killSwitch: RiskContext["killSwitch"], circuit: RiskContext["circuit"], equity: number, baseline: number): this {
    this.now = now;
    this.workingOrders = workingOrders;
    this.recentOrders = recentOrders;
    this.killSwitch = killSwitch;
    this.circuit = circuit;
    this.equityNumber = equity;
    this.dailyPnlNumber = equity - baseline;
    this.#positions = undefined;
    this.#equity = undefined;
    this.#dailyPnl = undefined;
    return this;
  }

  get positions(): readonly Position[] {
    return (this.#positions ??= this.#books.positions());
  }

  get cash(): Money {
    return this.#books.cash;
  }

  get equity(): Money {
    return (this.#equity ??= money(this.equityNumber));
  }

  get dailyPnl(): Money {
    return (this.#dailyPnl ??= this.equity.minus(this.#baseline()));
  }
}
