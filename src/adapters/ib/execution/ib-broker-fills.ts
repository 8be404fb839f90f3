import type { CommissionReport } from "@stoqey/ib";
import { withCommission, type BrokerExecution } from "./account.ts";

/**
 * Pairs IB's execDetails with its commissionReport (they arrive as two messages) and hands
 * on the execution once it has both. Reports that answer reqExecutions, or that come before
 * their execution, are kept (a bounded few) in case the execution follows.
 */
export class FillAssembler {
  readonly #awaiting = new Map<string, BrokerExecution>();
  readonly #early = new Map<string, CommissionReport>();
  readonly #complete: (x: BrokerExecution) => void;

  constructor(complete: (x: BrokerExecution) => void) {
    this.#complete = complete;
  }

  execution(x: BrokerExecution): void {
    const report = this.#early.get(x.execId);
    if (!report) {
      this.#awaiting.set(x.execId, x);
      return;
    }
    this.#early.delete(x.execId);
    this.#complete(withCommission(x, report));
  }

  commission(report: CommissionReport): void {
    const id = report.execId;
    if (!id) return;
    const x = this.#awaiting.get(id);
    if (!x) {
      if (this.#early.size >= 1000) this.#early.delete(this.#early.keys().next().value!);
      this.#early.set(id, report);
      return;
    }
    this.#awaiting.delete(id);
    this.#complete(withCommission(x, report));
  }
}
