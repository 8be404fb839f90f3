import type { Db } from "../../sqlite/db.ts";
import { listAlerts, type AlertRow } from "../../sqlite/alerts-repo.ts";
import { maskText } from "../../../log/mask.ts";
import { maskDeep } from "./mask-deep.ts";

/** The newest alerts (refusals, take-overs, kill switch changes, reconciliation), newest first, account ids masked. */
export function readAlerts(db: Db, limit = 100): AlertRow[] {
  return listAlerts(db, { limit }).map((a) => ({ ...a, message: maskText(a.message), detail: maskDeep(a.detail) }));
}
