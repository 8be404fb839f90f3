import { barProblem, type Bar } from "../../../core/bar.ts";
import { parseIbDate } from "./ib-date.ts";

/** One IB bar row -> a domain Bar, or a message saying why it was refused. */
export function barFromIb(date: string | number, open: number, high: number, low: number, close: number, volume: number): Bar | string {
  const time = typeof date === "number" ? date * 1000 : parseIbDate(String(date));
  if (time === undefined || !Number.isFinite(time)) return `bar date ${JSON.stringify(date)} is not an IB date`;
  // IB sends -1 for "no volume" on some series; we keep that as 0 volume, never as made-up trades.
  const bar: Bar = { time, open, high, low, close, volume: volume === -1 ? 0 : Number(volume) };
  const problem = barProblem(bar);
  return problem === undefined ? bar : `bar at ${JSON.stringify(date)}: ${problem}`;
}
