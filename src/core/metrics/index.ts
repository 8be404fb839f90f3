export { Counter, type CounterSummary } from "./counter.ts";
export {
  BUCKET_COUNT,
  bucketIndex,
  bucketValue,
  HIGHEST_MS,
  LatencyHistogram,
  LOWEST_MS,
  type HistogramJson,
  type LatencySummary,
} from "./latency-histogram.ts";
export {
  COUNTER,
  LATENCY,
  MetricsRegistry,
  THROUGHPUT,
  type LatencyMetric,
  type LatencyRecorder,
  type MetricsSnapshot,
} from "./registry.ts";
export { Throughput, type ThroughputSummary } from "./throughput.ts";
