import type { ReconciliationProblem } from "../../adapters/sqlite/engine-store-reconcile.ts";
import type { Difference } from "../../core/reconciliation.ts";

/** One line a person can act on, with the symbol and order key kept as fields. */
export function describeDifference(d: Difference): ReconciliationProblem {
  switch (d.kind) {
    case "position-mismatch":
      return { kind: d.kind, symbol: d.symbol, message: `${d.symbol}: database position ${d.stored} but IB holds ${d.broker}; new ${d.symbol} orders are blocked until they agree` };
    case "duplicate-at-broker":
      return { kind: d.kind, symbol: d.symbol, key: d.key, message: `${d.symbol}: IB has ${d.orderIds.length} orders for one intent ${d.key} (IB order ids ${d.orderIds.join(", ")}); check and cancel the extra one in TWS` };
    case "foreign-execution": {
      const x = d.execution;
      const whose = x.orderKey ? `orderRef '${x.orderKey}' unknown to this database` : "no orderRef (placed outside robotrader)";
      return { kind: d.kind, symbol: x.symbol, message: `${x.symbol}: IB execution ${x.execId} (${x.side ?? "?"} ${x.qty} @ ${x.price.toString()}) has ${whose}; recorded, positions not changed` };
    }
    case "fill-without-commission":
      return { kind: d.kind, symbol: d.symbol, key: d.key, message: `${d.symbol}: IB execution ${d.execId} of ${d.key} has no commission report yet; recorded on a later reconciliation` };
    case "unsent-failed":
      return { kind: d.kind, symbol: d.symbol, key: d.key, message: `${d.symbol}: intent ${d.key} ${d.reason}` };
    case "order-in-doubt":
      return { kind: d.kind, symbol: d.symbol, key: d.key, message: `${d.symbol}: order ${d.key} (IB order id ${d.brokerOrderId}) may have been sent but IB shows no trace of it yet; it is never sent again, and new ${d.symbol} orders are blocked until IB reports it or 'robotrader reconcile accept --symbol ${d.symbol}' gives it up` };
    case "order-lost":
      return { kind: d.kind, symbol: d.symbol, key: d.key, message: `${d.symbol}: order ${d.key} was ${d.state} but IB has no trace of it; marked failed` };
    case "missing-fill":
      return { kind: d.kind, symbol: d.fill.symbol, key: d.fill.orderKey, message: `${d.fill.symbol}: fill ${d.fill.execId} of ${d.fill.orderKey} recovered from IB` };
    case "order-behind":
      return { kind: d.kind, key: d.key, message: `${d.key}: ${d.from} -> ${d.to} from IB's report` };
    case "resend":
      return { kind: d.kind, symbol: d.symbol, key: d.key, message: `${d.symbol}: intent ${d.key} never reached IB; re-sent` };
  }
}
