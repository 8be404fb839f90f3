import { describe, expect, test } from "bun:test";
import { ibFixed } from "../../core/commission/ib-fixed.ts";
import { money } from "../../core/money.ts";
import { Portfolio } from "../../core/portfolio.ts";
import { Engine } from "../../engine/engine.ts";
import type { BrokerListener } from "../../engine/ports.ts";
import type { RunInput } from "../../engine/run-inputs.ts";
import { configureStrategy } from "../../strategy/registry.ts";
import { HistoricalFeed } from "../historical-feed.ts";
import { randomWalkSeries } from "../random-walk.ts";
import { SimulatedBroker } from "../simulated-broker.ts";
import { replayRun } from "./run.ts";
import type { RecordedSetup } from "./setup.ts";

const setup: RecordedSetup = {
  strategy: { name: "sma-cross", params: { fast: 3, slow: 8 } }, symbols: ["AAA", "BBB"], direction: "long-only",
  sizing: { kind: "qty", qty: 10 }, exits: { stopLossPct: 0, takeProfitPct: 0 }, books: { cash: "100000", positions: [] },
  barSize: "1d", broker: "paper", mode: "paper",
};

/** Records, by hand and in order, what an engine with a simulated broker consumes over two random walks. */
function record(): RunInput[] {
  const inputs: RunInput[] = [];
  let inBar = false;
  const portfolio = new Portfolio(money(100_000));
  const sim = new SimulatedBroker({ commission: ibFixed, slippageBps: 0, funds: portfolio });
  const broker = {
    submit: sim.submit.bind(sim), cancel: sim.cancel.bind(sim), onBar: sim.onBar.bind(sim),
    subscribe: (l: BrokerListener) => sim.subscribe((event) => (inputs.push({ kind: "event", event, nested: inBar }), l(event))),
  };
  const engine = new Engine({
    strategy: configureStrategy("sma-cross", setup.strategy.params), symbols: setup.symbols, broker, portfolio, sizing: setup.sizing,
    store: { recordIntent: (intent) => inputs.push({ kind: "intent", intent }), recordOrderUpdate() {}, recordFill() {}, recordRefusal: (intent, refusal) => inputs.push({ kind: "refusal", intent, refusal }) },
  });
  new HistoricalFeed([randomWalkSeries("AAA", 300, 7), randomWalkSeries("BBB", 300, 11)]).run({
    bar(slot, bar) {
      inputs.push({ kind: "bar", slot, bar: { ...bar }, history: false });
      inBar = true;
      engine.bar(slot, bar);
      inBar = false;
    },
    timeEnd() {},
  });
  return inputs;
}

const strategy = configureStrategy("sma-cross", setup.strategy.params);

describe("replayRun", () => {
  test("the same inputs and setup give the same orders, every one", () => {
    const inputs = record();
    const r = replayRun({ inputs, setup, strategy });
    expect(r.orders).toBeGreaterThan(4);
    expect(r).toMatchObject({ identical: r.orders, firstDivergence: null, bars: 600 });
  });

  test("an order the run made and the replay did not, and one the replay made and the run did not, are each the first divergence", () => {
    const inputs = record();
    const third = inputs.filter((x) => x.kind === "intent")[2]!;
    if (third.kind !== "intent") throw new Error("unreachable");
    // The run made an extra order (as if the strategy had then been different): the replay has none for it.
    const extra: RunInput = { kind: "intent", intent: { ...third.intent, key: `${third.intent.key}:x` } };
    const withExtra = [...inputs.slice(0, inputs.indexOf(third) + 1), extra, ...inputs.slice(inputs.indexOf(third) + 1)];
    const missing = replayRun({ inputs: withExtra, setup, strategy });
    expect(missing.identical).toBe(3);
    expect(missing.firstDivergence).toMatchObject({ order: 4, replayed: null, recorded: { key: `${third.intent.key}:x` } });
    expect(missing.firstDivergence!.bars.every((b) => b.symbol === third.intent.symbol)).toBe(true);

    // The run's third order is gone from the recording: the replay's third order has no counterpart.
    const without = inputs.filter((x) => x !== third);
    const added = replayRun({ inputs: without, setup, strategy });
    expect(added.identical).toBe(2);
    expect(added.firstDivergence).toMatchObject({ order: 3, recorded: null, replayed: { key: third.intent.key, qty: 10 } });
  });

  test("a different quantity is named as the differing field", () => {
    const inputs = record();
    const r = replayRun({ inputs, setup: { ...setup, sizing: { kind: "qty", qty: 11 } }, strategy });
    expect(r.identical).toBe(0);
    expect(r.firstDivergence).toMatchObject({ order: 1, fields: ["qty"], recorded: { qty: 10 }, replayed: { qty: 11 } });
  });
});
