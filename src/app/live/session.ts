import type { IbConnection } from "../../adapters/ib/connection/connection.ts";
import { IbBroker, type UnsettledOrder } from "../../adapters/ib/execution/ib-broker.ts";
import { settleOrders } from "./settle.ts";
import type { LiveMarketData } from "../../adapters/ib/data/live-market-data.ts";
import type { Db } from "../../adapters/sqlite/db.ts";
import { GroupCommit } from "../../adapters/sqlite/group-commit.ts";
import { listOrders, updateOrder } from "../../adapters/sqlite/orders-repo.ts";
import { SqliteStore } from "../../adapters/sqlite/engine-store.ts";
import type { AppConfig } from "../../config/schema.ts";
import { toNewYork } from "../../core/calendar/index.ts";
import { commissionModel } from "../../core/commission/index.ts";
import { DATA_REJECT_REASONS, type DataCounts } from "../../core/data-validation/index.ts";
import { money } from "../../core/money.ts";
import { TERMINAL_STATES } from "../../core/order.ts";
import { Portfolio } from "../../core/portfolio.ts";
import type { Engine } from "../../engine/engine.ts";
import { buildPipeline } from "../../engine/pipeline.ts";
import type { PipelineSink } from "../../engine/pipeline-sink.ts";
import type { TradingSetup } from "../../engine/trading-setup.ts";
import { marketRegimeNotice } from "./market-regime-notice.ts";
import { RegimeTracker } from "./regimes.ts";
import type { MarketIndexFeed } from "../../engine/market-index-feed.ts";
import { PREDICTION_KIND } from "../../adapters/sqlite/page/predictions.ts";
import type { RunnerRegimes } from "../../adapters/sqlite/runner-regimes-repo.ts";
import { MARKET_INDEX } from "../../engine/market-view.ts";
import type { Logger } from "../../log/logger.ts";
import type { ConfiguredStrategy } from "../../strategy/types.ts";
import { setKillSwitch } from "../runner/kill-switch.ts";
import { ReconciliationGate } from "../reconcile/gate.ts";
import { watchReconciliation, type ReconcileWatch } from "../reconcile/watch.ts";
import { isRoutine } from "../reconcile/reconcile.ts";
import { reconcileSummary } from "../reconcile/summary.ts";
import type { RunnerServices } from "../runner/services.ts";
import { meteredBroker, OrderStates } from "./metered-broker.ts";
import { RunMetrics } from "./metrics.ts";
import { PaperBroker } from "../../backtest/paper-broker.ts";
import type { BrokerKind } from "./preflight.ts";
import { WARM_UP_RULE, type RiskGate } from "../../engine/risk-gate.ts";
import type { NotifyEvent } from "../../adapters/webhook/event.ts";
import type { Refusal } from "../../core/events.ts";
import type { OrderIntent } from "../../core/order.ts";
import { pauseCheck, readPause } from "../control/pause.ts";
import { fillEvent, refusalEvent, REFUSAL_NOTIFY_EVERY_MS, Throttle } from "../notify/trade-events.ts";
import { RunJournal } from "./journal.ts";
import { tapSignals } from "./signals.ts";
import type { BrokerAccount } from "./account.ts";
import { DEFAULT_PAPER_CASH, openPaperAccount } from "./paper-account.ts";
import { getDayBaseline, setDayBaseline } from "../../adapters/sqlite/engine-store-account.ts";
import { UserError } from "../../core/errors.ts";
import { liveStore } from "./store.ts";
import { committedBroker } from "./committed-broker.ts";
import { appendRunInputs, saveRunSetup } from "../../adapters/sqlite/run-inputs-repo.ts";
import type { RecordedSetup } from "../../backtest/replay/setup.ts";
import { recordingBroker, recordingStore, RunRecorder } from "./recorder.ts";
import { insertAlert } from "../../adapters/sqlite/alerts-repo.ts";
import { guardStrategy } from "../../strategy/guard.ts";
import { combineStrategies, type StrategyMember } from "../../strategy/combine.ts";
import { listStrategyPositions } from "../../adapters/sqlite/strategy-positions-repo.ts";
import { strategyFailureMessage } from "../strategy/failure-message.ts";

export interface SessionOptions {
  readonly config: AppConfig;
  readonly db: Db;
  /** The runs row: equity snapshots and signals carry it. */
  readonly runId: number;
  readonly log: Logger;
  /** What trades: strategy, sizing, risk, exits, validation, costs (built from config + flags). */
  readonly setup: TradingSetup;
  /** The setup's strategy, configured. */
  readonly strategy: ConfiguredStrategy;
  readonly symbols: readonly string[];
  readonly broker: BrokerKind;
  /** Whose positions: the IB account, "" for local paper fills. */
  readonly account: string;
  /** --cash: seeds a brand-new paper account only (the stored one carries on). */
  readonly cash: number | undefined;
  readonly now: () => number;
  /** The market time a live bar's age is judged at (a replay clock skips nights). */
  readonly ageAt?: (barTime: number) => number;
  /** --broker ibkr: the broker's equity and cash, for the risk limits and the daily loss. */
  readonly accountValues?: BrokerAccount;
  readonly market: LiveMarketData;
  /** The stale limit for live bars (config data.max_age_ms, widened for a fast replay). */
  readonly maxAgeMs: number;
  readonly conn: IbConnection;
  readonly services: RunnerServices;
  readonly metrics: RunMetrics;
  /** The market index followed as data only (a market regime filter while the index is not traded). */
  readonly marketIndex?: MarketIndexFeed;
  /** Fills and refusals, for the webhooks ([notify]); must not block. */
  readonly notify?: (event: NotifyEvent) => void;
  /**
   * A turn's group committed or a step closed: the bars that trade have been handled, so
   * housekeeping that touches the disk (the WAL checkpoint) runs best right after this turn.
   */
  readonly onTurnDone?: () => void;
}

export interface Session {
  readonly sink: PipelineSink;
  readonly engine: Engine;
  readonly gate: RiskGate;
  readonly portfolio: Portfolio;
  readonly metrics: RunMetrics;
  readonly orderStates: OrderStates;
  readonly equityAtStart: number;
  /** Equity snapshots and signals for the status page. */
  readonly journal: RunJournal;
  /** --broker ibkr: reconciliation with IB at start (awaited before trading) and after reconnects. */
  readonly reconciliation: ReconcileWatch | undefined;
  /** --broker ibkr: the broker's account values the risk limits use. */
  readonly accountValues: BrokerAccount | undefined;
  bars(): { live: number; backfill: number };
  /** Bars accepted and rejected by the data validator, by reason. */
  dataCounts(): DataCounts;
  /** Each traded symbol's and the market's rules regime now (off the bar path; status page). */
  regimes(): RunnerRegimes;
  /** Writes the model predictions kept since the last call (every few seconds, and at close). */
  flushPredictions(): void;
  fills(): number;
  cancelOpenOrders(): void;
  /** --broker ibkr: waits (bounded) for in-flight orders' answers, reconciles once more; returns what is still not final. */
  settle(): Promise<UnsettledOrder[]>;
  /** --broker paper: working orders die with the runner; each is stored as cancelled, saying why. */
  abandonPaperOrders(): number;
  close(): void;
}

/** Wires one trading session: books, broker, checks, store, engine, sink, metrics. */
export function buildSession(o: SessionOptions): Session {
  const { config, db, log, now, metrics, setup } = o;
  // Rows are stamped with wall time (what `status` calls today); trading decisions use market time.
  // One durable commit per event-loop turn; orders leave only after it (group-commit.ts).
  let commitFailing = false;
  const commits = new GroupCommit(db, {
    onCommit: ({ ms }) => {
      commitFailing = false;
      metrics.dbWrite.record(ms);
      o.onTurnDone?.();
    },
    onFailure: (error, { writes, sends }) => {
      log.error(`the store could not commit ${writes} write(s): ${error.message}; ${sends} order(s) and cancel(s) waiting for it NOT sent`);
      if (commitFailing) return; // the alert below failing too must not loop
      commitFailing = true;
      try {
        insertAlert(db, { time: Date.now(), level: "error", kind: "store-commit-failed", message: `the store could not commit; ${sends} order(s)/cancel(s) not sent: ${error.message}`, detail: { writes, sends } });
      } catch {
        // the log line above is the report
      }
    },
    onSendError: (error) => log.error("sending after the commit failed:", error),
  });
  const sqlite = new SqliteStore(db, { account: o.account, mode: o.broker === "paper" ? "paper" : config.mode, now: Date.now, log, paperAccount: o.broker === "paper" });
  const portfolio = loadPortfolio(o, sqlite);
  const orderStates = new OrderStates();
  let fills = 0;
  let liveBars = 0;
  let backfillBars = 0;
  let rejectedLogged = 0;
  let checkedAt = 0;
  let gate: RiskGate | undefined;
  const paused = () => (o.conn.state === "paused" ? "IB 1100: TWS lost its connection to IB" : undefined);
  const slotOf = new Map(o.symbols.map((s, i) => [s, i]));
  // Market time of each slot's last bar (history included): the regimes' "as of".
  const lastBarTime = new Float64Array(o.symbols.length).fill(NaN);
  const isHistory = (symbol: string, signalTime: number) => {
    const slot = slotOf.get(symbol);
    return slot !== undefined && o.market.isBackfill(slot, { time: signalTime, open: 0, high: 0, low: 0, close: 0, volume: 0 });
  };
  // Bar-to-order and signal-to-order end when the order really leaves (after its commit).
  const started = new Map<string, { read: number; bar: number; check: number }>();
  const onSent = (key: string) => {
    const t = started.get(key);
    if (!t) return;
    started.delete(key);
    const sentAt = performance.now();
    metrics.signalToOrder.record(sentAt - t.check);
    metrics.barToOrder.record(sentAt - t.bar);
    metrics.readToOrder.record(sentAt - t.read);
  };
  const paper = o.broker === "paper"
    ? new PaperBroker({ commission: commissionModel(setup.costs.commission), slippageBps: setup.costs.slippageBps, funds: portfolio })
    : undefined;
  const inner = paper
    ? committedBroker(paper, commits, onSent)
    : new IbBroker({
      conn: o.conn, journal: sqlite, account: o.account, now, log, ackTimeoutMs: config.run.ackTimeoutS * 1000, commits, onSent,
      onAnomaly: (why) => {
        log.warn(`${why}: reconciling now`);
        reconciliation?.poke(`anomaly: ${why}`);
      },
    });
  const broker = meteredBroker(inner, {
    sent(intent) {
      o.services.lock.assertHeld();
      orderStates.sent(intent.key);
      metrics.orders.record(Date.now());
      // Orders are decided while a bar is handled (the strategy's, or a protective exit's).
      started.set(intent.key, { read: o.market.readAt, bar: o.market.arrivedAt, check: checkedAt });
      log.info(`order ${intent.key}: ${intent.side} ${intent.qty} ${intent.symbol} ${intent.type}`);
    },
    acknowledged: (_key, ms) => metrics.orderToAck.record(ms),
    event(event) {
      if (event.kind === "fill") {
        fills++;
        o.accountValues?.onFill();
        const f = event.fill;
        log.info(`fill ${f.orderKey}: ${f.side} ${f.qty} ${f.symbol} @ ${f.price.toString()} (commission ${f.commission.toString()})`);
        o.notify?.(fillEvent(f));
        return;
      }
      orderStates.update(event.key, event.state);
      if (event.state === "failed" || event.state === "rejected") started.delete(event.key);
      if (event.state === "rejected" || event.state === "failed") gate?.recordFailure(`broker ${event.state} ${event.key}: ${event.reason ?? ""}`);
      else if (event.state === "acknowledged" || event.state === "filled") gate?.recordSuccess();
    },
  });
  const timed = liveStore(sqlite);
  // Every check's refusal passes here: told to the webhooks (at most once per symbol and rule per 5 min).
  const refusals = new Throttle(REFUSAL_NOTIFY_EVERY_MS);
  const store = {
    ...timed,
    recordRefusal(intent: OrderIntent, refusal: Refusal) {
      timed.recordRefusal(intent, refusal);
      if (refusal.rule !== WARM_UP_RULE && o.notify && refusals.due(`${intent.symbol}:${refusal.rule}`, Date.now())) o.notify(refusalEvent(intent, refusal));
    },
  };
  const regimeNotice = o.marketIndex ? undefined : marketRegimeNotice(setup, o.symbols);
  if (regimeNotice !== undefined) log.warn(regimeNotice);
  const journal = new RunJournal({ db, runId: o.runId, strategy: o.strategy.name, portfolio, now: Date.now, log });
  // A strategy that throws stops deciding for that symbol (or the portfolio): no new entries,
  // while the protective exits (engine/pipeline-sink.ts) keep working. Said in the log and as an alert.
  // Several strategies: each starts from its own stored positions (a restart knows what each holds).
  const stored = o.strategy.members ? listStrategyPositions(db, o.account) : [];
  const members = o.strategy.members?.map((m) => ({
    ...m,
    held: Object.fromEntries(stored.filter((r) => r.strategy === m.strategy.name && r.qty !== 0).map((r) => [r.symbol, r.qty])),
  }));
  // Signals are recorded per strategy: each member is tapped on its own, under its own name.
  const tap = (c: ConfiguredStrategy) => tapSignals(c, { record: (d) => journal.signal(d.symbol, d.kind, d.value, c.name), isHistory });
  const seeded = members ? combineStrategies(members.map((m) => ({ ...m, strategy: tap(m.strategy) }))) : o.strategy;
  const guarded = guardStrategy(seeded, (f) => {
    const message = `${strategyFailureMessage(f)}\n  no new orders from it for ${f.symbol === "*" ? "any symbol" : f.symbol} in this run; stop-loss and take-profit exits still run`;
    log.error(message);
    insertAlert(db, { time: now(), level: "error", kind: "strategy-error", message, detail: { strategy: f.strategy, symbol: f.symbol, barTime: f.time, where: f.where ?? null } });
  });
  const strategy = members ? guarded : tap(guarded);
  // A model's predictions on live bars become signals (kind "prediction"): the page's live hit
  // rate. Kept in memory on the bar path, written every few seconds (flushPredictions) in one transaction.
  let predictions: { symbol: string; strategy: string; value: Record<string, unknown> }[] = [];
  const flushPredictions = () => {
    if (predictions.length === 0) return;
    const batch = predictions;
    predictions = [];
    for (const p of batch) journal.signal(p.symbol, PREDICTION_KIND, p.value, p.strategy);
    journal.flush();
  };
  const unwatch = (members ? members.map((m) => m.strategy) : [o.strategy]).flatMap((c) => {
    const feed = c.predictions;
    if (!feed) return [];
    return [feed.watch((symbol, barTime, close, p) => {
      if (isHistory(symbol, barTime)) return;
      predictions.push({ symbol, strategy: c.name, value: { barTime, close, p, model: feed.modelId } });
      if (predictions.length >= MAX_BUFFERED_PREDICTIONS) flushPredictions();
    })];
  });
  const reconcileGate = inner instanceof IbBroker ? new ReconciliationGate() : undefined;
  const reconciliation = inner instanceof IbBroker && reconcileGate
    ? watchReconciliation({
      conn: o.conn, store: sqlite, broker: inner, log, gate: reconcileGate, intervalMs: config.run.reconcileIntervalS * 1000, watchPositions: true,
      onReport: (r) => (isRoutine(r.trigger) && r.problems.length + r.recoveredFills + r.advancedOrders === 0 ? log.debug(reconcileSummary(r)) : log.info(reconcileSummary(r))),
    })
    : undefined;
  // Replay parity (docs/replay.md): the setup, then every input the engine consumes.
  saveRunSetup(db, o.runId, recordedSetup(o, portfolio, members));
  const recorder = new RunRecorder({ write: (first, inputs) => appendRunInputs(db, o.runId, first, inputs), log });
  // The data-only index's bars too, in arrival order: a replay feeds them to its market context.
  const unwatchIndex = o.marketIndex?.watch((symbol, bar) => recorder.data(symbol, bar));
  // Signal -> order latency starts when an intent enters the checks.
  const timing = { name: "timing", check: () => void (checkedAt = performance.now()) };
  const pipeline = buildPipeline({
    ...(o.marketIndex ? { marketRegime: o.marketIndex.source } : {}),
    setup, strategy, symbols: o.symbols, broker: recordingBroker(broker, recorder), portfolio, store: recordingStore(store, recorder), now,
    killSwitch: {
      read: () => o.services.preOrderCheck(),
      trip: (reason) => void setKillSwitch(db, { on: true, reason, by: "runner:daily-loss-limit", now: Date.now() }),
    },
    isHistory: (slot, bar) => {
      commits.flushIfWaited(MAX_SEND_WAIT_MS);
      lastBarTime[slot] = bar.time;
      const history = o.market.isBackfill(slot, bar);
      if (history) backfillBars++;
      else liveBars++;
      return history;
    },
    isWarmUp: (intent) => isHistory(intent.symbol, intent.signalTime),
    ...(o.ageAt ? { ageAt: o.ageAt } : { ageAt: () => now() }),
    maxAgeMs: o.maxAgeMs,
    checksBefore: [timing, pauseCheck(() => readPause(db)), ...(reconcileGate ? [reconcileGate] : [])],
    gate: {
      paused,
      note: (level, message) => log[level](message),
      ...(o.accountValues ? { account: o.accountValues } : {}),
      baselines: {
        load: (day) => getDayBaseline(db, o.account, day),
        // In the turn's group commit: the day's first order sets it, and its own fsync was on that order's path.
        save: (day, equity) => commits.write(() => setDayBaseline(db, o.account, day, equity, Date.now())),
      },
    },
    onRefusal: (_intent, refusal) => {
      metrics.refusedOrders.inc(refusal.rule);
      log.warn(`order refused: ${refusal.reason}`);
    },
    hooks: {
      onBarIn: (slot, bar, history) => recorder.bar(slot, bar, history),
      onBarDone: () => recorder.barDone(),
      onRejected(symbol, bar, check) {
        metrics.rejectedData.inc(check.reason);
        // Loud for the first few, then quiet: a broken feed must not flood the log.
        if (rejectedLogged++ < 20) log.warn(`data rejected (${check.reason}) ${symbol} bar ${new Date(bar.time).toISOString()}: ${check.detail}`);
      },
      onBar(slot, bar, history) {
        metrics.bars.record(Date.now());
        if (history) return;
        metrics.dataToSignal.record(performance.now() - o.market.arrivedAt);
        o.services.state.price(o.symbols[slot]!, bar.close, bar.time);
      },
      onExit(symbol, bar, exit, result) {
        log.info(`${exit.reason} on ${symbol}: last ${exit.lastPrice} crossed ${exit.trigger}; closing ${exit.request.qty}`);
        journal.signal(symbol, exit.reason, {
          barTime: bar.time, close: exit.lastPrice, trigger: exit.trigger, qty: exit.request.qty,
          ...(result.kind === "accepted" ? { orderRef: result.key } : { refused: { rule: result.rule, reason: result.reason } }),
        });
      },
      onStepClosed: (time) => {
        journal.stepClosed(time);
        o.onTurnDone?.();
      },
    },
  });
  const { engine, sink, validator } = pipeline;
  // A setup without risk rules is for research (backtest --no-risk), never for trading.
  if (pipeline.gate === undefined) throw new UserError("run trades with the [risk] rules on: --no-risk is for backtests only");
  gate = pipeline.gate;
  const equityAtStart = portfolio.equity();
  gate?.start(ordersToday(o));
  const regimes = new RegimeTracker({
    source: engine, symbols: o.symbols, marketSymbol: MARKET_INDEX, barSize: setup.barSize,
    lastBarTime: (symbol) => {
      const slot = slotOf.get(symbol);
      if (slot === undefined && symbol === o.marketIndex?.symbol) return o.marketIndex.lastTime;
      const t = slot === undefined ? NaN : lastBarTime[slot]!;
      return Number.isNaN(t) ? undefined : t;
    },
  });
  const offs = [
    o.conn.events.on("lost", () => {
      metrics.reconnects.inc("1100");
      gate?.recordFailure("IB 1100: connectivity lost");
    }),
    o.conn.events.on("restored", ({ dataLost }) => metrics.reconnects.inc(dataLost ? "1101" : "1102")),
    o.conn.events.on("session", (_s, { reconnect }) => {
      if (!reconnect) return;
      metrics.reconnects.inc("reconnect");
      gate?.recordFailure("connection to the gateway dropped");
    }),
  ];
  return {
    sink, engine, gate: pipeline.gate, portfolio, metrics, orderStates, equityAtStart, reconciliation, journal, accountValues: o.accountValues,
    bars: () => ({ live: liveBars, backfill: backfillBars }),
    dataCounts: () => validator?.counts() ?? (Object.fromEntries([...DATA_REJECT_REASONS, "accepted"].map((k) => [k, 0])) as DataCounts),
    fills: () => fills,
    regimes: () => regimes.read(),
    flushPredictions,
    async settle() {
      if (!(inner instanceof IbBroker)) return [];
      const connected = o.conn.state === "connected";
      return settleOrders({
        broker: inner, timeoutMs: config.run.ackTimeoutS * 1000, log,
        ...(reconciliation && connected ? { reconcile: () => reconciliation.run("shutdown") } : {}),
      });
    },
    cancelOpenOrders() {
      for (const intent of engine.openOrders()) {
        log.info(`cancelling ${intent.key} (config run.cancel_on_shutdown)`);
        engine.cancel(intent.key);
      }
    },
    abandonPaperOrders() {
      if (!paper) return 0;
      const n = paper.abandonAll(PAPER_ORDERS_DIE_WITH_RUNNER);
      if (n > 0) log.info(`${n} working paper order(s) cancelled: ${PAPER_ORDERS_DIE_WITH_RUNNER}`);
      return n;
    },
    close() {
      // What the last turn wrote is committed (and its orders sent) before anything closes.
      commits.flush();
      for (const off of offs) off();
      for (const off of unwatch) off();
      flushPredictions();
      unwatchIndex?.();
      recorder.close();
      journal.close();
      reconciliation?.stop();
      engine.close();
      if (inner instanceof IbBroker) inner.close();
      commits.close();
    },
  };
}

function recordedSetup(o: SessionOptions, portfolio: Portfolio, members: readonly StrategyMember[] | undefined): RecordedSetup {
  const { config, setup } = o;
  return {
    strategy: {
      name: o.strategy.name,
      params: o.strategy.params,
      ...(o.strategy.file !== undefined ? { file: o.strategy.file } : {}),
      ...(members
        ? {
            members: members.map((m) => ({
              name: m.strategy.name, source: m.source ?? m.strategy.name, params: m.strategy.params, symbols: [...m.symbols],
              ...(m.limits ? { limits: m.limits } : {}), ...(m.held ? { held: m.held } : {}),
            })),
          }
        : {}),
    },
    symbols: [...o.symbols],
    direction: setup.direction,
    sizing: setup.sizing,
    exits: { ...setup.exits },
    books: { cash: portfolio.cash.toString(), positions: portfolio.positions().map((p) => ({ symbol: p.symbol, qty: p.qty, avgCost: p.avgCost.toString() })) },
    barSize: setup.barSize,
    broker: o.broker,
    mode: config.mode,
    setup,
    ...(o.marketIndex ? { dataOnly: [o.marketIndex.symbol] } : {}),
  };
}

/**
 * How long an order may wait for the rest of its turn before its group commits at the next bar:
 * 0, i.e. at the next bar. Measured with `bun scripts/bench-run.ts --symbols 100 --seconds 60`
 * (load 0.2-0.4, two runs each): 1 ms gave bar-to-order p50/p90/p99 3.7/6-7/9-12 ms in ~135
 * commits, 0 gave 1.9-2.0/4.1-4.3/6.8 ms in ~177 (one bar's orders still share one commit).
 */
const MAX_SEND_WAIT_MS = 0;

/** Predictions kept in memory at most (a stalled status timer must not grow the buffer without bound). */
const MAX_BUFFERED_PREDICTIONS = 2_000;

/** Why a working paper order is cancelled when its runner stops (order_events, orders.last_error). */
export const PAPER_ORDERS_DIE_WITH_RUNNER = "runner stopped: paper orders do not outlive the runner";

/**
 * Cash, and the positions earlier runs left in the store, so a restart never re-buys what it
 * holds. Paper: the stored paper account's cash (positions are booked back onto it at their
 * average cost, so the books start at exactly the stored cash). IB: --cash, a local mirror
 * only (the risk limits use the broker's account values).
 */
function loadPortfolio(o: SessionOptions, store: SqliteStore): Portfolio {
  const positions = store.positions();
  const cash = o.broker === "paper"
    ? positions.reduce((sum, p) => sum.plus(p.avgCost.times(p.qty)), openPaperAccount({ db: o.db, account: o.account, cash: o.cash, log: o.log, now: Date.now() }).cash)
    : money(o.cash ?? DEFAULT_PAPER_CASH);
  if (cash.lt(0)) throw new UserError(`the stored paper account's cash and positions do not add up (cash + positions at cost = ${cash.toFixed(2)} USD < 0); the database needs a look`);
  const portfolio = new Portfolio(cash);
  for (const p of positions) {
    portfolio.applyFill({ orderKey: "", execId: "opening", symbol: p.symbol, side: p.qty > 0 ? "buy" : "sell", qty: Math.abs(p.qty), price: p.avgCost, commission: money(0), time: o.now() });
    o.log.info(`position from the store: ${p.symbol} ${p.qty} @ ${p.avgCost.toString()}`);
  }
  if (o.broker === "paper") closeOrphans(o);
  return portfolio;
}

/** Paper orders left working by an earlier process died with it: say so in the store. */
function closeOrphans(o: SessionOptions): void {
  for (const order of listOrders(o.db)) {
    if (order.account !== o.account || order.mode !== "paper" || TERMINAL_STATES.has(order.state)) continue;
    updateOrder(o.db, order.orderRef, { state: "cancelled", time: Date.now(), lastError: "the paper broker that held this order stopped (runner restarted)" });
    o.log.warn(`paper order ${order.orderRef} from an earlier run marked cancelled: its runner stopped before it filled`);
  }
}

/** Earlier orders of this trading day, by their signal's market time: the risk rules' clock (the replay's under --sim). */
function ordersToday(o: SessionOptions): { symbol: string; side: "buy" | "sell"; time: number }[] {
  const today = toNewYork(o.now()).date;
  return listOrders(o.db)
    .filter((r) => r.account === o.account && toNewYork(r.signalTime).date === today && r.state !== "rejected")
    .map((r) => ({ symbol: r.symbol, side: r.side, time: r.signalTime }));
}
