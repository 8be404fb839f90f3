import type { Db } from "../../sqlite/db.ts";
import { listAlerts, type AlertRow } from "../../sqlite/alerts-repo.ts";
import { maskText } from "../../../log/mask.ts";

/** The newest alerts (refusals, take-overs, kill switch changes, reconciliation), newest first, account ids masked. */
export function readAlerts(db: Db, limit = 100): AlertRow[] {
  return listAlerts(db, { limit }).map((a) => ({ ...a, message: maskText(a.message), detail: maskDeep(a.detail) }));
}

function maskDeep(value: unknown): unknown {
  if (typeof value === "string") return maskText(value);
  if (Array.isArray(value)) return value.map(maskDeep);
  if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskDeep(v)]));
  return value;
}
