import type { IbBroker, UnsettledOrder } from "../../adapters/ib/execution/ib-broker.ts";
import type { Logger } from "../../log/logger.ts";

export interface SettleOptions {
  readonly broker: IbBroker;
  /** Bound for each step: waiting for answers, then the last reconciliation. */
  readonly timeoutMs: number;
  /** The shutdown reconciliation (records fills whose messages were lost); absent: skipped. */
  readonly reconcile?: () => Promise<unknown>;
  readonly log?: Logger;
}

/**
 * Shutdown settles orders (issue 9): waits, at most `timeoutMs`, until no order is still
 * unacknowledged and no market order still unfilled, then reconciles once more so fills that
 * came (or were lost) meanwhile are recorded. Returns what is still not final: it is listed
 * in the summary and the next start's reconciliation takes it over.
 */
export async function settleOrders(o: SettleOptions): Promise<UnsettledOrder[]> {
  if (o.broker.awaitingAnswers().length > 0) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(finish, o.timeoutMs);
      const off = o.broker.subscribe(() => {
        if (o.broker.awaitingAnswers().length === 0) finish();
      });
      function finish(): void {
        clearTimeout(timer);
        off();
        resolve();
      }
    });
  }
  if (o.reconcile) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, o.timeoutMs)));
    await Promise.race([o.reconcile().catch((error) => o.log?.warn(`shutdown reconciliation failed: ${error instanceof Error ? error.message : String(error)}`)), late]);
    clearTimeout(timer);
  }
  const left = o.broker.unsettled();
  for (const u of left) o.log?.warn(`order ${u.key} (${u.symbol}) is ${u.state} at shutdown; the next start reconciles it with IB`);
  return left;
}
