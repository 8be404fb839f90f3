import { insertAlert } from "../../adapters/sqlite/alerts-repo.ts";
import type { Db } from "../../adapters/sqlite/db.ts";
import type { OrderRequest } from "../../core/order.ts";
import type { Engine } from "../../engine/engine.ts";
import type { Logger } from "../../log/logger.ts";
import { describeAction, listControlRequests, pruneControlRequests, writeControlRequest, type ControlAction, type ControlRequest } from "./requests.ts";

/** Manual orders are attributed to this strategy name (their key: rt:manual:SYMBOL:SIDE:TIME). */
export const MANUAL = "manual";

export interface RunnerControlOptions {
  readonly db: Db;
  readonly engine: Engine;
  readonly log: Logger;
  /** Market time: a manual order's signal time (its key's last part). */
  readonly now: () => number;
  /** Graceful stop, with the reason the run ends. */
  readonly stop: (reason: string) => void;
  /** When this runner started: pending requests older than this were for an earlier runner. */
  readonly startedAt: number;
  readonly onDone?: (request: ControlRequest) => void;
  readonly intervalMs?: number;
}

export interface RunnerControl {
  /** Handles waiting requests now (the timer calls it every intervalMs). */
  poll(): void;
  stop(): void;
}

/**
 * The runner's side of manual control. Requests are taken one at a time, in order: first
 * marked `working` with the signal time their orders will carry, then carried out through
 * the engine (so the risk rules, the reconciliation gate and the order trail apply as to any
 * order), then marked done or failed with what happened. A request still `working` when a
 * runner starts was interrupted mid-way: it is marked `unknown`, never done again.
 */
export function startRunnerControl(o: RunnerControlOptions): RunnerControl {
  const wall = Date.now;
  for (const r of listControlRequests(o.db)) {
    if (r.state === "working") finish(r, "unknown", "the runner stopped while carrying this out; look at the orders before asking again");
    else if (r.state === "pending" && r.createdAt < o.startedAt) finish(r, "expired", "asked while no runner was running");
  }
  function finish(r: ControlRequest, state: ControlRequest["state"], message: string, orders: readonly string[] = []): ControlRequest {
    const done: ControlRequest = { ...r, state, message, orders: [...orders], doneAt: wall() };
    writeControlRequest(o.db, done, wall());
    const level = state === "done" ? "info" : "warn";
    insertAlert(o.db, { time: wall(), level, kind: "manual-control", message: `${describeAction(r.action)} (by ${r.by}): ${state}: ${message}`, detail: { id: r.id, state, orders } });
    o.log[level](`manual control: ${describeAction(r.action)} (by ${r.by}): ${state}: ${message}`);
    o.onDone?.(done);
    return done;
  }
  let busy = false;
  function poll(): void {
    if (busy) return;
    busy = true;
    try {
      for (const r of listControlRequests(o.db)) {
        if (r.state !== "pending") continue;
        const working: ControlRequest = { ...r, state: "working", signalTime: o.now() };
        writeControlRequest(o.db, working, wall());
        const outcome = carryOut(working.action, working.signalTime!, working.by);
        finish(working, outcome.ok ? "done" : "failed", outcome.message, outcome.orders);
      }
      pruneControlRequests(o.db);
    } catch (error) {
      o.log.warn(`manual control: ${(error as Error).message}`);
    } finally {
      busy = false;
    }
  }
  function carryOut(a: ControlAction, signalTime: number, by: string): { ok: boolean; message: string; orders: string[] } {
    if (a.kind === "stop") {
      o.stop(`stop requested by ${by}`);
      return { ok: true, message: "stopping: open orders stay as run.cancel_on_shutdown says", orders: [] };
    }
    if (a.kind === "order") {
      const slot = o.engine.symbols.indexOf(a.symbol);
      if (slot < 0) return { ok: false, message: `${a.symbol} is not traded by this runner (${o.engine.symbols.join(", ")})`, orders: [] };
      const request: OrderRequest = {
        symbol: a.symbol, side: a.side, qty: a.qty, tif: "day",
        ...(a.limit !== undefined ? { type: "limit", limitPrice: a.limit } : a.stop !== undefined ? { type: "stop", stopPrice: a.stop } : { type: "market" }),
      };
      const r = o.engine.submitFrom(slot, request, signalTime, MANUAL);
      return r.kind === "accepted" ? { ok: true, message: `order ${r.key} sent`, orders: [r.key] } : { ok: false, message: `refused (${r.rule}): ${r.reason}`, orders: [] };
    }
    const symbols = a.symbol ? [a.symbol] : o.engine.portfolio.positions().filter((p) => p.qty !== 0).map((p) => p.symbol);
    if (symbols.length === 0) return { ok: true, message: "no open positions", orders: [] };
    const said: string[] = [];
    const orders: string[] = [];
    let ok = true;
    for (const symbol of symbols) {
      const r = closeOne(symbol, signalTime);
      said.push(`${symbol}: ${r.message}`);
      if (r.key) orders.push(r.key);
      ok &&= r.ok;
    }
    return { ok, message: said.join("; "), orders };
  }
  /** Flat once: nothing when already flat or a closing order works; else cancel the symbol's other orders and send one market order for the whole position. */
  function closeOne(symbol: string, signalTime: number): { ok: boolean; message: string; key?: string } {
    const slot = o.engine.symbols.indexOf(symbol);
    if (slot < 0) return { ok: false, message: `not traded by this runner (${o.engine.symbols.join(", ")})` };
    const qty = o.engine.positionAt(slot);
    if (qty === 0) return { ok: true, message: "already flat" };
    const side = qty > 0 ? "sell" : "buy";
    const working = o.engine.openOrdersAt(slot);
    // A market order on the closing side (manual or a strategy's exit) already flattens: one is enough.
    const closing = working.find((w) => w.side === side && (w.strategy === MANUAL || w.type === "market"));
    if (closing) return { ok: true, message: `already closing (order ${closing.key})` };
    for (const w of working) o.engine.cancel(w.key);
    const r = o.engine.submitFrom(slot, { symbol, side, qty: Math.abs(qty), type: "market", tif: "day" }, signalTime, MANUAL);
    if (r.kind === "refused") return { ok: false, message: `refused (${r.rule}): ${r.reason}` };
    return { ok: true, message: `${side} ${Math.abs(qty)} at market (order ${r.key})`, key: r.key };
  }
  const timer = setInterval(poll, o.intervalMs ?? 250);
  timer.unref?.();
  return { poll, stop: () => clearInterval(timer) };
}
