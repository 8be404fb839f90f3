/**
 * bun scripts/bench-order-path.ts [orders]
 *
 * CPU of the store's part of one live order, in a loop (docs/performance.md, "Live: CPU on the
 * order path outside the commit"): the pause check, the intent write, the group's opening, its
 * COMMIT (synchronous=FULL) on /dev/shm (no disk: the fsync is nearly free), the send. 500
 * orders first (warm-up), then the timed ones; prints wall and process CPU per order. Run it
 * from two checkouts alternately to compare them.
 */
import { rmSync } from "node:fs";
import { openDatabase } from "../src/adapters/sqlite/db.ts";
import { SqliteStore } from "../src/adapters/sqlite/engine-store.ts";
import { GroupCommit } from "../src/adapters/sqlite/group-commit.ts";
import { pauseCheck, readPause } from "../src/app/control/pause.ts";
import { money } from "../src/core/money.ts";
import { Portfolio } from "../src/core/portfolio.ts";
import type { OrderIntent } from "../src/core/order.ts";

const n = Number(process.argv[2] ?? 3000);
const file = `/dev/shm/bench-order-path-${process.pid}.db`;
const db = openDatabase(file);
const group = new GroupCommit(db, { schedule: () => {} });
const store = new SqliteStore(db, { account: "", mode: "paper", now: Date.now, paperAccount: true });
const pause = pauseCheck(() => readPause(db));
const portfolio = new Portfolio(money(1_000_000));
portfolio.applyFill({ orderKey: "", execId: "opening", symbol: "B001", side: "buy", qty: 10, price: money(100), commission: money(0), time: 0 });
let sent = 0;
const one = (i: number) => {
  // Buys (entries: the pause row is read) and sells of the whole holding (exits: it is not).
  const intent: OrderIntent = { key: `k${i}`, symbol: "B001", side: i % 2 ? "sell" : "buy", qty: 10, type: "market", tif: "day", strategy: "sma-cross", signalTime: i };
  pause.check(intent, portfolio);
  store.recordIntent(intent);
  group.afterCommit(() => void sent++, () => {});
  group.flush();
};
for (let i = 0; i < 500; i++) one(i);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
for (let i = 500; i < 500 + n; i++) one(i);
const wallUs = ((performance.now() - t0) / n) * 1000;
const cpu = process.cpuUsage(cpu0);
console.log(`order path (store part): ${wallUs.toFixed(1)} us/order wall, ${((cpu.user + cpu.system) / n).toFixed(1)} us/order CPU, ${n} orders (${sent} sent)`);
group.close();
db.close();
for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
