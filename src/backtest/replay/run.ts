import type { Bar, BarSize } from "../../core/bar.ts";
import type { Refusal } from "../../core/events.ts";
import { money } from "../../core/money.ts";
import type { OrderIntent } from "../../core/order.ts";
import { Portfolio } from "../../core/portfolio.ts";
import { MarketIndexFeed } from "../../engine/market-index-feed.ts";
import { buildPipeline } from "../../engine/pipeline.ts";
import { NO_EXITS, type TradingSetup } from "../../engine/trading-setup.ts";
import type { PreTradeCheck, Store } from "../../engine/ports.ts";
import type { RunInput } from "../../engine/run-inputs.ts";
import type { ConfiguredStrategy } from "../../strategy/types.ts";
import { InputCursor, ReplayBroker } from "./broker.ts";
import type { RecordedSetup } from "./setup.ts";

/** The fields of an order intent a replay compares, one by one. */
export const COMPARED = ["key", "symbol", "side", "qty", "type", "limitPrice", "stopPrice"] as const;

export interface OrderView {
  readonly key: string;
  readonly symbol: string;
  readonly side: string;
  readonly qty: number;
  readonly type: string;
  readonly limitPrice: number | null;
  readonly stopPrice: number | null;
  readonly signalTime: number;
  /** Refused by this pre-trade rule; null: sent to the broker. */
  readonly refused: string | null;
}

export interface BarView extends Bar {
  readonly symbol: string;
  readonly history: boolean;
}

export interface Divergence {
  /** 1-based number of the order in the run. */
  readonly order: number;
  /** What the run did; null: the replay made an order the run did not. */
  readonly recorded: OrderView | null;
  /** What the replay did; null: the run made an order the replay did not. */
  readonly replayed: OrderView | null;
  /** The compared fields that differ. */
  readonly fields: readonly string[];
  /** The symbol's bars around it as the run's engine consumed them (signal bar included). */
  readonly bars: readonly BarView[];
}

export interface ReplayResult {
  /** Orders the run made (sent and refused). */
  readonly orders: number;
  readonly sent: number;
  readonly refused: number;
  /** Orders identical before the first divergence (all of them when there is none). */
  readonly identical: number;
  readonly bars: number;
  readonly firstDivergence: Divergence | null;
}

export interface ReplayOptions {
  readonly inputs: readonly RunInput[];
  readonly setup: RecordedSetup;
  /** Built from the setup (or deliberately not: a changed setup shows where it diverges). */
  readonly strategy: ConfiguredStrategy;
  /** Bars shown before the divergence (default 3) and after it (default 2). */
  readonly barsBefore?: number;
  readonly barsAfter?: number;
}

const STOPPED: Refusal = { kind: "refused", rule: "replay-diverged", reason: "the replay already diverged" };

/**
 * Drives a recorded run's inputs through the backtest's engine with the run's setup: its
 * bars in arrival order (each into the engine, then the protective exits on live bars, as
 * `run` does; a data-only index's bars into the market regime), the broker events it received (ReplayBroker) and the refusals its pre-trade
 * checks gave (by order, in place). Every order intent the replay makes is compared with
 * the run's, in order; the first that differs ends the replay.
 */
export function replayRun(o: ReplayOptions): ReplayResult {
  const { inputs, setup } = o;
  const cursor = new InputCursor(inputs);
  const broker = new ReplayBroker(cursor);
  const portfolio = openingBooks(setup);
  let identical = 0;
  let divergence: Divergence | null = null;
  const diverge = (recorded: Extract<RunInput, { kind: "intent" | "refusal" }> | undefined, replayed: OrderIntent | undefined, at: number, refusedBy?: Refusal) => {
    divergence = describe({ recorded, replayed, refusedBy, at, order: identical + 1, inputs, symbols: setup.symbols, before: o.barsBefore ?? 3, after: o.barsAfter ?? 2 });
  };
  const recordedCheck: PreTradeCheck = {
    name: "recorded",
    check(intent) {
      if (divergence) return STOPPED;
      const next = cursor.peek();
      if (next?.kind === "intent") return undefined; // compared as the engine stores it
      if (next?.kind === "refusal") {
        cursor.i++;
        if (differences(next.intent, intent).length === 0) identical++;
        else diverge(next, intent, cursor.i - 1, next.refusal);
        return next.refusal;
      }
      diverge(undefined, intent, cursor.i);
      return STOPPED;
    },
  };
  const store: Store = {
    recordIntent(intent) {
      const next = cursor.peek();
      if (divergence || next?.kind !== "intent") return;
      cursor.i++;
      if (differences(next.intent, intent).length === 0) identical++;
      else diverge(next, intent, cursor.i - 1);
    },
    recordOrderUpdate() {},
    recordFill() {},
    recordRefusal() {},
  };
  // The run's own pipeline (engine/pipeline.ts), as `run` and `backtest` build it, less the
  // parts whose answers are recorded: no validator (the bars are those that passed it) and no
  // risk gate (its refusals are inputs, given in place by the recorded check).
  let history = false;
  // A strategy's own checks (the limits of several strategies) answered in the run too: recorded.
  const { checks: _recorded, ...strategy } = o.strategy;
  // The index the run followed as data only: its recorded bars give the market regime, as in the run.
  const index = setup.dataOnly?.[0] !== undefined ? new MarketIndexFeed(setup.dataOnly[0]) : undefined;
  const { engine, sink } = buildPipeline({
    ...(index ? { marketRegime: index.source } : {}),
    setup: replaySetup(setup), strategy, symbols: setup.symbols, broker, portfolio, store,
    now: () => 0, killSwitch: { read: () => ({ on: false }), trip: () => {} },
    isHistory: () => history, isWarmUp: () => false, checksBefore: [recordedCheck],
  });
  let bars = 0;
  while (divergence === null && cursor.i < inputs.length) {
    const next = inputs[cursor.i]!;
    if (next.kind === "bar") {
      cursor.i++;
      bars++;
      history = next.history;
      sink.bar(next.slot, next.bar);
      broker.nested(); // events of a broker call the replay did not make (it diverges soon after)
    } else if (next.kind === "event") {
      cursor.i++;
      broker.emit(next.event);
    } else if (next.kind === "data") {
      cursor.i++;
      if (next.symbol === index?.symbol) index.bar(0, next.bar);
    } else {
      diverge(next, undefined, cursor.i);
    }
  }
  engine.close();
  const orders = inputs.filter((x) => x.kind === "intent" || x.kind === "refusal").length;
  const refused = inputs.filter((x) => x.kind === "refusal").length;
  return { orders, sent: orders - refused, refused, identical, bars, firstDivergence: divergence };
}

/**
 * The TradingSetup the replay trades with: the run's own (strategy entries, costs) where it
 * was recorded, with the recorded direction, sizing and exits (a what-if changes these),
 * without the validator and the risk gate (their answers are in the recording).
 */
function replaySetup(setup: RecordedSetup): TradingSetup {
  const base: TradingSetup = setup.setup ?? {
    strategies: [], barSize: setup.barSize as BarSize, direction: setup.direction, sizing: setup.sizing, risk: null,
    exits: NO_EXITS, validation: null, costs: { commission: "ib-fixed", slippageBps: 0 },
  };
  return { ...base, direction: setup.direction, sizing: setup.sizing, exits: { ...NO_EXITS, ...setup.exits }, risk: null, validation: null };
}

/** The run's opening books: its cash, and the positions it started with booked at their cost. */
function openingBooks(setup: RecordedSetup): Portfolio {
  const positions = setup.books.positions;
  const cash = positions.reduce((sum, p) => sum.plus(money(p.avgCost).times(p.qty)), money(setup.books.cash));
  const portfolio = new Portfolio(cash);
  for (const p of positions) {
    portfolio.applyFill({ orderKey: "", execId: "opening", symbol: p.symbol, side: p.qty > 0 ? "buy" : "sell", qty: Math.abs(p.qty), price: money(p.avgCost), commission: money(0), time: 0 });
  }
  return portfolio;
}

export function differences(a: OrderIntent, b: OrderIntent): string[] {
  return COMPARED.filter((f) => (a[f] ?? null) !== (b[f] ?? null));
}

function view(intent: OrderIntent, refusal: Refusal | undefined): OrderView {
  return {
    key: intent.key, symbol: intent.symbol, side: intent.side, qty: intent.qty, type: intent.type,
    limitPrice: intent.limitPrice ?? null, stopPrice: intent.stopPrice ?? null, signalTime: intent.signalTime, refused: refusal?.rule ?? null,
  };
}

function describe(d: {
  recorded: Extract<RunInput, { kind: "intent" | "refusal" }> | undefined;
  replayed: OrderIntent | undefined;
  refusedBy: Refusal | undefined;
  at: number;
  order: number;
  inputs: readonly RunInput[];
  symbols: readonly string[];
  before: number;
  after: number;
}): Divergence {
  const recorded = d.recorded ? view(d.recorded.intent, d.recorded.kind === "refusal" ? d.recorded.refusal : undefined) : null;
  const replayed = d.replayed ? view(d.replayed, d.refusedBy) : null;
  const fields = d.recorded && d.replayed ? differences(d.recorded.intent, d.replayed) : [...COMPARED];
  const symbol = (d.recorded?.intent ?? d.replayed)!.symbol;
  const slot = d.symbols.indexOf(symbol);
  const bars: BarView[] = [];
  const barAt = (x: RunInput | undefined) => (x?.kind === "bar" && x.slot === slot ? { symbol, ...x.bar, history: x.history } : undefined);
  for (let i = d.at - 1; i >= 0 && bars.length < d.before; i--) {
    const b = barAt(d.inputs[i]);
    if (b) bars.unshift(b);
  }
  for (let i = d.at, n = 0; i < d.inputs.length && n < d.after; i++) {
    const b = barAt(d.inputs[i]);
    if (b) (bars.push(b), n++);
  }
  return { order: d.order, recorded, replayed, fields, bars };
}
