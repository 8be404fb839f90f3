import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createLogger } from "../../log/logger.ts";
import { embeddedBars } from "../../adapters/embedded/sp500.ts";
import { barArrays } from "../../core/bar.ts";
import { computeFeatures } from "../../ml/features/batch.ts";
import { withStore } from "../data/store.ts";
import { listRegistered, loadUsableModel, promoted } from "./registry.ts";
import { runTrain, type TrainRequest } from "./train.ts";

const dir = mkdtempSync(path.join(os.tmpdir(), "rt-train-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const config = { dataDir: path.join(dir, "data") };
const log = createLogger({ format: "json", quiet: true, secrets: [] });
const common = {
  barSize: "1d",
  from: Date.UTC(2008, 0, 1),
  kinds: ["lr", "gbt"],
  label: { kind: "fwd-ret", horizon: 1, threshold: 0 },
  cv: "time",
  embargo: 1,
  folds: 3,
  seed: 1,
  weights: false,
  save: true,
  promoteIfBetter: true,
} satisfies Omit<TrainRequest, "symbols">;
const base: TrainRequest = { ...common, symbols: ["SPX"] };

describe("train", () => {
  test("saves each model with its spec; a saved model loads and scores the same features", async () => {
    const out = await runTrain(config, { ...base, report: path.join(dir, "r.html") }, log);
    expect(out.models.map((m) => m.model)).toEqual(["lr", "gbt"]);
    for (const m of out.models) {
      expect(m.auc).toBeGreaterThan(0.4);
      expect(m.auc).toBeLessThan(0.6); // daily direction: a coin flip out of sample
      expect(m.testRows).toBeGreaterThan(500);
    }
    expect(out.promotion).toMatchObject({ promoted: true, reason: "no model was promoted" });
    const html = readFileSync(path.join(dir, "r.html"), "utf8");
    for (const part of ["<h2>ROC</h2>", "<h2>Calibration</h2>", "<h2>Folds</h2>", "buy and hold", "<svg"]) expect(html).toContain(part);
    expect(html).not.toMatch(/<script|src="http|href="http/);

    await withStore(config, (db) => {
      expect(listRegistered(db).length).toBe(2);
      const usable = loadUsableModel(db, config.dataDir, out.models[1]!.id);
      const table = computeFeatures(barArrays(embeddedBars()), usable.spec);
      expect(table.names).toEqual(usable.meta.features.names);
      const p = usable.model.predict(table.x);
      expect(p.every((v) => v > 0 && v < 1)).toBe(true);
      expect(promoted(db)?.id).toBe(out.promotion?.id);
    });
  });

  test("--promote-if-better keeps the current model when the candidate has no fresh rows to be compared on", async () => {
    const out = await runTrain(config, { ...base, kinds: ["lr"] }, log);
    expect(out.promotion?.promoted).toBe(false);
    expect(out.promotion?.reason).toMatch(/out-of-sample rows after|not better on the same \d+ rows \(AUC 0\.\d{3} vs 0\.\d{3} for /);
  });

  test("--promote-margin: a candidate must beat the promoted model by more than the margin on the fresh rows", async () => {
    const own = { dataDir: path.join(dir, "margin") };
    const early = await runTrain(own, { ...base, kinds: ["lr"], to: Date.UTC(2015, 11, 31) }, log);
    expect(early.promotion?.promoted).toBe(true);
    const out = await runTrain(own, { ...base, kinds: ["lr"], promoteMargin: 0.99 }, log);
    expect(out.promotion).toMatchObject({ promoted: false, previous: early.promotion?.id });
    expect(out.promotion?.reason).toMatch(/^candidate \S+ is not better by more than 0\.99 on the same \d+ rows \(AUC 0\.\d{3} vs 0\.\d{3} for /);
    expect(out.promotion?.rows).toBeGreaterThan(500); // 2016 on: rows the early model never trained on
  });

  test("a model whose feature code version differs is refused with the reason", async () => {
    await withStore(config, (db) => {
      const row = listRegistered(db)[0]!;
      const metaFile = path.join(config.dataDir, row.dir, "meta.json");
      const meta = JSON.parse(readFileSync(metaFile, "utf8"));
      writeFileSync(metaFile, JSON.stringify({ ...meta, features: { ...meta.features, codeVersion: 0 } }));
      expect(() => loadUsableModel(db, config.dataDir, row.id)).toThrow(/trained on features .* \(feature code version 0\).*retrain/);
    });
  });

  test("a feature CSV trains; its errors name file, line and column", async () => {
    const csv = path.join(dir, "f.csv");
    const lines = ["time,a,b,up"];
    for (let i = 0; i < 300; i++) {
      const a = Math.sin(i * 1.7), b = Math.cos(i * 0.3);
      lines.push(`${new Date(Date.UTC(2020, 0, 1) + i * 86_400_000).toISOString().slice(0, 10)},${a},${b},${a + 0.3 * Math.sin(i * 7.1) > 0 ? 1 : 0}`);
    }
    writeFileSync(csv, lines.join("\n"));
    const out = await runTrain(config, { ...common, featuresFile: csv, labelColumn: "up", kinds: ["lr"], promoteIfBetter: false }, log);
    expect(out.models[0]!.auc).toBeGreaterThan(0.8); // 'a' carries the label
    expect(out.data.features).toBe(2);
    writeFileSync(csv, lines.slice(0, 5).join("\n") + "\n2020-03-01,x,1,0\n");
    await expect(runTrain(config, { ...common, featuresFile: csv, labelColumn: "up" }, log)).rejects.toThrow(`${csv} line 6, column 'a': expected a number, got 'x'`);
    await expect(runTrain(config, { ...common, featuresFile: csv, labelColumn: "down" }, log)).rejects.toThrow("no label column 'down'");
  });

  test("a feature spec file replaces the default spec; a bad one is refused naming the file", async () => {
    const file = path.join(dir, "spec.json");
    writeFileSync(file, JSON.stringify({ name: "small", version: 2, indicators: ["rsi_14", "sma_50"], returns: [1, 5] }));
    const out = await runTrain(config, { ...base, kinds: ["lr"], featureSpecFile: file, save: false, promoteIfBetter: false }, log);
    expect(out.data.features).toBe(4);
    writeFileSync(file, JSON.stringify({ name: "small", version: 1, returns: [0] }));
    await expect(runTrain(config, { ...base, featureSpecFile: file }, log)).rejects.toThrow(`--feature-spec ${file}: feature spec: 'returns'`);
  });

  test("a device, a directory or an oversized spec given as --features/--feature-spec is refused in bounded memory", async () => {
    await expect(runTrain(config, { ...common, featuresFile: dir, labelColumn: "up" }, log)).rejects.toThrow(`--features ${dir}: is a directory, not a file`);
    await expect(runTrain(config, { ...common, featuresFile: "/dev/zero", labelColumn: "up" }, log)).rejects.toThrow("--features /dev/zero: is larger than 256 MiB");
    await expect(runTrain(config, { ...base, featureSpecFile: "/dev/zero" }, log)).rejects.toThrow("--feature-spec /dev/zero: is larger than 1 MiB");
  });
});
