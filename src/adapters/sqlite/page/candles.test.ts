import { describe, expect, test } from "bun:test";
import { money } from "../../../core/money.ts";
import { openDatabase } from "../db.ts";
import { appendRunInputs, saveRunSetup } from "../run-inputs-repo.ts";
import { startRun } from "../runs-repo.ts";
import { CandlesReader, PAGE_CANDLES } from "./candles.ts";
import type { RunInput } from "../../../engine/run-inputs.ts";

const M = 60_000;
const bar = (slot: number, i: number, close = 100 + i): RunInput => ({ kind: "bar", slot, history: i < 2, bar: { time: i * M, open: close - 1, high: close + 1, low: close - 2, close, volume: 10 * i } });
const fill = (symbol: string, time: number, side: "buy" | "sell"): RunInput => ({
  kind: "event", nested: false, event: { kind: "fill", fill: { orderKey: "k", execId: `e${time}`, symbol, side, qty: 3, price: money("101.5"), commission: money(1), time } },
});

describe("CandlesReader (the status page's price panels)", () => {
  test("the newest run's bars per symbol, a same-time bar replacing the last, fills in market time; new rows only", () => {
    const db = openDatabase(":memory:");
    const old = startRun(db, { kind: "sim", params: {} });
    saveRunSetup(db, old, { symbols: ["OLD"] });
    appendRunInputs(db, old, 0, [bar(0, 1)]);
    const run = startRun(db, { kind: "sim", params: {} });
    saveRunSetup(db, run, { symbols: ["AAA", "BBB"], barSize: "1m" });
    appendRunInputs(db, run, 0, [bar(0, 0), bar(1, 0), bar(0, 1), fill("AAA", 1 * M + 5, "buy"), bar(0, 2), bar(0, 2, 150)]);
    const reader = new CandlesReader();
    const view = reader.read(db);
    expect([view.runId, view.barSize, view.symbols.map((s) => s.symbol)]).toEqual([run, "1m", ["AAA", "BBB"]]);
    const aaa = view.symbols[0]!;
    expect([aaa.t, aaa.c, aaa.v]).toEqual([[0, M, 2 * M], [100, 101, 150], [0, 10, 20]]);
    expect(aaa.fills).toEqual([{ time: M + 5, side: "buy", qty: 3, price: "101.5" }]);
    expect(view.symbols[1]!.fills).toEqual([]);

    appendRunInputs(db, run, 6, [bar(1, 3), fill("BBB", 3 * M, "sell")]);
    const next = reader.read(db);
    expect(next.symbols[1]!.t).toEqual([0, 3 * M]);
    expect(next.symbols[1]!.fills.map((f) => f.side)).toEqual(["sell"]);
  });

  test("keeps only the newest bars, and the fills within them", () => {
    const db = openDatabase(":memory:");
    const run = startRun(db, { kind: "sim", params: {} });
    saveRunSetup(db, run, { symbols: ["AAA"] });
    const n = PAGE_CANDLES + 10;
    appendRunInputs(db, run, 0, [fill("AAA", 0, "buy"), ...Array.from({ length: n }, (_, i) => bar(0, i)), fill("AAA", (n - 1) * M, "sell")]);
    const s = new CandlesReader().read(db).symbols[0]!;
    expect([s.t.length, s.t[0], s.fills.map((f) => f.side)]).toEqual([PAGE_CANDLES, 10 * M, ["sell"]]);
  });

  test("no recorded run yet: no panels", () => {
    expect(new CandlesReader().read(openDatabase(":memory:"))).toEqual({ runId: null, barSize: null, symbols: [] });
  });
});
