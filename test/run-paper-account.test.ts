import { afterEach, describe, expect, test } from "bun:test";
import { getPaperAccount } from "../src/adapters/sqlite/engine-store-account.ts";
import { orderEvents } from "../src/adapters/sqlite/orders-repo.ts";
import { PAPER_ORDERS_DIE_WITH_RUNNER } from "../src/app/live/session.ts";
import { buildStatus } from "../src/app/runner/status.ts";
import { fromNewYork } from "../src/core/calendar/index.ts";
import { money } from "../src/core/money.ts";
import { createLogger } from "../src/log/logger.ts";
import type { ConfiguredStrategy } from "../src/strategy/types.ts";
import { count, reader, simSession, tempDir, testConfig, until } from "./run-helpers.ts";

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanup.splice(0).reverse()) c();
});

/** Buys 1 share with a limit at half the last close, good till cancelled: an order that stays working. */
const lowball: ConfiguredStrategy = {
  name: "lowball",
  params: {},
  create: () => ({
    onBar(ctx) {
      if (ctx.openOrders().length === 0 && ctx.position() === 0) ctx.submit({ symbol: ctx.symbol, side: "buy", qty: 1, type: "limit", limitPrice: Math.round(ctx.bar.close * 50) / 100, tif: "gtc" });
    },
  }),
};

function capturingLog() {
  const lines: string[] = [];
  return { lines, log: createLogger({ format: "json", stream: { write: (t: string) => lines.push(t) } }) };
}

describe("run --broker paper: what outlives the runner", () => {
  test("a paper order still working when the run stops is stored as cancelled, saying why; status shows no open order afterwards", async () => {
    const { dir, remove } = tempDir();
    cleanup.push(remove);
    const run = simSession(testConfig(dir), { strategy: lowball, symbols: ["AAPL"] });
    cleanup.push(() => run.stop());
    await run.started;
    const db = reader(dir);
    cleanup.push(() => db.close());
    await until(() => count(db, "SELECT count(*) AS n FROM orders WHERE state = 'acknowledged'") >= 1, 60_000);
    run.stop();
    const summary = await run.summary;
    const rows = db.query("SELECT order_ref, state, last_error FROM orders WHERE state <> 'rejected'").all() as { order_ref: string; state: string; last_error: string | null }[];
    expect(rows.length).toBe(1);
    expect(rows[0]).toMatchObject({ state: "cancelled", last_error: PAPER_ORDERS_DIE_WITH_RUNNER });
    expect(orderEvents(db, rows[0]!.order_ref).at(-1)).toMatchObject({ state: "cancelled", detail: { reason: PAPER_ORDERS_DIE_WITH_RUNNER } });
    expect(summary.orders).toMatchObject({ cancelled: 1 });
    expect(buildStatus(db, { now: Date.now() }).orders.filter((o) => !["filled", "cancelled", "rejected", "failed"].includes(o.state))).toEqual([]);
  }, 90_000);

  test("the paper account (cash, realized P&L, commissions) is stored on every fill and a restart continues from it; a different --cash is a warning, not a reset", async () => {
    const { dir, remove } = tempDir();
    cleanup.push(remove);
    const db = reader(dir);
    cleanup.push(() => db.close());
    const first = simSession(testConfig(dir), { cash: 50_000 });
    cleanup.push(() => first.stop());
    const { session: books } = await first.started;
    await until(() => count(db, "SELECT count(*) AS n FROM fills WHERE side = 'sell'") >= 1, 60_000);
    first.stop();
    await first.summary;

    // The stored account is the fills booked on the seed, exactly.
    const fills = db.query("SELECT side, qty, price, commission, realized_pnl FROM fills").all() as { side: string; qty: number; price: string; commission: string; realized_pnl: string }[];
    let cash = money(50_000);
    let realized = money(0);
    let commissions = money(0);
    for (const f of fills) {
      const value = money(f.price).times(f.qty);
      cash = (f.side === "buy" ? cash.minus(value) : cash.plus(value)).minus(f.commission);
      realized = realized.plus(f.realized_pnl);
      commissions = commissions.plus(f.commission);
    }
    const stored = getPaperAccount(db, "")!;
    expect(stored.startingCash.toString()).toBe("50000");
    expect(stored.cash.toString()).toBe(cash.toString());
    expect(stored.realizedPnl.toString()).toBe(realized.toString());
    expect(stored.commissions.toString()).toBe(commissions.toString());
    expect(stored.cash.toString()).toBe(books.portfolio.cash.toString());

    const { lines, log } = capturingLog();
    const second = simSession(testConfig(dir), { cash: 100_000, log });
    cleanup.push(() => second.stop());
    const { session } = await second.started;
    // The books start from the stored cash (positions from the first run booked back at cost), not from --cash.
    expect(session.portfolio.cash.toString()).toBe(stored.cash.toString());
    second.stop();
    await second.summary;
    const text = lines.join("");
    expect(text).toContain("paper account: continuing from the database");
    expect(text).toContain("--cash 100000.00 USD ignored: the paper account already exists (seeded with 50000.00 USD)");
  }, 120_000);
});

describe("run --sim across a replayed night", () => {
  test("the replay's jump from one close to the next open makes no bar stale", async () => {
    const { dir, remove } = tempDir();
    cleanup.push(remove);
    const run = simSession(testConfig(dir), { symbols: ["AAPL", "MSFT"], sim: { speed: 600, start: "2019-04-23 15:40" } });
    cleanup.push(() => run.stop());
    const { sim, session } = await run.started;
    await until(() => sim!.marketTime > fromNewYork("2019-04-24", 9 * 60 + 50) && session.bars().live >= 6, 60_000);
    run.stop();
    const summary = await run.summary;
    expect(summary.dataRejected).toEqual({});
  }, 90_000);
});
