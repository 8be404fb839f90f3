import { describe, expect, test } from "bun:test";
import { openDatabase } from "../../adapters/sqlite/db.ts";
import { RegimeReader } from "../../adapters/sqlite/page/regime.ts";
import { saveRunnerRegimes } from "../../adapters/sqlite/runner-regimes-repo.ts";
import type { RegimeView } from "../../strategy/api/public-types.ts";
import { RegimeTracker } from "./regimes.ts";

describe("the runner's regimes for the status page", () => {
  test("labels per traded symbol and the market; since = when a change of label was seen, unknown before", () => {
    const now: Record<string, RegimeView | undefined> = { AAPL: undefined, MSFT: { trend: "bull", vol: "low-vol" } };
    let market: RegimeView | undefined;
    const times: Record<string, number> = { MSFT: 1000 };
    const t = new RegimeTracker({ source: { regime: (s) => (s === undefined ? market : now[s]) }, symbols: ["AAPL", "MSFT"], marketSymbol: "SPX", barSize: "1m", lastBarTime: (s) => times[s] });
    expect(t.read()).toEqual({
      barSize: "1m", market: null,
      symbols: [{ symbol: "AAPL", label: null, asOf: null, since: null }, { symbol: "MSFT", label: "bull low-vol", asOf: 1000, since: null }],
    });
    now["AAPL"] = { trend: undefined, vol: "high-vol" }; // warm-up ended: its start is not known
    now["MSFT"] = { trend: "bear", vol: "low-vol" };
    market = { trend: "sideways", vol: "normal-vol" };
    times["AAPL"] = 2000;
    times["MSFT"] = 2000;
    times["SPX"] = 2000;
    const second = t.read();
    expect(second.symbols).toEqual([{ symbol: "AAPL", label: "unknown high-vol", asOf: 2000, since: null }, { symbol: "MSFT", label: "bear low-vol", asOf: 2000, since: 2000 }]);
    expect(second.market).toEqual({ symbol: "SPX", label: "sideways normal-vol", asOf: 2000, since: null });
    times["MSFT"] = 3000;
    expect(t.read().symbols[1]).toEqual({ symbol: "MSFT", label: "bear low-vol", asOf: 3000, since: 2000 });

    // The panel lists the runner's symbols first (source runner), then other stored series.
    const db = openDatabase(":memory:");
    saveRunnerRegimes(db, second, 5000);
    const view = new RegimeReader().read(db, 10_000);
    expect(view.symbols).toEqual([
      { symbol: "AAPL", barSize: "1m", source: "runner", asOf: 2000, label: "unknown high-vol", probability: null, since: null },
      { symbol: "MSFT", barSize: "1m", source: "runner", asOf: 2000, label: "bear low-vol", probability: null, since: 2000 },
    ]);
    expect(view.market?.rules).toMatchObject({ symbol: "SPX", source: "runner", label: "sideways normal-vol" });
  });
});
