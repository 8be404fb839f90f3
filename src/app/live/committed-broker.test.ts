import { describe, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { durableTransaction } from "../../adapters/sqlite/db.ts";
import { GroupCommit } from "../../adapters/sqlite/group-commit.ts";
import { PaperBroker } from "../../backtest/paper-broker.ts";
import { ibFixed } from "../../core/commission/ib-fixed.ts";
import { money } from "../../core/money.ts";
import { intentKey, type OrderIntent } from "../../core/order.ts";
import { Portfolio } from "../../core/portfolio.ts";
import { committedBroker } from "./committed-broker.ts";

const intent = (symbol: string): OrderIntent => ({ key: intentKey("cb", symbol, "buy", 3_600_000), strategy: "cb", signalTime: 3_600_000, symbol, side: "buy", qty: 10, type: "market", tif: "day" });

function rig() {
  const db = new Database(":memory:");
  db.run("CREATE TABLE t (a INTEGER)");
  const group = new GroupCommit(db, { schedule: () => {} });
  const log: string[] = [];
  const paper = new PaperBroker({ commission: ibFixed, funds: new Portfolio(money(1_000_000)) });
  const broker = committedBroker(paper, group, (key) => log.push(`sent ${key}`));
  broker.subscribe((e) => log.push(e.kind === "order" ? `${e.state} ${e.key}` : `fill ${e.fill.orderKey}`));
  /** One turn: the intents written (the store's durable write), then submitted. */
  const turn = (symbols: readonly string[]) => {
    for (const s of symbols) {
      durableTransaction(db, () => db.run("INSERT INTO t VALUES (1)"));
      broker.submit(intent(s));
    }
  };
  return { group, log, turn, broker };
}

describe("committedBroker (paper)", () => {
  test("an order reaches the paper broker only after its group's commit; its answer is handled after it counts as sent, before the next send", () => {
    const r = rig();
    r.turn(["AAPL", "MSFT"]);
    expect(r.log).toEqual([]);
    r.group.flush();
    const [a, m] = [intent("AAPL").key, intent("MSFT").key];
    expect(r.log).toEqual([`sent ${a}`, `acknowledged ${a}`, `sent ${m}`, `acknowledged ${m}`]);
  });

  test("with no group open, a submit goes at once, its answer right after it", () => {
    const r = rig();
    r.broker.submit(intent("NVDA"));
    expect(r.log).toEqual([`sent ${intent("NVDA").key}`, `acknowledged ${intent("NVDA").key}`]);
  });
});
