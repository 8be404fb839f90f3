/**
 * bun scripts/bench-data.ts OUT.csv|OUT.parquet [--bars 1000000]: a seeded random walk of 1-minute
 * bars written as robotrader's CSV export (ISO UTC times) or Parquet export. The benchmark's input files.
 */
import { writeFileSync } from "node:fs";
import { randomWalkSeries } from "../src/backtest/random-walk.ts";

export function benchCsv(bars: number, seed = 1234): string {
  const s = randomWalkSeries("BENCH", bars, seed);
  const start = Date.UTC(2000, 0, 3);
  const parts = ["time,open,high,low,close,volume\n"];
  for (let i = 0; i < bars; i++) {
    const iso = new Date(start + i * 60_000).toISOString().slice(0, 19) + "Z";
    parts.push(`${iso},${s.open[i]},${s.high[i]},${s.low[i]},${s.close[i]},${s.volume[i]}\n`);
  }
  return parts.join("");
}

if (import.meta.main) {
  const out = process.argv[2];
  const i = process.argv.indexOf("--bars");
  const bars = i >= 0 ? Number(process.argv[i + 1]) : 1_000_000;
  if (!out) throw new Error("usage: bun scripts/bench-data.ts OUT.csv|OUT.parquet [--bars N]");
  writeFileSync(out, out.endsWith(".parquet") ? await benchParquet(bars) : benchCsv(bars));
}

/** The same bars as Parquet (robotrader's export layout). */
export async function benchParquet(bars: number, seed = 1234): Promise<Uint8Array> {
  const { barsParquetBytes } = await import("../src/adapters/parquet/bars-parquet-write.ts");
  const s = randomWalkSeries("BENCH", bars, seed);
  const start = Date.UTC(2000, 0, 3);
  return barsParquetBytes({ ...s, time: Float64Array.from({ length: bars }, (_, i) => start + i * 60_000) });
}
