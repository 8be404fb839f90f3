// `bun run bench [--quick]`: backtest throughput (sma-cross 10/30, ib-fixed, next-open fills, exact money)
// over generated random walks, single-threaded; then indicator throughput (bench-indicators.ts),
// then ML model training speed against scikit-learn / xgboost reference figures (bench-ml.ts).
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
const RUNS = 7;

function bench(c: Case, strategyName: "sma-cross" | "buy-and-hold"): void {
  const feed = new HistoricalFeed(Array.from({ length: c.symbols }, (_, i) => randomWalkSeries(`S${i}`, c.bars, 1234 + i)));
  const strategy = strategyName === "sma-cross" ? configureStrategy("sma-cross", { fast: 10, slow: 30 }) : configureStrategy("buy-and-hold");
  const times: number[] = [];
  let fills = 0;
  for (let r = 0; r < RUNS + 1; r++) {
    // Each run starts from a collected heap, as a real backtest starts in a fresh process:
    // otherwise the garbage of the previous runs (fills, trades) is collected inside this one.
    Bun.gc(true);
    const t0 = Bun.nanoseconds();
    const result = runBacktest({ feed, strategy });
    const ms = (Bun.nanoseconds() - t0) / 1e6;
    if (r > 0) times.push(ms); // the first run warms up the JIT (and packs the feed)
    fills = result.fills.length;
  }
  times.sort((a, b) => a - b);
  const bars = c.symbols * c.bars;
  const rate = (ms: number) => ((bars / ms) * 1000) / 1e6;
  const median = times[Math.floor(times.length / 2)]!;
  console.log(
    `${strategy.name.padEnd(12)} ${c.name.padEnd(26)} ${fills.toLocaleString("en-US").padStart(7)} fills  ` +
      `median ${median.toFixed(0).padStart(5)} ms = ${rate(median).toFixed(1).padStart(5)} M bars/s  (best ${rate(times[0]!).toFixed(1)})`,
  );
}

console.log(`Backtest throughput (Bun ${Bun.version}, single thread, median and best of ${RUNS} runs after a warm-up, heap collected before each)`);
for (const c of CASES) bench(c, "sma-cross");
for (const c of CASES) bench(c, "buy-and-hold");

console.log("");
const indicators = Bun.spawn([process.execPath, "run", new URL("./bench-indicators.ts", import.meta.url).pathname], { stdout: "inherit", stderr: "inherit" });
const indicatorsExit = await indicators.exited;
console.log("");
const ml = Bun.spawn([process.execPath, "run", new URL("./bench-ml.ts", import.meta.url).pathname], { stdout: "inherit", stderr: "inherit" });
process.exitCode = indicatorsExit || (await ml.exited);
