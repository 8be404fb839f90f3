import { COUNTER, LATENCY, MetricsRegistry, THROUGHPUT } from "../../core/metrics/index.ts";

/**
 * The runner's recorders over the standard metric names (core/metrics); the runner
 * services' snapshotter writes the registry to SQLite every few seconds. Latencies are
 * real durations (performance.now), rates per real second, also under --sim.
 */
export class RunMetrics {
  readonly registry = MetricsRegistry.standard();
  readonly dataToSignal = this.registry.latency(LATENCY.dataToSignal);
  readonly signalToOrder = this.registry.latency(LATENCY.signalToOrder);
  readonly barToOrder = this.registry.latency(LATENCY.barToOrder);
  readonly readToOrder = this.registry.latency(LATENCY.readToOrder);
  readonly orderToAck = this.registry.latency(LATENCY.orderToAck);
  readonly dbWrite = this.registry.latency(LATENCY.dbWrite);
  readonly bars = this.registry.throughput(THROUGHPUT.bars);
  readonly orders = this.registry.throughput(THROUGHPUT.orders);
  readonly rejectedData = this.registry.counter(COUNTER.rejectedData);
  readonly refusedOrders = this.registry.counter(COUNTER.refusedOrders);
  readonly reconnects = this.registry.counter(COUNTER.reconnects);
}
