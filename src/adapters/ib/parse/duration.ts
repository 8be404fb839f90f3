import type { BarSize } from "../../../core/bar.ts";

export type DurationUnit = "S" | "D" | "W" | "M" | "Y";

/** IB's durationStr: "30 D", "5 Y", "3600 S". */
export interface Duration {
  readonly count: number;
  readonly unit: DurationUnit;
}

const UNIT_MS: Record<DurationUnit, number> = {
  S: 1_000,
  D: 86_400_000,
  W: 7 * 86_400_000,
  M: 30 * 86_400_000,
  Y: 365 * 86_400_000,
};

/** Parses "5 Y" (also "5Y", "5 years", "30 days"); undefined when it is not a duration. */
export function parseDuration(text: string): Duration | undefined {
  const m = /^\s*(\d+)\s*([a-zA-Z]+)\s*$/.exec(text);
  if (!m) return undefined;
  const count = Number(m[1]);
  const word = m[2]!.toUpperCase();
  const unit = (["S", "D", "W", "M", "Y"] as const).find((u) => word === u || word.startsWith(u === "S" ? "SEC" : u === "D" ? "DAY" : u === "W" ? "WEEK" : u === "M" ? "MONTH" : "YEAR"));
  if (!unit || !Number.isInteger(count) || count <= 0) return undefined;
  return { count, unit };
}

export function formatDuration(d: Duration): string {
  return `${d.count} ${d.unit}`;
}

/** Calendar span of a duration (months as 30 days, years as 365), for chunking and resume. */
export function durationMs(d: Duration): number {
  return d.count * UNIT_MS[d.unit];
}

/**
 * The longest duration IB serves in one request for each bar size, from IB's table of
 * valid duration / bar-size combinations (historical_bars.html); longer spans are chunked.
 */
export const MAX_DURATION: Record<BarSize, Duration> = {
  "1s": { count: 1800, unit: "S" },
  "5s": { count: 3600, unit: "S" },
  "1m": { count: 1, unit: "D" },
  "5m": { count: 1, unit: "W" },
  "15m": { count: 1, unit: "W" },
  "30m": { count: 1, unit: "M" },
  "1h": { count: 1, unit: "M" },
  "1d": { count: 1, unit: "Y" },
  "1w": { count: 2, unit: "Y" },
};
