import type { Refusal } from "../../core/events.ts";
import type { OrderIntent } from "../../core/order.ts";
import type { PreTradeCheck } from "../../engine/ports.ts";
import type { ReconcileReport } from "./reconcile.ts";

/**
 * The PreTradeCheck that keeps orders out while the database and the broker may disagree:
 * every symbol before the first reconciliation, while one runs (after a reconnect) and
 * after one failed; afterwards only the symbols it found mismatched (DESIGN.md invariant 2).
 */
export class ReconciliationGate implements PreTradeCheck {
  readonly name = "reconciliation";
  #all: string | undefined = "reconciliation with the broker has not run yet";
  #blocked = new Map<string, string>();

  /** Blocks everything (a reconnect or 1100 started; a reconciliation is due). */
  hold(reason: string): void {
    this.#all = reason;
  }

  /** Applies a reconciliation's outcome: blocked symbols replace the previous set. */
  update(report: ReconcileReport): void {
    if (!report.ok) {
      this.#all = report.problems[0]?.message ?? "reconciliation with the broker failed";
      return;
    }
    this.#all = undefined;
    this.#blocked = new Map(report.blockedSymbols.map((s) => [s, report.problems.filter((p) => p.symbol === s).map((p) => p.message).join("; ")]));
  }

  blockedSymbols(): string[] {
    return [...this.#blocked.keys()];
  }

  check(intent: OrderIntent): Refusal | undefined {
    if (this.#all !== undefined) return { kind: "refused", rule: this.name, reason: this.#all };
    const why = this.#blocked.get(intent.symbol);
    return why === undefined ? undefined : { kind: "refused", rule: this.name, reason: why };
  }
}
