import { describe, expect, test } from "bun:test";
import { SimulatedBroker } from "../backtest/simulated-broker.ts";
import type { Bar } from "../core/bar.ts";
import { noCommission } from "../core/commission/none.ts";
import { money } from "../core/money.ts";
import type { OrderIntent } from "../core/order.ts";
import { Portfolio } from "../core/portfolio.ts";
import { configureStrategy } from "../strategy/registry.ts";
import { buildPipeline, type PipelineOptions } from "./pipeline.ts";
import { plainSetup } from "./trading-setup.ts";

const DAY = 86_400_000;
/** Buy on day 0, filled at 100 on day 1's open, then a steady climb of 0.5 a day. */
const bars: Bar[] = Array.from({ length: 8 }, (_, i) => {
  const price = 100 + Math.max(0, i - 1) * 0.5;
  return { time: i * DAY, open: price, high: price, low: price, close: price, volume: 1000 };
});

/** The intents a pipeline stores over `bars`, with a 1% take profit. */
function intents(hooks: PipelineOptions["hooks"]): OrderIntent[] {
  const stored: OrderIntent[] = [];
  const portfolio = new Portfolio(money(100_000));
  const { sink } = buildPipeline({
    setup: { ...plainSetup({ sizing: { kind: "qty", qty: 10 } }), exits: { stopLossPct: 0, takeProfitPct: 1, trailingStopPct: 0 } },
    strategy: configureStrategy("buy-and-hold"),
    symbols: ["AAA"],
    broker: new SimulatedBroker({ commission: noCommission, slippageBps: 0, funds: portfolio }),
    portfolio,
    store: { recordIntent: (i) => void stored.push(i), recordOrderUpdate() {}, recordFill() {}, recordRefusal() {} },
    now: () => 0,
    killSwitch: { read: () => ({ on: false }), trip() {} },
    isHistory: () => false,
    isWarmUp: () => false,
    ...(hooks ? { hooks } : {}),
  });
  for (const bar of bars) {
    sink.bar(0, bar);
    sink.timeEnd(bar.time);
  }
  return stored;
}

describe("PipelineSink protective exits", () => {
  test("an exit is submitted whether or not a hook listens (replay listens to none)", () => {
    const heard: string[] = [];
    const withHook = intents({ onExit: (_symbol, _bar, exit, result) => void heard.push(`${exit.reason} ${result.kind}`) });
    const without = intents(undefined);
    // Cost 100, take profit at 101: the close of 101 on day 3 sells the 10 shares.
    expect(withHook.map((i) => [i.side, i.qty, i.signalTime])).toEqual([["buy", 10, 0], ["sell", 10, 3 * DAY]]);
    expect(heard).toEqual(["take-profit accepted"]);
    expect(without).toEqual(withHook);
  });
});
