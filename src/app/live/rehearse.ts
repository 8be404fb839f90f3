import { openDatabase } from "../../adapters/sqlite/db.ts";
import { SqliteStore } from "../../adapters/sqlite/engine-store.ts";
import { GroupCommit } from "../../adapters/sqlite/group-commit.ts";
import { PaperBroker } from "../../backtest/paper-broker.ts";
import { barSizeMs } from "../../core/bar.ts";
import { commissionModel } from "../../core/commission/index.ts";
import { money } from "../../core/money.ts";
import { Portfolio } from "../../core/portfolio.ts";
import { buildPipeline } from "../../engine/pipeline.ts";
import type { TradingSetup } from "../../engine/trading-setup.ts";
import { configureStrategy } from "../../strategy/registry.ts";
import { committedBroker } from "./committed-broker.ts";

/** The rehearsal's own symbol and cash: nothing of it reaches the runner's books or store. */
const SYMBOL = "REHEARSAL";
const CASH = 1_000_000;
const BARS = 4;

/**
 * Runs one order through the live order path before the first live bar, on throwaway parts:
 * the same setup's pipeline (validator, engine, every risk rule, exits), a SQLite store in
 * memory, the group commit, the committed paper broker, a buy on the first bar filled on the
 * next. The runner's first order otherwise runs all of that code for the first time (the
 * engine compiles each function on its first call and runs it slowly for its first few),
 * which made it the session's slowest order by 3-9 ms (docs/performance.md, live). Nothing
 * here touches the runner's store, books, metrics or log; the market calendar's memo of the
 * day `at` falls in is filled as the first order would fill it. Returns the orders it sent.
 */
export function rehearseOrderPath(setup: TradingSetup, at: number): number {
  const db = openDatabase(":memory:");
  const commits = new GroupCommit(db, { schedule: () => {} });
  try {
    const portfolio = new Portfolio(money(CASH));
    const store = new SqliteStore(db, { account: "", mode: "paper", now: () => at, paperAccount: false });
    const paper = new PaperBroker({ commission: commissionModel(setup.costs.commission), slippageBps: setup.costs.slippageBps, funds: portfolio });
    let sent = 0;
    const broker = committedBroker(paper, commits, () => sent++);
    const pipeline = buildPipeline({
      setup, strategy: configureStrategy("buy-and-hold"), symbols: [SYMBOL], broker, portfolio, store, now: () => at,
      killSwitch: { read: () => ({ on: false }), trip: () => {} },
      isHistory: () => false,
      isWarmUp: () => false,
      gate: { baselines: { load: () => undefined, save: (_day, equity) => equity }, note: () => {} },
    });
    const barMs = barSizeMs(setup.barSize);
    const first = Math.floor(at / barMs) * barMs - (BARS - 1) * barMs;
    for (let i = 0; i < BARS; i++) {
      const time = first + i * barMs;
      const price = 100 + i * 0.01;
      pipeline.sink.bar(0, { time, open: price, high: price + 0.05, low: price - 0.05, close: price, volume: 1_000 });
      commits.flush();
      pipeline.sink.timeEnd(time);
      commits.flush();
    }
    pipeline.engine.close();
    return sent;
  } finally {
    commits.close();
    db.close();
  }
}
