import { isSessionAllowed, toNewYork, type MarketSession } from "../core/calendar/index.ts";
import type { Refusal as EngineRefusal } from "../core/events.ts";
import { money, ZERO, type Money } from "../core/money.ts";
import type { OrderIntent } from "../core/order.ts";
import type { PortfolioView } from "../core/portfolio.ts";
import {
  checkRisk,
  circuitAt,
  CLOSED_CIRCUIT,
  dailyLossBreached,
  isRefusal,
  recordFailure,
  recordSuccess,
  standardRules,
  type CircuitBreakerOptions,
  type CircuitBreakerState,
  type RecentOrder,
  type RiskLimits,
  type RiskRule,
} from "../core/risk/index.ts";
import type { PreTradeCheck } from "../engine/ports.ts";

/** The kill switch as the runner sees it: read before every order, switched on by the loss limit. */
export interface KillSwitch {
  read(): { readonly on: boolean; readonly reason?: string };
  trip(reason: string): void;
}

export interface RiskGateOptions {
  readonly limits: RiskLimits;
  /** NYSE sessions in which orders may go out (config run.sessions). */
  readonly sessions: readonly MarketSession[];
  readonly circuit: CircuitBreakerOptions;
  /** Market time: the wall clock live, the replay clock under --sim. */
  readonly now: () => number;
  readonly killSwitch: KillSwitch;
  /** Last prices by symbol (kept by the runner from accepted bars). */
  readonly prices: ReadonlyMap<string, number>;
  /** Signals decided on history (backfill) bars: warm-up only, never orders. */
  readonly isWarmUp: (intent: OrderIntent) => boolean;
  /** Why trading is paused (IB 1100), or undefined. */
  readonly paused?: () => string | undefined;
  /** Told every refusal (warm-up ones excluded): log, count, store. */
  readonly onRefusal?: (intent: OrderIntent, refusal: EngineRefusal) => void;
}

export const WARM_UP_RULE = "warm-up";

/**
 * Every pre-trade check of a live run as one PreTradeCheck, in order: warm-up, a paused
 * connection, market hours, then the risk rules from config (invalid order, kill switch, circuit breaker,
 * daily loss, duplicates, limits: standardRules). The first refusal wins; a daily-loss
 * refusal also switches the kill switch on. Accepted orders are remembered for the
 * per-day count and the duplicate window.
 */
export class RiskGate implements PreTradeCheck {
  readonly name = "risk";
  readonly #o: RiskGateOptions;
  readonly #rules: RiskRule[];
  #circuit: CircuitBreakerState = CLOSED_CIRCUIT;
  #workingOrders: () => readonly OrderIntent[] = () => [];
  #day = "";
  #dayStartEquity: Money = ZERO;
  #tradesToday = new Map<string, number>();
  #recent: RecentOrder[] = [];
  /** The New York day whose loss already turned the kill switch on. */
  #lossTrippedOn = "";
  /** performance.now() when the latest intent entered the checks (signal -> order latency). */
  checkedAt = 0;

  constructor(options: RiskGateOptions) {
    this.#o = options;
    this.#rules = standardRules(options.limits);
  }

  /** The engine's open orders, known once the engine exists. */
  attach(workingOrders: () => readonly OrderIntent[]): void {
    this.#workingOrders = workingOrders;
  }

  /** At start: today's P&L begins at `equity`, and orders sent earlier today (from the store) count. */
  start(equity: number, earlier: readonly { symbol: string; side: OrderIntent["side"]; time: number }[]): void {
    this.#rollDay(this.#o.now(), equity);
    for (const o of earlier) this.#remember(o.symbol, o.side, o.time);
  }

  /**
   * Called at every time step: a new New York trading day starts its P&L from this equity,
   * and a loss past the daily limit turns the kill switch on now, not at the next order
   * (a strategy that holds may send none for hours while the loss grows).
   */
  observe(equity: number): void {
    this.#rollDay(this.#o.now(), equity);
    if (this.#lossTrippedOn === this.#day) return;
    const dailyPnl = money(equity).minus(this.#dayStartEquity);
    if (!dailyLossBreached({ dailyPnl }, money(this.#o.limits.dailyLossLimit))) return;
    this.#lossTrippedOn = this.#day;
    if (this.#o.killSwitch.read().on) return;
    this.#o.killSwitch.trip(`today's loss ${dailyPnl.times(-1).toFixed(2)} USD reached the daily loss limit ${money(this.#o.limits.dailyLossLimit).toFixed(2)} USD; the kill switch goes on`);
  }

  get circuit(): CircuitBreakerState {
    return circuitAt(this.#circuit, this.#o.now(), this.#o.circuit);
  }

  recordFailure(reason: string): void {
    this.#circuit = recordFailure(this.#circuit, this.#o.now(), reason, this.#o.circuit);
  }

  recordSuccess(): void {
    this.#circuit = recordSuccess(this.#circuit, this.#o.now(), this.#o.circuit);
  }

  check(intent: OrderIntent, portfolio: PortfolioView): EngineRefusal | undefined {
    this.checkedAt = performance.now();
    if (this.#o.isWarmUp(intent)) return { kind: "refused", rule: WARM_UP_RULE, reason: "signal on a history (backfill) bar: warm-up only" };
    const now = this.#o.now();
    this.#rollDay(now, portfolio.equity());
    const refusal = this.#decide(intent, portfolio, now);
    if (refusal) {
      this.#o.onRefusal?.(intent, refusal);
      return refusal;
    }
    this.#remember(intent.symbol, intent.side, now);
    return undefined;
  }

  #decide(intent: OrderIntent, portfolio: PortfolioView, now: number): EngineRefusal | undefined {
    const paused = this.#o.paused?.();
    if (paused !== undefined) return { kind: "refused", rule: "connection", reason: `connection: ${intent.side} ${intent.qty} ${intent.symbol} refused: trading is paused (${paused})` };
    if (!isSessionAllowed(now, this.#o.sessions)) {
      return {
        kind: "refused",
        rule: "market-hours",
        reason: `market-hours: ${intent.side} ${intent.qty} ${intent.symbol} refused: ${new Date(now).toISOString()} is outside the allowed sessions (${this.#o.sessions.join(", ")}; config run.sessions)`,
      };
    }
    const kill = this.#o.killSwitch.read();
    const circuit = this.circuit;
    const equity = money(portfolio.equity());
    const decision = checkRisk(this.#rules, intent, {
      now,
      positions: portfolio.positions(),
      workingOrders: this.#workingOrders().map((o) => ({ symbol: o.symbol, side: o.side, qty: o.qty })),
      equity,
      cash: portfolio.cash,
      prices: this.#o.prices,
      tradesToday: this.#tradesToday,
      recentOrders: this.#recent,
      dailyPnl: equity.minus(this.#dayStartEquity),
      killSwitch: kill.reason !== undefined ? { on: kill.on, reason: kill.reason } : { on: kill.on },
      circuit: circuit.lastFailure !== undefined ? { status: circuit.status, reason: circuit.lastFailure } : { status: circuit.status },
    });
    if (!isRefusal(decision)) return undefined;
    if (decision.trips === "kill-switch" && !kill.on) this.#o.killSwitch.trip(decision.message);
    const refusal: EngineRefusal = { kind: "refused", rule: decision.rule, reason: decision.message };
    return {
      ...refusal,
      ...(typeof decision.limit === "number" ? { limit: decision.limit } : {}),
      ...(typeof decision.actual === "number" ? { actual: decision.actual } : {}),
    };
  }

  #rollDay(now: number, equity: number): void {
    const day = toNewYork(now).date;
    if (day === this.#day) return;
    this.#day = day;
    this.#dayStartEquity = money(equity);
    this.#tradesToday = new Map();
    this.#recent = [];
  }

  #remember(symbol: string, side: OrderIntent["side"], time: number): void {
    if (toNewYork(time).date === this.#day) this.#tradesToday.set(symbol, (this.#tradesToday.get(symbol) ?? 0) + 1);
    this.#recent.push({ symbol, side, time });
    const windowMs = (this.#o.limits.duplicateWindowMinutes ?? 0) * 60_000;
    if (this.#recent.length > 256) this.#recent = this.#recent.filter((r) => time - r.time <= windowMs);
  }
}
