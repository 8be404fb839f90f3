import type { BarSize } from "../../../core/bar.ts";

/** Our bar sizes and IB's barSizeSetting strings, one to one. */
const TO_IB: Record<BarSize, string> = {
  "1s": "1 secs",
  "5s": "5 secs",
  "1m": "1 min",
  "5m": "5 mins",
  "15m": "15 mins",
  "30m": "30 mins",
  "1h": "1 hour",
  "1d": "1 day",
  "1w": "1 week",
};

const FROM_IB = new Map<string, BarSize>(Object.entries(TO_IB).map(([ours, ib]) => [ib, ours as BarSize]));

export function toIbBarSize(size: BarSize): string {
  return TO_IB[size];
}

/**
 * Reads a bar size in IB's form ("1 day", "5 mins") or ours ("1d", "5m"); undefined when it
 * is neither. Singular/plural slips ("5 min", "1 mins", "1 days") are accepted.
 */
export function parseBarSize(text: string): BarSize | undefined {
  const t = text.trim().toLowerCase().replace(/\s+/g, " ");
  if (t in TO_IB) return t as BarSize;
  const exact = FROM_IB.get(t);
  if (exact) return exact;
  const m = /^(\d+) (sec|secs|second|seconds|min|mins|minute|minutes|hour|hours|day|days)$/.exec(t);
  if (!m) return undefined;
  const unit = m[2]!.startsWith("sec") ? "s" : m[2]!.startsWith("min") ? "m" : m[2]!.startsWith("hour") ? "h" : "d";
  const ours = `${m[1]}${unit}`;
  return ours in TO_IB ? (ours as BarSize) : undefined;
}

export const IB_BAR_SIZES: readonly string[] = Object.values(TO_IB);

/** IB's hard pacing rules apply to bars of 30 seconds or less. */
export function isSmallBarSize(size: BarSize): boolean {
  return size === "1s" || size === "5s";
}
