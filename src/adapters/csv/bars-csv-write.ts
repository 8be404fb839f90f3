import { isDateBarSize, type Bar, type BarSize } from "../../core/bar.ts";
import { formatBarTime } from "./format-time.ts";

export const EXPORT_HEADER = "time,open,high,low,close,volume";

/**
 * Bars -> CSV that parseBarsCsv reads back to the same bars: times as 2020-01-02 (daily)
 * or ISO UTC, numbers in their shortest exact form (String(n) round-trips float64).
 */
export function formatBarsCsv(bars: Iterable<Bar>, barSize: BarSize): string {
  const daily = isDateBarSize(barSize);
  const lines = [EXPORT_HEADER];
  for (const b of bars) lines.push(`${formatBarTime(b.time, daily)},${b.open},${b.high},${b.low},${b.close},${b.volume}`);
  return lines.join("\n") + "\n";
}
