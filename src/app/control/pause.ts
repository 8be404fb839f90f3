import * as v from "valibot";
import { insertAlert } from "../../adapters/sqlite/alerts-repo.ts";
import { writeTransaction, type Db } from "../../adapters/sqlite/db.ts";
import { getState, setState } from "../../adapters/sqlite/state-repo.ts";
import type { PreTradeCheck } from "../../engine/ports.ts";

/**
 * `robotrader pause|resume`: new entries stop (strategies may still exit, stop-loss and
 * take-profit still run, manual orders still go). A persistent row like the kill switch, so
 * it holds across a restart until someone resumes; a running runner reads it before each order.
 */
export const PAUSE_KEY = "entries-paused";

const PauseSchema = v.object({ paused: v.boolean(), by: v.string(), at: v.number(), reason: v.nullable(v.string()) });
export type PauseState = v.InferOutput<typeof PauseSchema>;

/** An unreadable row counts as paused: when in doubt, no new entries. */
export function readPause(db: Db): PauseState | null {
  const row = getState(db, PAUSE_KEY);
  if (!row) return null;
  const parsed = v.safeParse(PauseSchema, row.value);
  return parsed.success ? parsed.output : { paused: true, by: "unknown", at: row.updatedAt, reason: "unreadable pause row; 'robotrader resume' rewrites it" };
}

export function setPause(db: Db, o: { paused: boolean; by: string; now: number; reason?: string | undefined }): { previous: PauseState | null; current: PauseState } {
  return writeTransaction(db, () => {
    const previous = readPause(db);
    const current: PauseState = { paused: o.paused, by: o.by, at: o.now, reason: o.reason?.trim() || null };
    setState(db, PAUSE_KEY, current, o.now);
    insertAlert(db, {
      time: o.now, level: o.paused ? "warn" : "info", kind: "manual-control",
      message: `new entries ${o.paused ? "paused" : "resumed"} by ${o.by}${current.reason ? `: ${current.reason}` : ""}`,
      detail: { paused: o.paused, by: o.by, reason: current.reason },
    });
    return { previous, current };
  });
}

/**
 * The pre-trade check: while paused, an order that opens or adds to a position is refused;
 * one that only reduces it, and every manual order, passes.
 */
export function pauseCheck(read: () => PauseState | null): PreTradeCheck {
  return {
    name: "paused",
    check(intent, portfolio) {
      if (intent.strategy === "manual") return undefined;
      // An order that only reduces passes whatever the row says: the row is read only for the others.
      const held = portfolio.qty(intent.symbol);
      const reducing = (held > 0 && intent.side === "sell" && intent.qty <= held) || (held < 0 && intent.side === "buy" && intent.qty <= -held);
      if (reducing) return undefined;
      const state = read();
      if (!state?.paused) return undefined;
      return { kind: "refused", rule: "paused", reason: `new entries are paused (by ${state.by}${state.reason ? `: ${state.reason}` : ""}); 'robotrader resume' allows them again` };
    },
  };
}
