import type { ReconciliationRecord } from "../../adapters/sqlite/engine-store-reconcile.ts";

/**
 * The log line for a finished reconciliation. `ok` in the record means only that IB could be
 * asked; the line says "ok" only when it was and nothing differs (as `status` does).
 */
export function reconcileSummary(r: Pick<ReconciliationRecord, "trigger" | "ok" | "problems" | "recoveredFills">): string {
  const outcome = !r.ok ? "FAILED (broker not asked)" : r.problems.length ? `${r.problems.length} problem(s)` : "ok";
  return `reconciliation (${r.trigger}): ${outcome}; ${r.recoveredFills} recovered fill(s)`;
}
