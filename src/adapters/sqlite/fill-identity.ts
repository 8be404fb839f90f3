import type { Fill } from "../../core/fill.ts";
import { money } from "../../core/money.ts";
import { insertAlert } from "./alerts-repo.ts";
import type { Db } from "./db.ts";

/**
 * What the database makes of an execution (DESIGN.md invariant 13): a fill is its exec id
 * AND its content (account, orderRef, symbol, side, qty, price, market time).
 * - new: never seen;
 * - stored: this exec id with this content is stored (a replay);
 * - conflict: the exec id is stored with other content (a gateway that reused ids after a
 *   restart): a distinct execution, stored under `storeAs` and alerted, never dropped;
 * - correction: IB's correction of a stored execution (same prefix, another last part,
 *   "0000e0d5.0000001a.01.02" for ".01.01"): alerted once, never counted as a second fill.
 */
export type FillStatus =
  | { readonly kind: "new" }
  | { readonly kind: "stored" }
  | { readonly kind: "conflict"; readonly storeAs: string; readonly original: StoredFill }
  | { readonly kind: "correction"; readonly of: StoredFill; readonly noted: boolean };

export interface StoredFill {
  readonly execId: string;
  readonly orderRef: string | null;
  readonly symbol: string;
  readonly side: string;
  readonly qty: number;
  readonly price: string;
  readonly marketTime: number | null;
  readonly account: string | null;
}

type Raw = { exec_id: string; order_ref: string | null; symbol: string; side: string; qty: number; price: string; market_time: number | null; account: string | null };

const toStored = (r: Raw): StoredFill => ({ execId: r.exec_id, orderRef: r.order_ref, symbol: r.symbol, side: r.side, qty: r.qty, price: r.price, marketTime: r.market_time, account: r.account });

/** Marks a fill stored under another id than IB's: `X#2` is the second execution IB called X. */
const SUFFIX = "#";

export function sameContent(row: StoredFill, fill: Fill, account: string): boolean {
  return (
    (row.orderRef ?? "") === fill.orderKey && row.symbol === fill.symbol && row.side === fill.side && row.qty === fill.qty &&
    money(row.price).eq(fill.price) && (row.marketTime === null || row.marketTime === fill.time) &&
    (row.account === null || account === "" || row.account === account)
  );
}

/** The exec id without its last dot-part (IB's correction counter), or undefined when it has none. */
export function correctionPrefix(execId: string): string | undefined {
  const dot = execId.lastIndexOf(".");
  return dot > 0 && execId.indexOf(".") < dot ? execId.slice(0, dot + 1) : undefined;
}

export function fillStatus(db: Db, fill: Fill, account: string): FillStatus {
  const id = fill.execId.split(SUFFIX)[0]!;
  const same = db
    .query("SELECT * FROM fills WHERE exec_id = $id OR substr(exec_id, 1, length($id) + 1) = $id || '#' ORDER BY id")
    .all({ id }) as Raw[];
  if (same.some((r) => sameContent(toStored(r), fill, account))) return { kind: "stored" };
  if (same.length > 0) return { kind: "conflict", storeAs: `${id}${SUFFIX}${same.length + 1}`, original: toStored(same[0]!) };
  const prefix = correctionPrefix(id);
  if (prefix === undefined) return { kind: "new" };
  const earlier = db
    .query("SELECT * FROM fills WHERE substr(exec_id, 1, length($p)) = $p AND exec_id <> $id ORDER BY id LIMIT 1")
    .get({ p: prefix, id }) as Raw | null;
  if (!earlier) return { kind: "new" };
  const noted = db.query("SELECT 1 FROM alerts WHERE kind = 'fill-correction' AND json_extract(detail, '$.execId') = $id LIMIT 1").get({ id }) !== null;
  return { kind: "correction", of: toStored(earlier), noted };
}

/** Alerts a conflict (same exec id, other content); the caller stores the fill under `storeAs`. */
export function alertConflict(db: Db, fill: Fill, status: Extract<FillStatus, { kind: "conflict" }>, time: number): void {
  const o = status.original;
  insertAlert(db, {
    time, level: "error", kind: "fill-conflict",
    message: `IB execution ${fill.execId} arrived again with other content (${fill.orderKey || "no orderRef"} ${fill.side} ${fill.qty} ${fill.symbol} @ ${fill.price.toString()}; stored: ${o.orderRef ?? "no orderRef"} ${o.side} ${o.qty} ${o.symbol} @ ${o.price}); kept as a separate execution ${status.storeAs}: check the broker's executions`,
    detail: { execId: fill.execId, storedAs: status.storeAs, fill: { ...fill, price: fill.price.toString(), commission: fill.commission.toString() }, original: o },
  });
}

/** Alerts an IB correction once; the stored fill stays as it was (reconciliation compares the positions). */
export function noteCorrection(db: Db, fill: Fill, status: Extract<FillStatus, { kind: "correction" }>, time: number): void {
  if (status.noted) return;
  const o = status.of;
  insertAlert(db, {
    time, level: "warn", kind: "fill-correction",
    message: `IB corrected execution ${o.execId} as ${fill.execId} (${o.side} ${o.qty} @ ${o.price} -> ${fill.side} ${fill.qty} @ ${fill.price.toString()}); the stored fill is kept, not counted twice; a position difference blocks ${fill.symbol} until resolved`,
    detail: { execId: fill.execId, corrects: o.execId, fill: { ...fill, price: fill.price.toString(), commission: fill.commission.toString() } },
  });
}
