import { randomBytes } from "node:crypto";
import * as v from "valibot";
import { insertAlert } from "../../adapters/sqlite/alerts-repo.ts";
import { CONTROL_PREFIX, listControlRows, pruneControlRows } from "../../adapters/sqlite/control-repo.ts";
import { writeTransaction, type Db } from "../../adapters/sqlite/db.ts";
import { getState, setState } from "../../adapters/sqlite/state-repo.ts";

/**
 * A manual-control request: written by the CLI or the status page, carried out by the
 * running runner (runner-control.ts), which records the outcome in the same row. The order
 * a request makes gets its key from the row (the signal time stored when the runner takes
 * it), so handling one request twice can never send two orders.
 */
const Symbol = v.pipe(v.string(), v.regex(/^[A-Z][A-Z0-9.]{0,9}$/));
const Price = v.pipe(v.number(), v.finite(), v.gtValue(0));

export const ControlActionSchema = v.variant("kind", [
  v.object({ kind: v.literal("close"), symbol: v.nullable(Symbol) }),
  v.object({
    kind: v.literal("order"), side: v.picklist(["buy", "sell"]), symbol: Symbol,
    qty: v.pipe(v.number(), v.integer(), v.minValue(1)), limit: v.optional(Price), stop: v.optional(Price),
  }),
  v.object({ kind: v.literal("stop") }),
]);
export type ControlAction = v.InferOutput<typeof ControlActionSchema>;

export const CONTROL_STATES = ["pending", "working", "done", "failed", "expired", "unknown"] as const;
export type ControlState = (typeof CONTROL_STATES)[number];

const ControlRequestSchema = v.object({
  id: v.string(),
  action: ControlActionSchema,
  /** "cli:alice@mac", "page:127.0.0.1". */
  by: v.string(),
  createdAt: v.number(),
  state: v.picklist(CONTROL_STATES),
  /** The market time the runner stamped the request's orders with (their key's signal time). */
  signalTime: v.optional(v.number()),
  /** What happened, in words, and the keys of the orders it sent. */
  message: v.optional(v.string()),
  orders: v.optional(v.array(v.string())),
  doneAt: v.optional(v.number()),
});
export type ControlRequest = v.InferOutput<typeof ControlRequestSchema>;

export const FINISHED: ReadonlySet<ControlState> = new Set(["done", "failed", "expired", "unknown"]);

export function describeAction(a: ControlAction): string {
  if (a.kind === "stop") return "stop the runner";
  if (a.kind === "close") return a.symbol ? `close ${a.symbol}` : "close all positions";
  const price = a.limit !== undefined ? ` limit ${a.limit}` : a.stop !== undefined ? ` stop ${a.stop}` : " market";
  return `${a.side} ${a.qty} ${a.symbol}${price}`;
}

const sameAction = (a: ControlAction, b: ControlAction) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Writes a request (and an alert saying who asked), unless the same action is already
 * waiting or being handled: then that request is returned, so a command typed twice (or a
 * double click) is one request. Returns the request and whether it is new.
 */
export function submitControlRequest(db: Db, o: { action: ControlAction; by: string; now: number }): { request: ControlRequest; created: boolean } {
  return writeTransaction(db, () => {
    const open = listControlRequests(db).find((r) => (r.state === "pending" || r.state === "working") && sameAction(r.action, o.action));
    if (open) return { request: open, created: false };
    const id = `${String(o.now).padStart(15, "0")}-${randomBytes(3).toString("hex")}`;
    const request: ControlRequest = { id, action: o.action, by: o.by, createdAt: o.now, state: "pending" };
    setState(db, CONTROL_PREFIX + id, request, o.now);
    insertAlert(db, { time: o.now, level: "info", kind: "manual-control", message: `${describeAction(o.action)} requested by ${o.by}`, detail: { id, action: o.action, by: o.by } });
    return { request, created: true };
  });
}

/** Every readable request, oldest first (unreadable rows are skipped: written by another version). */
export function listControlRequests(db: Db): ControlRequest[] {
  const out: ControlRequest[] = [];
  for (const row of listControlRows(db)) {
    const parsed = v.safeParse(ControlRequestSchema, row.value);
    if (parsed.success) out.push(parsed.output);
  }
  return out;
}

export function readControlRequest(db: Db, id: string): ControlRequest | undefined {
  const row = getState(db, CONTROL_PREFIX + id);
  const parsed = row ? v.safeParse(ControlRequestSchema, row.value) : undefined;
  return parsed?.success ? parsed.output : undefined;
}

export function writeControlRequest(db: Db, request: ControlRequest, now: number): void {
  setState(db, CONTROL_PREFIX + request.id, v.parse(ControlRequestSchema, request), now);
}

/** Keeps the newest `keep` finished requests (the page and `status` show the last few). */
export function pruneControlRequests(db: Db, keep = 50): void {
  const finished = listControlRequests(db).filter((r) => FINISHED.has(r.state));
  pruneControlRows(db, finished.slice(0, Math.max(0, finished.length - keep)).map((r) => CONTROL_PREFIX + r.id));
}
