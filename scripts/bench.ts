// `bun run bench`: backtest engine throughput (sma-cross 10/30 on random walks), then indicators.
import { HistoricalFeed } from "../src/backtest/historical-feed.ts";
import { randomWalkSeries } from "../src/backtest/random-walk.ts";
import { runBacktest } from "../src/backtest/run-backtest.ts";
import { configureStrategy } from "../src/strategy/registry.ts";

interface Case {
  readonly name: string;
  readonly symbols: number;
  readonly bars: number;
}

const CASES: readonly Case[] = [
  { name: "1 symbol x 1,000,000 bars", symbols: 1, bars: 1_000_000 },
  { name: "500 symbols x 5,000 bars", symbols: 500, bars: 5_000 },
];
const RUNS = 5;

function bench(c: Case): void {
  const feed = new HistoricalFeed(Array.from({ length: c.symbols }, (_, i) => randomWalkSeries(`S${i}`, c.bars, 1234 + i)));
  const strategy = configureStrategy("sma-cross", { fast: 10, slow: 30 });
  const times: number[] = [];
  let trades = 0;
  for (let r = 0; r < RUNS + 1; r++) {
    const t0 = Bun.nanoseconds();
    const result = runBacktest({ feed, strategy });
    const ms = (Bun.nanoseconds() - t0) / 1e6;
    if (r > 0) times.push(ms); // the first run warms up the JIT
    trades = result.trades.length;
  }
  times.sort((a, b) => a - b);
  const best = times[0]!;
  const median = times[Math.floor(times.length / 2)]!;
  const bars = c.symbols * c.bars;
  const rate = (ms: number) => ((bars / ms) * 1000 / 1e6).toFixed(1);
  console.log(
    `sma-cross 10/30  ${c.name.padEnd(28)} ${trades.toString().padStart(7)} trades  ` +
      `median ${median.toFixed(1).padStart(7)} ms = ${rate(median).padStart(5)} M bars/s   best ${rate(best).padStart(5)} M bars/s`,
  );
}

console.log(`robotrader bench: ${Bun.version}, ${navigator.hardwareConcurrency} cores available, single-threaded, median of ${RUNS} runs after 1 warm-up`);
for (const c of CASES) bench(c);

const indicators = "./bench-indicators.ts";
if (await Bun.file(new URL(indicators, import.meta.url)).exists()) {
  console.log("");
  await import(indicators);
}
