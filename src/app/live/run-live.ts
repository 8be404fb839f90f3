import { hostname } from "node:os";
import type { IbConnection } from "../../adapters/ib/connection/connection.ts";
import { LiveMarketData } from "../../adapters/ib/data/live-market-data.ts";
import { HistoricalPacer } from "../../adapters/ib/requests/pacer.ts";
import { systemClock } from "../../adapters/clock/system-clock.ts";
import type { SimGateway, SimGatewayOptions } from "../../adapters/sim-gateway/index.ts";
import { onRelaxedCommit, relaxedTransaction, type Db } from "../../adapters/sqlite/db.ts";
import { finishRun, listRuns, startRun } from "../../adapters/sqlite/runs-repo.ts";
import type { AppConfig } from "../../config/schema.ts";
import type { ConfigSource } from "../../config/source.ts";
import type { BarSize } from "../../core/bar.ts";
import type { TradingSetup } from "../../engine/trading-setup.ts";
import type { ConfiguredStrategy } from "../../strategy/types.ts";
import type { Logger } from "../../log/logger.ts";
import { databasePath, openStore } from "../data/store.ts";
import { startCheckpointer } from "../../adapters/sqlite/checkpointer.ts";
import { afterTurn, CHECKPOINT_AFTER_TURN_MS, CHECKPOINT_FALLBACK_MS } from "./after-turn.ts";
import { HELPER_SCAN_MS, helperThreads, runnerSlice } from "./helper-threads.ts";
import { maskSecret } from "../../log/mask.ts";
import { startRunnerServices } from "../runner/services.ts";
import { RunMetrics } from "./metrics.ts";
import { buildSession, type Session } from "./session.ts";
import { rehearseOrderPath } from "./rehearse.ts";
import { checkRunConfig, connectVerified, type BrokerKind } from "./preflight.ts";
import { probeReplayClock } from "./replay-clock.ts";
import { rotatingReplayDay, startRunSimulator } from "./sim.ts";
import { watchStatus } from "./status.ts";
import { MarketIndexFeed } from "../../engine/market-index-feed.ts";
import { MARKET_INDEX } from "../../engine/market-view.ts";
import { buildSummary, type RunSummary } from "./summary.ts";
import { backfillFor, waitForEnd } from "./shutdown.ts";
import { BrokerAccount } from "./account.ts";
import { barAgeClock } from "./market-age.ts";
import { buildNotifier, runnerEvent } from "../notify/build.ts";
import { watchForNotifications } from "../notify/runner-notify.ts";
import { startRunnerControl } from "../control/runner-control.ts";
import { toNewYork } from "../../core/calendar/index.ts";
import { buildTradingSetup, withSymbols } from "../setup/trading-setup.ts";

export interface RunLiveOptions {
  readonly config: AppConfig;
  readonly sources?: ReadonlyMap<string, ConfigSource>;
  readonly log: Logger;
  readonly strategy: ConfiguredStrategy;
  /**
   * What trades (built by the CLI from config + flags); absent: config's, for \`strategy\`.
   * Its strategy must be \`strategy\`.
   */
  readonly setup?: TradingSetup;
  /** --symbols; else config symbols. */
  readonly symbols?: readonly string[];
  readonly broker: BrokerKind;
  readonly live: boolean;
  /** --sim: the in-process simulator (speed, first replayed day; extra options for tests and the bench). */
  readonly sim?: { readonly speed?: number; readonly start?: string; readonly gateway?: Partial<SimGatewayOptions> };
  /** --replay-clock: the gateway (a separate sim-gateway) replays history; market time follows its bars. */
  readonly replayClock?: boolean;
  /** Seeds a brand-new paper account, USD (default 100,000); an existing one carries on from the store. */
  readonly cash?: number;
  /** Wall-clock end of a bounded session (--until / --for). */
  readonly endAt?: number;
  /** Aborted by SIGINT/SIGTERM (installed by the CLI); its reason names the signal. */
  readonly signal?: AbortSignal;
  /** Told once the session trades (tests, the bench). */
  readonly onStarted?: (info: { readonly runId: number; readonly sim: SimGateway | undefined; readonly conn: IbConnection; readonly session: Session; readonly market: LiveMarketData }) => void;
}

/**
 * `robotrader run`: pre-flight (config, gateway), then the same Engine and Strategy as the
 * backtest driven by live bars, with paper fills by the backtest rules (or IB orders),
 * every pre-trade check, metrics and status rows; ends on --until/--for, a signal, or the
 * end of the data, and always closes its sockets, lock and store (DESIGN.md inv. 5).
 */
export async function runLive(o: RunLiveOptions): Promise<RunSummary> {
  const { config, log } = o;
  checkRunConfig({ config, ...(o.sources ? { sources: o.sources } : {}), broker: o.broker, live: o.live, sim: o.sim !== undefined, replayClock: o.replayClock === true, log });
  const cleanup: (() => Promise<void> | void)[] = [];
  const close = async () => {
    for (const step of cleanup.splice(0).reverse()) {
      try {
        await step();
      } catch (error) {
        log.warn(`shutdown step failed: ${(error as Error).message}`);
      }
    }
  };
  let exit = { reason: "fatal error during start", failed: true };
  try {
    let symbols = o.symbols ?? config.symbols;
    let where = { host: config.gateway.host, port: config.gateway.port };
    const db: Db = openStore(config, { synchronous: "full" });
    cleanup.push(() => db.close());
    // Checkpoints run right after the turns that trade (below), so none runs beside an order's commit.
    const checkpointer = await startCheckpointer(db, databasePath(config), CHECKPOINT_FALLBACK_MS);
    if (!checkpointer.onWorker) log.warn("the WAL checkpoint worker did not start: the runner's connection checkpoints itself, beside its commits");
    // The runtime's helper threads yield the cores to the trading thread (helper-threads.ts); threads started since are caught after each trading turn.
    const helpers = helperThreads();
    helpers.scan();
    // The trading thread takes a core as soon as it wakes (a read, an fsync's return): helper-threads.ts.
    const slice = runnerSlice();
    cleanup.push(() => slice.restore());
    const helperTimer = setInterval(helpers.scan, HELPER_SCAN_MS);
    helperTimer.unref?.();
    cleanup.push(() => {
      clearInterval(helperTimer);
      // Best effort (needs privilege): a process that goes on after the runner (tests) gets its compiler threads back.
      helpers.restore();
    });
    const checkpointSoon = afterTurn(() => {
      checkpointer.request();
      helpers.scan();
    }, CHECKPOINT_AFTER_TURN_MS);
    cleanup.push(() => checkpointSoon.cancel());
    cleanup.push(() => checkpointer.stop());
    // Relaxed writes (timers' journal, recording, status) are synced on the worker, not by the next order's commit.
    cleanup.push(onRelaxedCommit(db, () => checkpointer.syncWal()));
    // Delivered in the background; the last step before the store closes says how the runner ended.
    const notifier = buildNotifier(config, log);
    let announced = false;
    cleanup.push(async () => {
      if (announced || exit.failed) {
        const kind = exit.failed ? "runner-crash" : "runner-stop";
        notifier.notify(runnerEvent(kind, `runner ${exit.failed ? "FAILED" : "stopped"}: ${exit.reason}`, "", { reason: exit.reason, failed: exit.failed }));
      }
      await notifier.close(5_000);
    });
    let sim: SimGateway | undefined;
    if (o.sim) {
      const start = o.sim.start ?? rotatingReplayDay(listRuns(db, { kind: "sim", limit: 1_000_000 }).length);
      const started = await startRunSimulator({ symbols, explicit: o.symbols !== undefined, log, ...o.sim, start, ...(o.sim.gateway ? { extra: o.sim.gateway } : {}) });
      sim = started.gateway;
      symbols = started.symbols;
      where = { host: sim.host, port: sim.port };
      cleanup.push(() => sim!.close());
    }
    const setup = withSymbols(o.setup ?? buildTradingSetup(config, { strategy: o.strategy, symbols }), symbols);
    if (o.strategy.members === undefined && setup.strategies[0]?.strategy !== o.strategy.name) throw new Error(`run: the setup trades ${setup.strategies[0]?.strategy}, not ${o.strategy.name}`);
    const mode = config.mode;
    const stopper = new AbortController();
    const metrics = new RunMetrics();
    const runKind = sim ? "sim" : o.broker === "paper" ? "paper" : mode;
    let finished = false;
    // The account lock comes before the gateway hears from us: a second runner is refused
    // without connecting (a second connection with the same client id disturbs the first).
    const lockAccount = (account: string) => {
      const runId = startRun(db, { kind: sim ? "sim" : o.broker === "paper" ? "paper" : "live", params: { strategy: o.strategy, symbols, broker: o.broker, mode, setup }, pid: process.pid, host: hostname() });
      cleanup.push(() => {
        if (!finished) finishRun(db, runId, { status: "failed" });
      });
      const services = startRunnerServices({
        db, account: o.broker === "paper" ? "local" : account, runId, log, registry: metrics.registry,
        info: { mode: runKind, broker: o.broker, account: o.broker === "paper" ? null : maskSecret(account), strategy: o.strategy.name, symbols: [...symbols] },
        onLeaseLost: (why) => stopper.abort(new Error(`runner lock lost: ${why}`)),
      });
      cleanup.push(() => services.stop(exit.reason, exit.failed));
      return { runId, services };
    };
    // Known up front: the local paper account, or gateway.account_id. Else: right after the handshake names the account.
    const known = o.broker === "paper" ? "local" : config.gateway.accountId;
    let locked = known !== undefined ? lockAccount(known) : undefined;
    const connected = await connectVerified({ config, broker: o.broker, live: o.live, sim: sim !== undefined, replayClock: o.replayClock === true, log, ...where, clientId: config.gateway.clientId });
    const { conn } = connected;
    cleanup.push(() => conn.close());
    locked ??= lockAccount(connected.account);
    const { runId, services } = locked;
    const pacer = new HistoricalPacer(systemClock);
    const replay = o.replayClock ? await probeReplayClock(conn, pacer, symbols[0]!, { log, signal: o.signal }) : undefined;
    if (replay) log.info(`--replay-clock: the gateway's market time is ${new Date(replay.now()).toISOString()}`);
    const marketNow = sim ? () => sim!.marketTime : replay ? () => replay.now() : () => Date.now();
    let accountValues: BrokerAccount | undefined;
    if (o.broker === "ibkr") {
      accountValues = await new BrokerAccount({ conn, account: connected.account, log }).start();
      cleanup.push(() => accountValues!.stop());
    }

    const barSize: BarSize = setup.barSize;
    const speed = sim ? (o.sim?.speed ?? 300) : 1;
    const market = new LiveMarketData({
      conn, pacer, symbols, barSize, backfill: backfillFor(barSize), clock: { now: marketNow }, log,
      onFailure: (symbol, failure) => session.gate.recordFailure(`market data ${symbol}: IB ${failure.code}`),
      ...(replay ? { onStreamBar: (end: number) => replay.observe(end) } : {}),
    });
    // A market regime filter on an index the run does not trade: the index is followed as data only.
    const indexFeed = setup.regimeFilter?.source === "market" && !symbols.includes(MARKET_INDEX) ? new MarketIndexFeed(MARKET_INDEX) : undefined;
    const indexData = indexFeed
      ? new LiveMarketData({
        conn, pacer, symbols: [MARKET_INDEX], barSize, backfill: backfillFor(barSize), clock: { now: marketNow }, log,
        onFailure: (symbol, failure) => log.warn(`market data ${symbol} (market index, data only): IB ${failure.code}; the market regime may stay unknown`),
      })
      : undefined;
    const fillsByDay = new Map<string, number>();
    const session: Session = buildSession({
      config, db, runId, log, setup, strategy: o.strategy, maxAgeMs: Math.max(setup.validation?.maxAgeMs ?? config.data.maxAgeMs, speed * 2_000), symbols, broker: o.broker, account: o.broker === "paper" ? "" : connected.account, cash: o.cash,
      now: marketNow, ageAt: barAgeClock(marketNow, sim !== undefined || replay !== undefined), market, conn, services, metrics,
      ...(accountValues ? { accountValues } : {}),
      ...(indexFeed ? { marketIndex: indexFeed } : {}),
      notify: (event) => {
        const day = toNewYork(marketNow()).date;
        if (event.kind === "fill") fillsByDay.set(day, (fillsByDay.get(day) ?? 0) + 1);
        notifier.notify(event);
      },
      onTurnDone: checkpointSoon.poke,
    });
    cleanup.push(() => session.close());
    // The order path's code runs once on throwaway parts, so the first live order is not its first run (rehearse.ts).
    try {
      log.debug(`order path rehearsed: ${rehearseOrderPath(setup, marketNow())} order(s) on throwaway parts`);
    } catch (error) {
      log.warn(`the order path rehearsal failed (trading goes on; the first order may be slower): ${(error as Error).message}`);
    }
    const notifications = watchForNotifications({
      db, notifier, log, conn, circuit: () => session.gate.circuit, now: marketNow, portfolio: session.portfolio, fillsOn: (date) => fillsByDay.get(date) ?? 0,
    });
    cleanup.push(() => notifications.stop());
    const control = startRunnerControl({
      db, engine: session.engine, log, now: marketNow,
      stop: (why) => stopper.abort(new Error(why)), startedAt: services.lock.lease.startedAt,
      onDone: (r) => log.debug(`manual control request ${r.id}: ${r.state}`),
    });
    cleanup.push(() => control.stop());
    // Also on a fatal error: a paper order must not stay "open" in the store after its runner.
    cleanup.push(() => void session.abandonPaperOrders());
    const stopStatus = watchStatus({ state: services.state, conn, where, circuit: () => session.gate.circuit, regimes: () => session.regimes(), flush: () => session.flushPredictions(), log, together: (writes) => relaxedTransaction(db, writes) });
    // Close the connection first so the last connection row says "closed".
    cleanup.push(async () => {
      await conn.close();
      stopStatus();
    });
    if (session.reconciliation) await session.reconciliation.run("start");
    const startedAt = new Date().toISOString();
    const marketFrom = new Date(marketNow()).toISOString();
    log.info(`run ${runId}: ${o.strategy.name} on ${symbols.length} symbol(s), ${barSize} bars, broker ${o.broker}${sim ? `, simulator at ${speed}x` : ""}`);
    helpers.scan();
    log.debug(`${helpers.lowered()} helper thread(s) of the runtime (JIT, heap warm-up, allocator) in SCHED_IDLE`);
    o.onStarted?.({ runId, sim, conn, session, market });
    announced = true;
    notifier.notify(runnerEvent("runner-start", `runner started: run ${runId}, ${o.strategy.name} on ${symbols.join(", ")}`, `broker ${o.broker}, ${barSize} bars${sim ? `, simulator at ${speed}x` : ""}`, { runId, strategy: o.strategy.name, symbols, broker: o.broker, mode: runKind }));

    if (indexData && indexFeed) {
      log.info(`${MARKET_INDEX} followed as data only (never traded) for --regime-filter on the market regime`);
      indexData.run(indexFeed).catch((error) => log.warn(`market index ${MARKET_INDEX}: ${(error as Error).message}; the market regime may stay unknown`));
      cleanup.push(() => indexData.stop());
    }
    const stopReason = await waitForEnd({ run: market.run(session.sink), ...(o.endAt !== undefined ? { endAt: o.endAt } : {}), signals: [o.signal, stopper.signal], stop: () => market.stop() });
    session.abandonPaperOrders();
    if (config.run.cancelOnShutdown) session.cancelOpenOrders();
    const unsettled = await session.settle();
    const summary = buildSummary({
      base: {
        runId, mode, broker: o.broker, strategy: o.strategy.name, symbols, startedAt, stopReason: stopReason.reason, unsettled,
        sim: sim ? { speed, marketFrom, marketTo: new Date(marketNow()).toISOString() } : null,
        bars: session.bars(), fills: session.fills(), orders: session.orderStates.counts(),
      },
      portfolio: session.portfolio, equityAtStart: session.equityAtStart, dataCounts: session.dataCounts(), metrics: metrics.registry.snapshot(Date.now()),
    });
    finishRun(db, runId, { status: stopReason.failed ? "failed" : "completed", stats: summary });
    finished = true;
    exit = { reason: stopReason.reason, failed: stopReason.failed };
    if (stopReason.error !== undefined) throw stopReason.error;
    return summary;
  } catch (error) {
    if (exit.failed) exit = { reason: `fatal: ${error instanceof Error ? error.message : String(error)}`, failed: true };
    throw error;
  } finally {
    await close();
  }
}
