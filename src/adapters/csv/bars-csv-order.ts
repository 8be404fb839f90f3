import type { CsvProblem } from "./bars-csv-row.ts";
import { formatBarTime } from "./format-time.ts";

/**
 * More rows older than the row above them than newer: a newest-first file, so one stray row
 * does not flip the order and bury its own error under one per row. A tie goes by the ends.
 */
export function isNewestFirst(times: Float64Array): boolean {
  let down = 0;
  let up = 0;
  for (let i = 1; i < times.length; i++) {
    if (times[i]! < times[i - 1]!) down++;
    else if (times[i]! > times[i - 1]!) up++;
  }
  return down > up || (down === up && times.length >= 2 && times[times.length - 1]! < times[0]!);
}

/** Each row must be later (or, newest first, earlier) than the last good one; no time twice. */
export function orderProblems(times: Float64Array, lineOf: (i: number) => number, newestFirst: boolean, daily: boolean, unit: "line" | "row" = "line"): CsvProblem[] {
  const problems: CsvProblem[] = [];
  let prev = -1;
  for (let i = 0; i < times.length; i++) {
    const time = times[i]!;
    if (prev >= 0) {
      const prevTime = times[prev]!;
      const wrong = time === prevTime || (newestFirst ? time > prevTime : time < prevTime);
      if (wrong) {
        problems.push(orderProblem(time, lineOf(i), prevTime, lineOf(prev), newestFirst, daily, unit));
        continue;
      }
    }
    prev = i;
  }
  return problems;
}

function orderProblem(time: number, line: number, prevTime: number, prevLine: number, newestFirst: boolean, daily: boolean, unit: string): CsvProblem {
  const t = formatBarTime(time, daily);
  const before = `${unit} ${prevLine}'s ${formatBarTime(prevTime, daily)}`;
  if (time === prevTime) return { line, message: `duplicate time ${t} (also on ${unit} ${prevLine})` };
  if (!newestFirst) return { line, message: `time ${t} is before ${before}; rows must be in one time order, each time once` };
  return {
    line,
    message: `time ${t} is after ${before}, but the file is newest first (most rows are older than the row above them); rows must be in one time order, each time once`,
  };
}
