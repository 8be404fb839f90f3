import { toNumber, type Money } from "../../core/money.ts";
import type { Stats } from "./stats.ts";
import type { Drawdown } from "./drawdown.ts";
import type { SeriesStats } from "./series.ts";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const TIME_KEYS = new Set(["start", "end", "peakTime", "troughTime", "recoveryTime"]);

/**
 * Stats as plain JSON: times as ISO-8601 strings, money as numbers (exact decimals printed in
 * their shortest form), null kept as null. Keys are unchanged.
 */
export function statsToJson(stats: Stats | SeriesStats | Drawdown): { [key: string]: Json } {
  const out: { [key: string]: Json } = {};
  for (const [key, value] of Object.entries(stats)) out[key] = toJson(key, value);
  return out;
}

function toJson(key: string, value: unknown): Json {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") {
    if (TIME_KEYS.has(key)) return new Date(value).toISOString();
    return Number.isFinite(value) ? value : null;
  }
  if (typeof value === "boolean" || typeof value === "string") return value;
  if (isMoney(value)) return toNumber(value);
  if (typeof value === "object") return statsToJson(value as Drawdown);
  return null;
}

function isMoney(value: unknown): value is Money {
  return typeof value === "object" && value !== null && "plus" in value && "toFixed" in value;
}
