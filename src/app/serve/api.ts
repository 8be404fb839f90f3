import * as v from "valibot";
import type { ApiHandlers, ApiResult } from "../../adapters/http/server.ts";
import { maskDeep } from "../../adapters/http/read/mask-deep.ts";
import { readRuns } from "../../adapters/sqlite/page/runs.ts";
import { parseTradeQuery, readTrades } from "../../adapters/sqlite/page/trades.ts";
import { TOPICS, type Topic } from "../../adapters/http/ws-protocol.ts";
import { openDatabase } from "../../adapters/sqlite/db.ts";
import { isUserError } from "../../core/errors.ts";
import { setKillSwitch } from "../runner/kill-switch.ts";
import { runningRunner } from "../control/client.ts";
import { setPause } from "../control/pause.ts";
import { submitControlRequest } from "../control/requests.ts";
import { noStoreStatus } from "./status.ts";
import type { StoreReader } from "./store.ts";
import { loadStatus, loadTopic, type TopicReaders } from "./topics.ts";

const KillSwitchBody = v.strictObject({
  on: v.boolean("'on' must be true or false"),
  reason: v.optional(v.nullable(v.pipe(v.string("'reason' must be text"), v.maxLength(500, "'reason': at most 500 characters")))),
});

const ControlBody = v.variant("action", [
  v.strictObject({ action: v.literal("close"), symbol: v.nullable(v.pipe(v.string("'symbol' must be text"), v.regex(/^[A-Z][A-Z0-9.]{0,9}$/, "'symbol' must be a ticker like AAPL"))) }),
  v.strictObject({ action: v.picklist(["pause", "resume", "stop"]) }),
], "'action' must be close, pause, resume or stop");

export interface ApiOptions {
  readonly store: StoreReader;
  readonly now: () => number;
  /** Called after the kill switch changed, so the page sees it at once. */
  readonly onWrite: () => void;
  readonly readers: TopicReaders;
}

/** The JSON API: GET /api/<topic> (fresh from the store), /api/trades search, the kill switch. */
export function apiHandlers(o: ApiOptions): ApiHandlers {
  const read = (fn: (db: NonNullable<ReturnType<StoreReader["db"]>>) => unknown): ApiResult => {
    const db = o.store.db();
    const state = o.store.state;
    if (!db || state.state !== "ok") return { status: 503, body: { error: `no data yet: ${"message" in state ? state.message : "store not open"}`, store: state } };
    try {
      return { status: 200, body: db.transaction(() => fn(db))() };
    } catch (error) {
      o.store.fail(error);
      return { status: 503, body: { error: `no data: ${(error as Error).message}` } };
    }
  };
  return {
    get(name, params) {
      if (name === "trades") {
        const parsed = parseTradeQuery(params);
        if (!parsed.ok) return { status: 400, body: { error: parsed.message } };
        return read((db) => maskDeep(readTrades(db, parsed.query)));
      }
      if (!(TOPICS as readonly string[]).includes(name)) return undefined;
      const topic = name as Topic;
      if (topic === "status" && !o.store.db()) {
        const state = o.store.state;
        return { status: 200, body: noStoreStatus({ ...state, path: o.store.path }, o.now()) };
      }
      return read((db) => {
        const now = o.now();
        return loadTopic(db, topic, loadStatus(db, now), { path: o.store.path, now, readers: o.readers });
      });
    },
    reportPath(runId) {
      const db = o.store.db();
      const run = db ? readRuns(db, { id: runId })[0] : undefined;
      return run?.report?.exists && run.report.path.toLowerCase().endsWith(".html") ? run.report.path : undefined;
    },
    async control(body, who) {
      const parsed = v.safeParse(ControlBody, body);
      if (!parsed.success) return { status: 400, body: { error: `${parsed.issues[0].message}; expected {"action": "close", "symbol": "AAPL"|null} or {"action": "pause"|"resume"|"stop"}` } };
      const state = o.store.state;
      if (state.state === "missing") return { status: 409, body: { error: `no database yet: ${state.message}` } };
      let db;
      try {
        db = openDatabase(o.store.path);
        const a = parsed.output;
        if (a.action === "pause" || a.action === "resume") {
          const { current } = setPause(db, { paused: a.action === "pause", by: who, now: Date.now(), reason: "from the status page" });
          o.onWrite();
          return { status: 200, body: { paused: current } };
        }
        if (!runningRunner(db, Date.now())) return { status: 409, body: { error: "no runner is running: nothing would carry this out" } };
        const { request, created } = submitControlRequest(db, { action: a.action === "close" ? { kind: "close", symbol: a.symbol } : { kind: "stop" }, by: who, now: Date.now() });
        o.onWrite();
        return { status: 202, body: { request, created } };
      } finally {
        db?.close();
      }
    },
    async killSwitch(body) {
      const parsed = v.safeParse(KillSwitchBody, body);
      if (!parsed.success) return { status: 400, body: { error: `${parsed.issues[0].message}; expected {"on": true|false, "reason": "..."}` } };
      const state = o.store.state;
      if (state.state === "missing") return { status: 409, body: { error: `no database yet: ${state.message}` } };
      let db;
      try {
        db = openDatabase(o.store.path);
        const { current } = setKillSwitch(db, { on: parsed.output.on, reason: parsed.output.reason ?? undefined, by: "status page", now: Date.now() });
        o.onWrite();
        return { status: 200, body: { killSwitch: current } };
      } catch (error) {
        if (isUserError(error)) return { status: 400, body: { error: error.message } };
        throw error;
      } finally {
        db?.close();
      }
    },
  };
}
