import { describe, expect, test } from "bun:test";
import type { Bar } from "../../core/bar.ts";
import type { Fill } from "../../core/fill.ts";
import { money } from "../../core/money.ts";
import type { PortfolioView } from "../../core/portfolio.ts";
import type { ConfiguredStrategy, StrategyContext } from "../../strategy/types.ts";
import { switchingStrategy } from "./switching.ts";

type Event = string;

/** A strategy that tries to buy on every bar and logs what it saw. */
function probe(id: string, log: Event[], created: string[]): ConfiguredStrategy {
  return {
    name: "probe",
    params: { id: id.charCodeAt(0) },
    create: () => {
      created.push(id);
      return {
        onBar(ctx) {
          const result = ctx.submit({ symbol: ctx.symbol, side: "buy", qty: 1, type: "market", tif: "day" });
          log.push(`${id}@${ctx.bar.time}:${result.kind === "accepted" ? result.key : "muted"}`);
        },
        onFill(fill) {
          log.push(`${id} filled ${fill.orderKey}`);
        },
      };
    },
  };
}

function drive(strategy: ConfiguredStrategy, times: number[], fills: Record<number, string> = {}) {
  const s = strategy.create({ symbol: "X", direction: "long-only", universe: ["X"], indicator: () => { throw new Error("no indicators"); } });
  let bar: Bar = { time: 0, open: 1, high: 1, low: 1, close: 1, volume: 1 };
  const ctx: StrategyContext = {
    symbol: "X",
    get bar() {
      return bar;
    },
    direction: "long-only",
    portfolio: {} as PortfolioView,
    market: { symbols: ["X"], bar: () => undefined, regime: () => undefined },
    position: () => 0,
    entryQty: () => 1,
    submit: () => ({ kind: "accepted", key: `k${bar.time}` }),
    cancel: () => {},
    openOrders: () => [],
  };
  for (const time of times) {
    bar = { ...bar, time };
    const key = fills[time];
    if (key) s.onFill?.({ orderKey: key, symbol: "X", side: "buy", qty: 1, price: money(1), commission: money(1), time } as Fill, ctx);
    s.onBar(ctx);
  }
}

describe("switchingStrategy", () => {
  test("every version sees every bar; only the one in force may trade", () => {
    const log: Event[] = [];
    const created: string[] = [];
    drive(switchingStrategy(probe("A", log, created), [{ fromTime: 3, strategy: probe("B", log, created) }]), [1, 2, 3, 4]);
    expect(created).toEqual(["A", "B"]);
    expect(log).toEqual(["A@1:k1", "B@1:muted", "A@2:k2", "B@2:muted", "A@3:muted", "B@3:k3", "A@4:muted", "B@4:k4"]);
  });

  test("a fill reaches the version that sent the order, even after a switch", () => {
    const log: Event[] = [];
    drive(switchingStrategy(probe("A", log, []), [{ fromTime: 3, strategy: probe("B", log, []) }]), [1, 2, 3, 4], { 3: "k2", 4: "k3" });
    expect(log.filter((e) => e.includes("filled"))).toEqual(["A filled k2", "B filled k3"]);
  });

  test("versions with the same parameters are one instance (its state runs on); no switch is the strategy itself", () => {
    const log: Event[] = [];
    const created: string[] = [];
    const a = probe("A", log, created);
    drive(switchingStrategy(a, [{ fromTime: 2, strategy: probe("B", log, created) }, { fromTime: 3, strategy: a }]), [1, 2, 3]);
    expect(created).toEqual(["A", "B"]);
    expect(log).toEqual(["A@1:k1", "B@1:muted", "A@2:muted", "B@2:k2", "A@3:k3", "B@3:muted"]);
    expect(switchingStrategy(a, [])).toBe(a);
    expect(() => switchingStrategy(a, [{ fromTime: 3, strategy: a }, { fromTime: 3, strategy: a }])).toThrow(/must increase/);
  });
});
