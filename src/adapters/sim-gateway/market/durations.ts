import { sessionClose, sessionOpen } from "./session-times.ts";

/** IB's bar-size and duration strings ("5 mins", "1 day"; "30 D", "1 Y", "3600 S"). */

export type BarSpec = { readonly kind: "intraday"; readonly seconds: number } | { readonly kind: "daily" } | { readonly kind: "weekly" } | { readonly kind: "monthly" };

const UNIT_SECONDS: Record<string, number> = { sec: 1, secs: 1, min: 60, mins: 60, hour: 3600, hours: 3600 };

/** Bar sizes the simulator serves; intraday ones must be multiples of its 5-second grid. */
export function parseBarSize(text: string): BarSpec | undefined {
  const m = /^\s*(\d+)\s+([a-z]+)\s*$/i.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = m[2]!.toLowerCase();
  if (n === 1 && unit === "day") return { kind: "daily" };
  if (n === 1 && unit === "week") return { kind: "weekly" };
  if (n === 1 && unit === "month") return { kind: "monthly" };
  const per = UNIT_SECONDS[unit];
  if (per === undefined || n <= 0) return undefined;
  const seconds = n * per;
  if (seconds % 5 !== 0 || seconds > 8 * 3600) return undefined;
  return { kind: "intraday", seconds };
}

export interface Duration {
  readonly count: number;
  readonly unit: "S" | "D" | "W" | "M" | "Y";
}

export function parseDuration(text: string): Duration | undefined {
  const m = /^\s*(\d+)\s+([SDWMY])\s*$/.exec(text);
  if (!m) return undefined;
  const count = Number(m[1]);
  if (count <= 0) return undefined;
  return { count, unit: m[2] as Duration["unit"] };
}

/**
 * "N S" counts regular-session seconds back from `end` (nights and weekends skipped), so a
 * request at the open still gets the previous session's last bars.
 */
function sessionSecondsBack(end: number, seconds: number, calendar: readonly number[]): number {
  let left = seconds * 1000;
  let t = end;
  for (let i = calendar.length - 1; i >= 0 && left > 0; i--) {
    const open = sessionOpen(calendar[i]!);
    const close = sessionClose(calendar[i]!);
    if (open >= end) continue;
    const to = Math.min(close, t);
    const span = to - open;
    if (span >= left) return to - left;
    left -= span;
    t = open;
  }
  return t;
}

/**
 * Start instant of a request window ending at `end`. "N S" is session time; "N D" counts N
 * trading sessions back (the running one included); W/M/Y are calendar spans, as at IB.
 */
export function windowStart(d: Duration, end: number, endDate: number, calendar: readonly number[]): number {
  switch (d.unit) {
    case "S":
      return sessionSecondsBack(end, d.count, calendar);
    case "D": {
      let i = calendar.length - 1;
      while (i >= 0 && calendar[i]! > endDate) i--;
      const first = calendar[Math.max(0, i - d.count + 1)];
      return first === undefined ? end : sessionOpen(first);
    }
    case "W":
      return sessionOpen(endDate - (d.count * 7 - 1) * 86_400_000);
    case "M": {
      const t = new Date(endDate);
      return sessionOpen(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() - d.count, t.getUTCDate()) + 86_400_000);
    }
    case "Y": {
      const t = new Date(endDate);
      return sessionOpen(Date.UTC(t.getUTCFullYear() - d.count, t.getUTCMonth(), t.getUTCDate()) + 86_400_000);
    }
  }
}
