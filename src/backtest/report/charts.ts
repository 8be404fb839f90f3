import { lineChart } from "./chart.ts";
import { pct, usd } from "./format.ts";
import { drawdownSeries } from "../stats/drawdown.ts";

type Columns = { readonly time: ArrayLike<number>; readonly value: ArrayLike<number> };

export function equityChart(equity: Columns, benchmark: Columns | undefined, initialCash: number): string {
  const series = [];
  if (benchmark && benchmark.value.length > 0) {
    // Shown as the same starting capital put into buy-and-hold, whatever units it came in.
    const scale = initialCash / benchmark.value[0]!;
    series.push({ times: benchmark.time, values: Float64Array.from(benchmark.value, (v) => v * scale), cls: "bench" });
  }
  series.push({ times: equity.time, values: equity.value, cls: "equity" });
  return lineChart({ id: "equity", label: "Strategy equity against buy-and-hold", height: 300, series, yFormat: (v) => usd(Math.round(v)).replace(/\.00$/, "") });
}

export function drawdownChart(equity: Columns, benchmark: Columns | undefined, initialCash: number): string {
  const negative = (s: Columns, base: number) => Float64Array.from(drawdownSeries(s.value, base), (d) => -d);
  const series: { times: ArrayLike<number>; values: Float64Array; cls: string; area?: boolean }[] = [
    { times: equity.time, values: negative(equity, initialCash), cls: "drawdown", area: true },
  ];
  if (benchmark && benchmark.value.length > 0) {
    series.push({ times: benchmark.time, values: negative(benchmark, benchmark.value[0]!), cls: "bench" });
  }
  return lineChart({ id: "drawdown", label: "Drawdown from the running peak", height: 190, series, includeZero: true, yFormat: (v) => pct(v, 0) });
}
