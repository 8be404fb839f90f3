import { describe, expect, test } from "bun:test";
import { openDatabase } from "../db.ts";
import { insertSignal } from "../snapshots-repo.ts";
import { insertModel } from "../models-repo.ts";
import { RegimeReader } from "./regime.ts";
import { PREDICTION_KIND, readModelsLive } from "./predictions.ts";
import { readLatestSignals, SignalsReader } from "./signals.ts";

describe("a model's live predictions", () => {
  test("hit rate per model from consecutive predictions per symbol (p >= 0.5 vs next close higher); last predictions newest first; not shown as decisions", () => {
    const db = openDatabase(":memory:");
    const predict = (symbol: string, barTime: number, close: number, p: number, model = "m1") =>
      insertSignal(db, { runId: null, time: barTime, strategy: "ml", symbol, kind: PREDICTION_KIND, value: { barTime, close, p, model } });
    insertSignal(db, { runId: null, time: 1, strategy: "ml", symbol: "A", kind: "buy", value: { barTime: 1 } });
    // A: up (p .7) then 101 > 100: hit; down (p .4) then 102 > 101: miss; up (p .6) then 101 < 102: miss.
    predict("A", 1, 100, 0.7);
    predict("B", 1, 50, 0.2); // B: down then 49 < 50: hit (interleaved with A: pairs are per symbol)
    predict("A", 2, 101, 0.4);
    predict("B", 2, 49, 0.9);
    predict("A", 3, 102, 0.6);
    predict("A", 4, 101, 0.5);
    predict("C", 1, 10, 0.9, "m2"); // alone: nothing scored yet
    const live = readModelsLive(db);
    expect(live.get("m1")).toEqual({
      scored: 4, hitRate: 0.5,
      last: [{ symbol: "A", barTime: 4, close: 101, p: 0.5 }, { symbol: "A", barTime: 3, close: 102, p: 0.6 }, { symbol: "B", barTime: 2, close: 49, p: 0.9 }, { symbol: "A", barTime: 2, close: 101, p: 0.4 }, { symbol: "B", barTime: 1, close: 50, p: 0.2 }],
    });
    expect(live.get("m2")).toMatchObject({ scored: 0, hitRate: null });
    // The Regime & Models panel: each trained model with its live record.
    for (const id of ["m1", "m2", "m3"]) insertModel(db, { id, kind: "logistic", createdAt: 1, featureHash: "h", featureSpec: "{}", label: "up", symbols: ["A"], cv: "{}", auc: 0.55, metrics: {}, dir: id, version: "1" });
    const models = new RegimeReader().read(db, 1_000).models;
    expect(models.map((m) => [m.id, m.hitRate, m.scored, m.lastPredictions.length])).toEqual([["m1", 0.5, 4, 5], ["m2", null, 0, 1], ["m3", null, 0, 0]]);
    // The signals panel keeps the decisions: the buy, not the predictions after it.
    expect(readLatestSignals(db).map((s) => `${s.symbol}:${s.kind}`)).toEqual(["A:buy"]);
    expect(new SignalsReader().read(db).map((s) => `${s.symbol}:${s.kind}`)).toEqual(["A:buy"]);
  });
});
