import { isoDateOfDay, isSessionAllowed, newYorkDayBounds, type MarketSession } from "../core/calendar/index.ts";
import type { Refusal as EngineRefusal } from "../core/events.ts";
import { isoTime } from "../core/iso-time.ts";
import { money, ZERO, type Money } from "../core/money.ts";
import type { OrderIntent } from "../core/order.ts";
import type { PortfolioView } from "../core/portfolio.ts";
import {
  checkRisk,
  circuitAt,
  CLOSED_CIRCUIT,
  dailyLossBreached,
  isReducing,
  isRefusal,
  recordFailure,
  recordSuccess,
  standardRules,
  type CircuitBreakerOptions,
  type CircuitBreakerState,
  type PriceLookup,
  type RecentOrder,
  type RiskContext,
  type RiskLimits,
  type RiskRule,
  type Refusal as RuleRefusal,
} from "../core/risk/index.ts";
import { LocalRiskContext } from "./local-risk-context.ts";
import type { PreTradeCheck } from "./ports.ts";

/** The kill switch as the runner sees it: read before every order, switched on by the loss limit. */
export interface KillSwitch {
  read(): { readonly on: boolean; readonly reason?: string };
  trip(reason: string): void;
}

/** The broker's own account values (--broker ibkr): undefined while it has not reported them. */
export interface AccountValues {
  equity(): Money | undefined;
  cash(): Money | undefined;
}

/** Where the day's loss baseline lives between runs: the first one stored for a day wins. */
export interface DayBaselines {
  load(day: string): Money | undefined;
  /** Stores `equity` unless the day has one; returns the day's baseline. */
  save(day: string, equity: Money): Money;
}

export interface RiskGateOptions {
  readonly limits: RiskLimits;
  /** NYSE sessions in which orders may go out (config run.sessions); absent: any time (daily bars). */
  readonly sessions?: readonly MarketSession[] | undefined;
  readonly circuit: CircuitBreakerOptions;
  /** Market time: the wall clock live, the replay clock under --sim, the bar's end in a backtest. */
  readonly now: () => number;
  /**
   * An order is judged (sessions, trades per day, duplicate window) at its signal time plus this
   * (the bar's length: the end of its signal bar), so a replay of the same bars judges alike.
   * Absent: at `now()`.
   */
  readonly decisionDelayMs?: number | undefined;
  readonly killSwitch: KillSwitch;
  /** Last prices by symbol (kept by the runner from accepted bars). */
  readonly prices: PriceLookup;
  /** Signals decided on history (backfill) bars: warm-up only, never orders. */
  readonly isWarmUp: (intent: OrderIntent) => boolean;
  /** Why trading is paused (IB 1100), or undefined. */
  readonly paused?: () => string | undefined;
  /** Told every refusal (warm-up ones excluded): log, count, store. */
  readonly onRefusal?: (intent: OrderIntent, refusal: EngineRefusal) => void;
  /**
   * --broker ibkr: equity and cash for the rules and the daily loss come from the broker,
   * not the local books; while unknown, %-of-equity limits and the daily loss refuse new
   * exposure with "unknown" (never a guess). Absent: the local books (paper).
   */
  readonly account?: AccountValues;
  /** Rolling correlation of two symbols' returns for risk.max_correlated_exposure_pct; absent: unknown. */
  readonly correlation?: (a: string, b: string) => number;
  /** Keeps the day's loss baseline across restarts. */
  readonly baselines?: DayBaselines;
  /** Told what the gate decided that a person should hear (baselines, exits let through the kill switch). */
  readonly note?: (level: "info" | "warn", message: string) => void;
}

export const WARM_UP_RULE = "warm-up";

/**
 * A refusal, told (onRefusal) before it is returned. A function of the module, not a private
 * method, so that the app can keep it off the JIT's top tier (app/backtest/top-tier.ts).
 */
export function refusedTo(o: Pick<RiskGateOptions, "onRefusal">, intent: OrderIntent, refusal: EngineRefusal): EngineRefusal {
  o.onRefusal?.(intent, refusal);
  return refusal;
}

/** The rules' view of a closed circuit breaker (the usual state): one object, not one per order. */
const CLOSED_VIEW: RiskContext["circuit"] = Object.freeze({ status: "closed" });

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
  /** The same rules without max-position-pct, for while the broker's equity is unknown. */
  readonly #rulesWithoutEquity: RiskRule[];
  #circuit: CircuitBreakerState = CLOSED_CIRCUIT;
  #workingOrders: () => readonly OrderIntent[] = () => [];
  /** The New York day (epoch-day number) the counts and the baseline belong to. */
  #dayNumber = NaN;
  #dayText = "";
  /** [start, end) of the day in epoch ms: the day rolls only when time leaves it. */
  #dayStart = Infinity;
  #dayEnd = -Infinity;
  /**
   * #dayStartEquity as a float, for the per-step loss check, when #hasBaselineNum. (Not NaN or
   * undefined when unknown: a NaN read at every time step, or an undefined at each day's start,
   * made the optimizing JIT exit and recompile observe.)
   */
  #baselineNum = 0;
  #hasBaselineNum = false;
  /** Equity at the first live snapshot of the day (or stored by an earlier run today); undefined until then. */
  #dayStartEquity: Money | undefined;
  #tradesToday = new Map<string, number>();
  #recent: RecentOrder[] = [];
  /** The New York day (epoch-day number) whose loss already turned the kill switch on. */
  #lossTrippedOn: number | undefined;
  /** The end of a market-hours refusal's words (the allowed sessions), made on the first one. */
  #outsideSessions: string | undefined;
  /** By side (buy, sell): the start of the last market-hours refusal's words, and the size and symbol it names. */
  readonly #hoursOrder = ["", ""];
  readonly #hoursQty = new Float64Array(2).fill(NaN);
  readonly #hoursSymbol = ["", ""];
  /** The last local equity judged, and it as money: every order of a time step sees the same one. */
  #equityOf = NaN;
  #equityMoney: Money | undefined;
  /** The last daily P&L made, and the equity and baseline it was made of. */
  #pnl: Money = ZERO;
  #pnlEquity: Money | undefined;
  #pnlBaseline: Money | undefined;

  /** observe decides in float64 (local books); a step's loss above this is surely within the limit. */
  readonly #floatLoss: boolean;
  /** The local books, no stored baselines, no notes (a backtest): orders are judged with a LocalRiskContext. */
  readonly #localMoney: boolean;
  /** The day's baseline as money, for a LocalRiskContext's exact figures. */
  readonly #baselineMoney = (): Money => this.dayStartEquity!;
  readonly #surelyAboveLoss: number;
  /** Whether orders are judged at their signal time plus #decisionDelay (decisionDelayMs), else at now(). */
  readonly #atSignal: boolean;
  readonly #decisionDelay: number;
  /** The one context judgeLocal judges every order with (made at the first). */
  #local: LocalRiskContext | undefined;

  constructor(options: RiskGateOptions) {
    this.#o = options;
    this.#atSignal = options.decisionDelayMs !== undefined;
    this.#decisionDelay = options.decisionDelayMs ?? 0;
    this.#floatLoss = options.account === undefined;
    this.#surelyAboveLoss = -options.limits.dailyLossLimit * (1 - 1e-9);
    this.#rules = standardRules(options.limits);
    this.#rulesWithoutEquity = standardRules({ ...options.limits, maxPositionPct: undefined });
    // (No notes either: #baseline tells one when it takes a day's baseline.)
    this.#localMoney = options.account === undefined && options.baselines === undefined && options.note === undefined;
  }

  /** The engine's open orders, known once the engine exists. */
  attach(workingOrders: () => readonly OrderIntent[]): void {
    this.#workingOrders = workingOrders;
  }

  /** At start: orders sent earlier today (from the store) count; today's baseline is loaded if an earlier run stored it. */
  start(earlier: readonly { symbol: string; side: OrderIntent["side"]; time: number }[]): void {
    this.#rollDay(this.#o.now());
    for (const o of earlier) this.#remember(o.symbol, o.side, o.time);
  }

  /** Today's loss baseline: undefined until the first live snapshot of the day (or the broker's first equity). */
  get dayStartEquity(): Money | undefined {
    if (this.#dayStartEquity === undefined && this.#hasBaselineNum) return this.#baseline(undefined);
    return this.#dayStartEquity;
  }

  /**
   * Called at every time step with the local books' equity; `live` when the step had a live
   * bar. The day's baseline is the equity at its first live step (prices marked by live
   * data; the broker's equity for ibkr), kept across restarts. A loss past the daily limit
   * turns the kill switch on now, not at the next order (a holding strategy may send none).
   */
  observe(localEquity: number, live = true): void {
    const now = this.#o.now();
    // The day rolls rarely (#rollDay checks the same first): its bulk stays out of this per-step path.
    if (!(now >= this.#dayStart && now < this.#dayEnd)) this.#rollDay(now);
    if (this.#lossTrippedOn === this.#dayNumber) return;
    // Every time step of a backtest comes here: with local books, decide in float64 unless the
    // loss is within a hair of the limit (then exactly, below). Without a store for baselines,
    // the day's baseline stays a float until a rule needs it as money.
    if (this.#floatLoss && Number.isFinite(localEquity)) {
      if (!this.#hasBaselineNum && live && this.#o.baselines === undefined) this.#setBaselineNum(localEquity);
      if (this.#hasBaselineNum && localEquity - this.#baselineNum > this.#surelyAboveLoss) return;
    }
    this.#observeExact(localEquity, live);
  }

  /** observe() of a step whose loss may be near or past the limit (or judged on the broker's equity): exactly, in money. */
  #observeExact(localEquity: number, live: boolean): void {
    const equity = this.#equity(localEquity);
    if (live) this.#baseline(equity);
    if (this.#lossTrippedOn === this.#dayNumber || equity === undefined || this.#dayStartEquity === undefined) return;
    const dailyPnl = equity.minus(this.#dayStartEquity);
    if (!dailyLossBreached({ dailyPnl }, money(this.#o.limits.dailyLossLimit))) return;
    this.#lossTrippedOn = this.#dayNumber;
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
    // Every accepted bar comes here: a closed breaker stays closed (recordSuccess's answer), no clock read.
    if (this.#circuit !== CLOSED_CIRCUIT) this.#successWhileOpen();
  }

  /** recordSuccess of a breaker not closed: apart, so the per-bar call is small enough to inline. */
  #successWhileOpen(): void {
    this.#circuit = recordSuccess(this.#circuit, this.#o.now(), this.#o.circuit);
  }

  check(intent: OrderIntent, portfolio: PortfolioView): EngineRefusal | undefined {
    if (this.#o.isWarmUp(intent)) return { kind: "refused", rule: WARM_UP_RULE, reason: "signal on a history (backfill) bar: warm-up only" };
    const now = this.#atSignal ? intent.signalTime + this.#decisionDelay : this.#o.now();
    this.#rollDay(now);
    // The verdict is in public methods (this one, judgeLocal, judgeExact: no private helper holds
    // its bulk), so a runtime that tiers its JIT per function can reach it (app/backtest/top-tier.ts).
    const paused = this.#o.paused?.();
    if (paused !== undefined) return refusedTo(this.#o, intent, { kind: "refused", rule: "connection", reason: `connection: ${intent.side} ${intent.qty} ${intent.symbol} refused: trading is paused (${paused})` });
    const sessions = this.#o.sessions;
    if (sessions !== undefined && !isSessionAllowed(now, sessions)) {
      // Thousands in a minute-bar backtest (16,111 in a million bars): the sessions' part is made
      // once, the order's part ("market-hours: buy 52 AAPL refused: ") once per side, size and symbol.
      this.#outsideSessions ??= ` is outside the allowed sessions (${sessions.join(", ")}; config run.sessions)`;
      const s = intent.side === "buy" ? 0 : 1;
      if (intent.qty !== this.#hoursQty[s] || intent.symbol !== this.#hoursSymbol[s]) {
        this.#hoursQty[s] = intent.qty;
        this.#hoursSymbol[s] = intent.symbol;
        this.#hoursOrder[s] = `market-hours: ${intent.side} ${intent.qty} ${intent.symbol} refused: `;
      }
      return refusedTo(this.#o, intent, { kind: "refused", rule: "market-hours", reason: `${this.#hoursOrder[s]}${isoTime(now)}${this.#outsideSessions}` });
    }
    const kill = this.#o.killSwitch.read();
    // A closed breaker stays closed with time (circuitAt's answer): no clock read for it.
    const circuit = this.#circuit === CLOSED_CIRCUIT ? CLOSED_CIRCUIT : this.circuit;
    const circuitView = circuit === CLOSED_CIRCUIT ? CLOSED_VIEW : circuit.lastFailure !== undefined ? { status: circuit.status, reason: circuit.lastFailure } : { status: circuit.status };
    const localEquity = portfolio.equity();
    return this.#localMoney && Number.isFinite(localEquity)
      ? this.judgeLocal(intent, portfolio, now, kill, circuitView, localEquity)
      : this.judgeExact(intent, portfolio, now, kill, circuitView, localEquity);
  }

  /**
   * check()'s rules with the local books and no stored baselines (a backtest): equity and today's
   * P&L go to the rules as float64, made money only if a rule needs them exactly
   * (LocalRiskContext). Public only so that the app can mark it for the JIT (app/backtest/top-tier.ts);
   * check() is the way in. Apart from judgeExact, so a backtest never compiles the other.
   */
  judgeLocal(intent: OrderIntent, portfolio: PortfolioView, now: number, kill: RiskContext["killSwitch"], circuitView: RiskContext["circuit"], localEquity: number): EngineRefusal | undefined {
    // The day's baseline is this equity if the day has none yet (as #baseline would make it).
    if (!this.#hasBaselineNum) this.#setBaselineNum(localEquity);
    const trades = this.#tradesToday;
    // A count for every symbol judged today (0 before its first order): the max-daily-trades rule
    // reads a number every time (an undefined now and then recompiled it, and #remember).
    if (!trades.has(intent.symbol)) trades.set(intent.symbol, 0);
    const local = (this.#local ??= new LocalRiskContext(
      { now, workingOrders: [], prices: this.#o.prices, tradesToday: trades, recentOrders: this.#recent, killSwitch: kill, circuit: circuitView, correlation: this.#o.correlation },
      portfolio, localEquity, this.#baselineNum, this.#baselineMoney,
    )).judge(now, this.#workingOrders(), this.#recent, kill, circuitView, localEquity, this.#baselineNum);
    const decision = checkRisk(this.#rules, intent, local);
    if (!isRefusal(decision)) {
      const refusal = this.#allowedWhileKilled(intent, local, kill.on);
      if (refusal) return refusedTo(this.#o, intent, refusal);
      this.#remember(intent.symbol, intent.side, now);
      return undefined;
    }
    return this.#refusedBy(decision, intent, local, kill.on);
  }

  /** check()'s rules on money (live, `run --sim`, the broker's equity). Public only for the JIT mark, as judgeLocal. */
  judgeExact(intent: OrderIntent, portfolio: PortfolioView, now: number, kill: RiskContext["killSwitch"], circuitView: RiskContext["circuit"], localEquity: number): EngineRefusal | undefined {
    const equity = this.#equity(localEquity);
    const baseline = this.#baseline(equity);
    const ctx: { -readonly [K in keyof RiskContext]: RiskContext[K] } = {
      now,
      positions: portfolio.positions(),
      // Intents are working orders (symbol, side, qty) as they are: no copy of each.
      workingOrders: this.#workingOrders(),
      equity: equity ?? ZERO,
      cash: this.#o.account ? (this.#o.account.cash() ?? ZERO) : portfolio.cash,
      prices: this.#o.prices,
      tradesToday: this.#tradesToday,
      recentOrders: this.#recent,
      // Unknown (no equity yet): judged below, never as a guessed 0.
      dailyPnl: equity !== undefined && baseline !== undefined ? this.#dailyPnl(equity, baseline) : ZERO,
      // The switch as read (its on and reason are what the rules look at).
      killSwitch: kill,
      circuit: circuitView,
    };
    if (this.#o.correlation) ctx.correlation = this.#o.correlation;
    const decision = checkRisk(equity === undefined ? this.#rulesWithoutEquity : this.#rules, intent, ctx);
    if (!isRefusal(decision)) {
      const refusal = this.#unknownEquity(intent, ctx, equity, baseline) ?? this.#allowedWhileKilled(intent, ctx, kill.on);
      if (refusal) return refusedTo(this.#o, intent, refusal);
      this.#remember(intent.symbol, intent.side, now);
      return undefined;
    }
    return this.#refusedBy(decision, intent, ctx, kill.on);
  }

  /** A rule's refusal as the engine's (a daily-loss refusal also switches the kill switch on). */
  #refusedBy(decision: RuleRefusal, intent: OrderIntent, ctx: RiskContext, killed: boolean): EngineRefusal {
    if (decision.trips === "kill-switch" && !killed) this.#o.killSwitch.trip(decision.message);
    const reducingBlocked = decision.rule === "kill-switch" && isReducing(intent, ctx);
    // One object (no spreads): fields in this order.
    const refusal: { -readonly [K in keyof EngineRefusal]: EngineRefusal[K] } = {
      kind: "refused",
      rule: decision.rule,
      reason: reducingBlocked ? `${decision.message}; it only reduces the ${intent.symbol} position, but risk.kill_switch_allows_reducing = false blocks exits too` : decision.message,
    };
    if (typeof decision.limit === "number") refusal.limit = decision.limit;
    if (typeof decision.actual === "number") refusal.actual = decision.actual;
    return refusedTo(this.#o, intent, refusal);
  }

  /** Today's P&L as money: one subtraction per equity and baseline (a time step's orders share it). */
  #dailyPnl(equity: Money, baseline: Money): Money {
    if (equity !== this.#pnlEquity || baseline !== this.#pnlBaseline) {
      this.#pnlEquity = equity;
      this.#pnlBaseline = baseline;
      this.#pnl = equity.minus(baseline);
    }
    return this.#pnl;
  }

  /** An order the kill switch let through because it only reduces a position: said in the log. */
  #allowedWhileKilled(intent: OrderIntent, ctx: RiskContext, killed: boolean): undefined {
    if (killed) {
      this.#o.note?.("warn", `kill switch on: ${intent.side} ${intent.qty} ${intent.symbol} only reduces the position, so it goes out (risk.kill_switch_allows_reducing = true); new exposure stays blocked`);
    }
    return undefined;
  }

  /** While the broker's equity (or today's baseline) is unknown, orders that add exposure are refused by the limits that need it. */
  #unknownEquity(intent: OrderIntent, ctx: RiskContext, equity: Money | undefined, baseline: Money | undefined): EngineRefusal | undefined {
    if ((equity !== undefined && baseline !== undefined) || isReducing(intent, ctx)) return undefined;
    const what = `${intent.side} ${intent.qty} ${intent.symbol} refused`;
    const source = this.#o.account ? "the broker has not reported the account's NetLiquidation" : "no live equity snapshot yet";
    if (equity === undefined && this.#o.limits.maxPositionPct !== undefined) {
      return { kind: "refused", rule: "max-position-pct", reason: `max-position-pct: ${what}: account equity is unknown (${source}), so the position's share of equity is unknown`, limit: this.#o.limits.maxPositionPct, actual: "unknown" };
    }
    return { kind: "refused", rule: "daily-loss-limit", reason: `daily-loss-limit: ${what}: today's P&L is unknown (${source}), so the daily loss limit cannot be checked`, limit: money(this.#o.limits.dailyLossLimit).toFixed(2), actual: "unknown" };
  }

  /** Equity the limits judge: the broker's for ibkr (undefined until reported), else the local books'. */
  #equity(localEquity: number): Money | undefined {
    if (this.#o.account) return this.#o.account.equity();
    if (!Number.isFinite(localEquity)) return undefined;
    // Every order of a time step sees the same equity (500 symbols' signals): one Big for it.
    if (!Object.is(localEquity, this.#equityOf)) {
      this.#equityOf = localEquity;
      this.#equityMoney = money(localEquity);
    }
    return this.#equityMoney;
  }

  /** Today's baseline: stored by an earlier run today, else this equity (stored for the next run). */
  #baseline(equity: Money | undefined): Money | undefined {
    if (this.#dayStartEquity !== undefined) return this.#dayStartEquity;
    const set = (baseline: Money) => {
      this.#dayStartEquity = baseline;
      this.#setBaselineNum(baseline.toNumber());
      return baseline;
    };
    // Taken as a float by observe (the local books' equity at the day's first live step).
    if (this.#hasBaselineNum && this.#o.baselines === undefined) return set(money(this.#baselineNum));
    const stored = this.#o.baselines?.load(this.#day);
    if (stored !== undefined) {
      set(stored);
      this.#o.note?.("info", `daily loss baseline for ${this.#day}: ${stored.toFixed(2)} USD (stored by an earlier run today)`);
    } else if (equity !== undefined) {
      const saved = set(this.#o.baselines ? this.#o.baselines.save(this.#day, equity) : equity);
      this.#o.note?.("info", `daily loss baseline for ${this.#day}: ${saved.toFixed(2)} USD (equity at the day's first snapshot)`);
    }
    return this.#dayStartEquity;
  }

  #setBaselineNum(value: number): void {
    this.#baselineNum = value;
    this.#hasBaselineNum = true;
  }

  #rollDay(now: number): void {
    if (!(now >= this.#dayStart && now < this.#dayEnd)) this.#newDay(now);
  }

  /** Apart from #rollDay, which runs every step: its callers are compiled without this (once a day). */
  #newDay(now: number): void {
    const { day, start, end } = newYorkDayBounds(now);
    this.#dayStart = start;
    this.#dayEnd = end;
    if (day === this.#dayNumber) return;
    this.#dayNumber = day;
    this.#dayText = "";
    this.#dayStartEquity = undefined;
    this.#hasBaselineNum = false;
    // Emptied, not replaced: a backtest on daily bars rolls the day at every step.
    this.#tradesToday.clear();
    this.#recent.length = 0;
  }

  /** The day as an ISO date (baselines are stored by it), made only when asked. */
  get #day(): string {
    if (this.#dayText === "") this.#dayText = isoDateOfDay(this.#dayNumber);
    return this.#dayText;
  }

  #remember(symbol: string, side: OrderIntent["side"], time: number): void {
    if (time >= this.#dayStart && time < this.#dayEnd) this.#tradesToday.set(symbol, (this.#tradesToday.get(symbol) ?? 0) + 1);
    this.#recent.push({ symbol, side, time });
    const windowMs = (this.#o.limits.duplicateWindowMinutes ?? 0) * 60_000;
    if (this.#recent.length > 256) this.#recent = this.#recent.filter((r) => time - r.time <= windowMs);
  }
}
