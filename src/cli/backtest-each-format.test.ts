// `backtest --each` says why its entries did not trade: the refused orders by rule, summed over the
// symbols' own runs, and the size-limit note a single backtest ends with (app/setup/sizing-limit-hint.ts).
import { afterAll, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import * as v from "valibot";
import { barsParquetBytes } from "../adapters/parquet/bars-parquet-write.ts";
import type { BacktestRequest } from "../app/backtest/backtest-request.ts";
import { eachOutcome, runEach } from "../app/backtest/each.ts";
import { stashStats } from "../backtest/walk-forward/shard.ts";
import { randomWalkSeries } from "../backtest/random-walk.ts";
import { AppConfigSchema } from "../config/schema.ts";
import { createLogger } from "../log/logger.ts";
import { eachJson, eachText } from "./backtest-each-format.ts";

const dir = mkdtempSync(path.join(os.tmpdir(), "rt-each-format-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const log = createLogger({ quiet: true, stream: { write: () => true, isTTY: false } as unknown as NodeJS.WriteStream });

test("risk-parity entries refused by the size limits: the batch's text sums them by rule and ends with the note; --json keeps the counts", async () => {
  const catalog = path.join(dir, "cat");
  mkdirSync(path.join(catalog, "1d"), { recursive: true });
  const symbols = ["AAA", "BBB"];
  symbols.forEach((s, i) => writeFileSync(path.join(catalog, "1d", `${s}.parquet`), barsParquetBytes(randomWalkSeries(s, 400, 3 + i, Date.UTC(2010, 0, 4)))));
  const config = v.parse(AppConfigSchema, { dataDir: path.join(dir, "data") });
  const base: BacktestRequest = { symbols, catalog, barSize: "1d", strategy: "sma-cross", params: {}, direction: "long-only", initialCash: 100_000, save: false };

  const sized = await runEach(config, { ...base, setup: { sizing: { kind: "risk-parity", lookback: 20 } } }, { workers: 1 }, log);
  const refused = sized.results.map((r) => r.refusedByRule?.["max-order-value"] ?? 0);
  expect(refused.every((n) => n > 0)).toBe(true);
  const total = refused[0]! + refused[1]!;
  const text = eachText(sized);
  expect(text).toMatch(new RegExp(`Refused orders \\(sum\\) +${total} \\(max-order-value ${total}\\)`));
  expect(text).toContain(`Note: --sizing risk-parity sizes entries as a share of equity, and the [risk] size limits refused ${total} of them`);
  const json = eachJson(sized);
  expect(json.notes).toEqual(sized.notes);
  expect(json.each.map((e) => e.refusedByRule["max-order-value"])).toEqual(refused);

  // Shard files written before the counts by rule were kept merge as before: no row, no note.
  const old = sized.results.map((r) => {
    const { refusedByRule: _r, sizing: _s, limits: _l, ...rest } = r;
    return stashStats(rest);
  });
  const merged = eachOutcome(symbols, 100_000, old);
  expect(merged.notes).toEqual([]);
  expect(eachText(merged)).toContain(`Refused orders (sum)          ${total}\n`);

  // Cash sizing: nothing refused, the text as it was (no row, no note).
  const plain = eachText(await runEach(config, base, { workers: 1 }, log));
  expect(plain).not.toContain("Refused orders");
  expect(plain).not.toContain("Note:");
});
