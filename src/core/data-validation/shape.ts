import type { Bar } from "../bar.ts";
import type { DataRejectReason } from "./rejection.ts";

export interface Problem {
  readonly reason: DataRejectReason;
  readonly detail: string;
}

/** A bar's own values: finite, positive prices, non-negative volume, open/close within low..high. */
export function barShapeProblem(bar: Bar): Problem | undefined {
  // The common case, checked without allocating (NaN fails every comparison; the time's finiteness separately).
  const { open, high, low, close, volume } = bar;
  if (Number.isFinite(bar.time) && low > 0 && high < Infinity && volume >= 0 && volume < Infinity && high >= low && open >= low && open <= high && close >= low && close <= high) return undefined;
  return shapeProblemOf(bar);
}

/**
 * Which problem a bar that failed barShapeProblem's check has: apart from the check, which runs
 * every bar, so the JIT compiles the check small and this (rarely) on its own.
 */
function shapeProblemOf(bar: Bar): Problem | undefined {
  const fields = [["time", bar.time], ["open", bar.open], ["high", bar.high], ["low", bar.low], ["close", bar.close], ["volume", bar.volume]] as const;
  for (const [name, v] of fields) {
    if (!Number.isFinite(v)) return { reason: "non-finite", detail: `${name}=${v}` };
  }
  for (const [name, v] of fields.slice(1, 5)) {
    if (v <= 0) return { reason: "non-positive", detail: `${name}=${v}` };
  }
  if (bar.volume < 0) return { reason: "non-positive", detail: `volume=${bar.volume} is negative` };
  if (bar.high < bar.low) return { reason: "inconsistent", detail: `high=${bar.high} < low=${bar.low}` };
  for (const [name, v] of [["open", bar.open], ["close", bar.close]] as const) {
    if (v < bar.low || v > bar.high) return { reason: "inconsistent", detail: `${name}=${v} outside low=${bar.low}..high=${bar.high}` };
  }
  return undefined;
}

/** A top-of-book quote. */
export interface Quote {
  readonly time: number;
  readonly bid: number;
  readonly ask: number;
}

/** Finite positive bid and ask, and bid <= ask (equal is a locked market, allowed). */
export function quoteProblem(q: Quote): Problem | undefined {
  for (const [name, v] of [["time", q.time], ["bid", q.bid], ["ask", q.ask]] as const) {
    if (!Number.isFinite(v)) return { reason: "non-finite", detail: `${name}=${v}` };
  }
  for (const [name, v] of [["bid", q.bid], ["ask", q.ask]] as const) {
    if (v <= 0) return { reason: "non-positive", detail: `${name}=${v}` };
  }
  if (q.bid > q.ask) return { reason: "crossed", detail: `bid=${q.bid} > ask=${q.ask}` };
  return undefined;
}
